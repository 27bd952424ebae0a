"""The staff dashboard's figures: usage over a date range, portal health, notification backlog.

Core (no web imports): the console's dashboard page asks :class:`DashboardService` for one
:class:`DashboardFigures` and only renders it.

* **Usage** over whole Vietnamese days (questions per day by how the bot answered, people,
  top procedures, 👍/👎, follows) is :func:`bot.stats.usage_stats`, the same figures as
  ``/stats`` in Telegram.
* **Portal health.** The circuit breaker (bot/portal/http.py) lives in the memory of the
  process that polls, and the console may run in another process, so the figures come from
  what the database keeps. Nothing records each request, but every subscription row keeps the
  outcome of its latest poll (``last_polled_at``, ``last_error``: empty after a success, the
  error's class name after a failure; a poll refused by an open breaker writes neither). So
  the *error rate* is the share of subscriptions polled in the last ``window`` whose latest
  poll failed at the portal (unavailable, bad response, refused credentials; "no such
  dossier" is an answer, not an outage). It needs no new table and no write on the polling
  path; the price is that a dossier polled several times in the window counts once. The
  *breaker state* is read live when this process runs the poller; otherwise it is inferred:
  ``open`` when the latest ``failure_threshold`` recorded polls all failed at the portal,
  ``closed`` when the latest one succeeded, ``unknown`` when nothing was polled in the window.
* **Backlog**: outbox rows by state (bot/tracking/outbox.py ``counts``), the age of the oldest
  pending row and the newest dead letters (``dead_letters``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.calendar import vn_date
from bot.db.models import OutboxMessage, Subscription
from bot.portal.errors import CircuitOpen, PortalAuthError, PortalBadResponse, PortalUnavailable
from bot.portal.http import BreakerPolicy, BreakerState
from bot.stats import UsageStats, usage_stats, vn_period
from bot.tracking import outbox
from bot.tracking.outbox import DeadLetter, OutboxState

#: Days shown when the page gives no range, and the longest range accepted.
DEFAULT_DAYS = 30
MAX_DAYS = 366
#: Procedures listed in "top procedures".
TOP_PROCEDURES = 10
#: Dead letters listed on the dashboard (the CLI lists more).
DEAD_LETTERS_SHOWN = 5


def _subclass_names(*roots: type[Exception]) -> frozenset[str]:
    names: set[str] = set()
    todo = list(roots)
    while todo:
        cls = todo.pop()
        names.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return frozenset(names)


#: ``subscriptions.last_error`` values that mean the portal itself failed.
PORTAL_FAILURES = _subclass_names(PortalUnavailable, PortalBadResponse, PortalAuthError) - {
    CircuitOpen.__name__
}


class DateRangeError(ValueError):
    """A date range the dashboard refuses; ``key`` names the text shown to staff."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True, slots=True)
class DateRange:
    """Whole Vietnamese days ``first`` … ``last`` (inclusive)."""

    first: date
    last: date

    @classmethod
    def last_days(cls, today: date, days: int = DEFAULT_DAYS) -> DateRange:
        return cls(today - timedelta(days=days - 1), today)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def bounds(self) -> tuple[datetime, datetime]:
        """[since, until) in UTC."""
        return vn_period(self.first, self.last)


def parse_range(first: str | None, last: str | None, *, today: date) -> DateRange:
    """The range of two ``YYYY-MM-DD`` fields (``<input type="date">``); a missing end is
    today, a missing start is ``DEFAULT_DAYS`` before the end. Raises :class:`DateRangeError`."""
    try:
        end = date.fromisoformat(last) if last else today
        start = date.fromisoformat(first) if first else end - timedelta(days=DEFAULT_DAYS - 1)
    except ValueError as exc:
        raise DateRangeError("con_dash_err_date") from exc
    if start > end:
        raise DateRangeError("con_dash_err_order")
    if (end - start).days + 1 > MAX_DAYS:
        raise DateRangeError("con_dash_err_long")
    return DateRange(start, end)


@dataclass(frozen=True, slots=True)
class PortalHealth:
    """How the portal answered the poller lately (see the module docstring)."""

    breaker: BreakerState | None  # None: unknown (nothing polled lately)
    live: bool  # read from this process's poller, not inferred
    polled: int  # subscriptions polled in the window
    failed: int  # … whose latest poll failed at the portal
    last_poll_at: datetime | None
    window: timedelta

    @property
    def error_rate(self) -> float | None:
        return self.failed / self.polled if self.polled else None


@dataclass(frozen=True, slots=True)
class Backlog:
    """Notifications waiting, undeliverable, and the newest undeliverable ones."""

    states: dict[OutboxState, int]
    oldest_pending_at: datetime | None
    dead_letters: tuple[DeadLetter, ...]

    @property
    def pending(self) -> int:
        return self.states[OutboxState.PENDING] + self.states[OutboxState.SENDING]

    @property
    def dead(self) -> int:
        return self.states[OutboxState.DEAD]


@dataclass(frozen=True, slots=True)
class DashboardFigures:
    period: DateRange
    usage: UsageStats
    portal: PortalHealth
    backlog: Backlog
    generated_at: datetime


def _utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; they are UTC like everything stored."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


async def portal_health(
    session: AsyncSession,
    *,
    now: datetime,
    window: timedelta = timedelta(hours=1),
    failure_threshold: int = BreakerPolicy.failure_threshold,
    live: BreakerState | None = None,
) -> PortalHealth:
    """The portal's health from the latest poll of each subscription (module docstring)."""
    recent = Subscription.last_polled_at >= now - window
    failed_at_portal = Subscription.last_error.in_(sorted(PORTAL_FAILURES))
    polled, failed, last = (
        await session.execute(
            select(
                func.count(),
                func.count().filter(failed_at_portal),
                func.max(Subscription.last_polled_at),
            ).where(recent)
        )
    ).one()
    breaker = live
    if breaker is None and polled:
        latest = (
            await session.scalars(
                select(failed_at_portal)
                .where(recent)
                .order_by(Subscription.last_polled_at.desc())
                .limit(max(1, failure_threshold))
            )
        ).all()
        all_failed = len(latest) >= failure_threshold and all(latest)
        breaker = BreakerState.OPEN if all_failed else BreakerState.CLOSED
    return PortalHealth(
        breaker=breaker,
        live=live is not None,
        polled=int(polled),
        failed=int(failed),
        last_poll_at=_utc(last),
        window=window,
    )


async def backlog(
    sessions: async_sessionmaker[AsyncSession], *, dead_shown: int = DEAD_LETTERS_SHOWN
) -> Backlog:
    """Outbox rows by state, the oldest waiting one and the newest dead letters."""
    states = await outbox.counts(sessions)
    async with sessions() as session:
        oldest = await session.scalar(
            select(func.min(OutboxMessage.created_at)).where(
                OutboxMessage.state.in_([OutboxState.PENDING, OutboxState.SENDING])
            )
        )
    dead = await outbox.dead_letters(sessions, limit=dead_shown) if states[OutboxState.DEAD] else []
    return Backlog(states=states, oldest_pending_at=_utc(oldest), dead_letters=tuple(dead))


def _now() -> datetime:
    return datetime.now(UTC)


class DashboardService:
    """Figures for the console's dashboard; built once in ``build_services``."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        live_breaker: Callable[[], BreakerState | None] = lambda: None,
        failure_threshold: int = BreakerPolicy.failure_threshold,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self._sessions = sessions
        self._live_breaker = live_breaker
        self._failure_threshold = failure_threshold
        self._clock = clock

    def today(self) -> date:
        """Today in Vietnam (the default end of the range)."""
        return vn_date(self._clock())

    def default_range(self) -> DateRange:
        return DateRange.last_days(self.today())

    def parse_range(self, first: str | None, last: str | None) -> DateRange:
        return parse_range(first, last, today=self.today())

    async def figures(self, period: DateRange | None = None) -> DashboardFigures:
        """Every figure of the page."""
        period = period or self.default_range()
        now = self._clock()
        since, until = period.bounds()
        async with self._sessions() as session:
            usage = await usage_stats(session, since=since, until=until, top=TOP_PROCEDURES)
            portal = await portal_health(
                session,
                now=now,
                failure_threshold=self._failure_threshold,
                live=self._live_breaker(),
            )
        return DashboardFigures(
            period=period,
            usage=usage,
            portal=portal,
            backlog=await backlog(self._sessions),
            generated_at=now,
        )
