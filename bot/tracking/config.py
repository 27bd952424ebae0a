"""Tunables of dossier tracking: poll schedule, leases, pools, retries and alerts.

One :class:`TrackingConfig` is built in the composition root (``TrackingConfig.from_settings``)
and handed to the poller and the sender; tests and the benchmark pass their own (short leases,
a fixed poll interval). Nothing here reads the environment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time, timedelta

from bot.config import Settings

#: The wall clock of the poller, the sender and the service (injectable in tests).
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class SchedulePolicy:
    """How often a dossier is polled (see bot/tracking/schedule.py for the rules)."""

    #: Working hours of the one-stop desks (Vietnam time) on working days.
    office_open: time = time(7, 30)
    office_close: time = time(17, 0)
    base: timedelta = timedelta(hours=1)
    #: Within this many working days of the appointment date, or past it: poll more often.
    near_days: int = 1
    near: timedelta = timedelta(minutes=20)
    #: Outside office hours: at most this long, and not later than the next opening.
    off_hours: timedelta = timedelta(hours=4)
    #: Unchanged for longer than the first value: interval × the second value.
    slow_after: tuple[tuple[timedelta, float], ...] = (
        (timedelta(days=30), 4.0),
        (timedelta(days=7), 2.0),
    )
    longest: timedelta = timedelta(hours=12)
    #: Exponential backoff while polls of a dossier fail.
    failure_base: timedelta = timedelta(minutes=2)
    failure_cap: timedelta = timedelta(hours=6)
    #: When set, every open dossier is polled at this fixed interval (tests, demo).
    fixed: timedelta | None = None


@dataclass(frozen=True)
class TrackingConfig:
    """Everything the poller and the sender need besides the database and the bot."""

    schedule: SchedulePolicy = field(default_factory=SchedulePolicy)
    max_per_user: int = 20
    #: Requests per second the portal allows us (all instances together).
    portal_rps: float = 5.0
    #: Parallel portal requests per process (bounded pool).
    poll_concurrency: int = 16
    #: Subscriptions claimed at once (also bounded by what the budget allows in a lease).
    poll_batch: int = 200
    poll_lease: timedelta = timedelta(minutes=3)
    #: Idle wait between sweeps when nothing is due.
    tick: float = 1.0
    breaker_cooldown: float = 30.0
    portal_attempts: int = 3
    #: Consecutive failed polls after which a subscription ends (dossier gone / no access).
    max_poll_failures: int = 40
    send_batch: int = 50
    send_concurrency: int = 4
    send_lease: timedelta = timedelta(minutes=2)
    #: Hard limit for one send (PTB's rate limiter may wait inside it).
    send_timeout: float = 45.0
    send_max_attempts: int = 8
    send_backoff_base: float = 2.0
    send_backoff_cap: float = 600.0
    #: Result ready but not collected after this many working days: one reminder.
    reminder_after_workdays: int = 2
    #: Closed dossiers are followed this long, then the subscription ends with a message.
    end_after: timedelta = timedelta(days=30)
    #: Graceful stop: wait this long for in-flight polls and sends.
    stop_grace: float = 10.0

    @classmethod
    def from_settings(cls, settings: Settings) -> TrackingConfig:
        return cls(portal_rps=settings.portal_rps)

    def fast(self, interval: float, *, lease: float = 5.0) -> TrackingConfig:
        """A copy for tests and demos: fixed poll interval, short leases and backoff."""
        seconds = timedelta(seconds=interval)
        return replace(
            self,
            schedule=replace(
                self.schedule,
                fixed=seconds,
                failure_base=timedelta(seconds=min(interval, 0.5)),
                failure_cap=timedelta(seconds=max(interval * 4, 2.0)),
            ),
            poll_lease=timedelta(seconds=lease),
            send_lease=timedelta(seconds=lease),
            send_timeout=max(lease / 2, 1.0),
            tick=min(self.tick, max(interval / 2, 0.05)),
            breaker_cooldown=min(self.breaker_cooldown, 1.0),
            send_backoff_base=min(self.send_backoff_base, 0.1),
            send_backoff_cap=min(self.send_backoff_cap, 1.0),
            stop_grace=min(self.stop_grace, 3.0),
        )
