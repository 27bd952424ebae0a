"""When to poll a followed dossier next: pure functions of its state and the time.

Rules (:func:`next_poll_at`), checked in this order:

1. A **closed** dossier (refused, withdrawn, stopped, result returned) is never polled again:
   ``None``. The subscription's end timer (closed + 30 days) is set by the poller instead.
2. While polls of the dossier **fail**, exponential backoff: ``failure_base × 2^(n-1)``
   capped at ``failure_cap`` ("equal jitter": between half and all of it).
3. ``policy.fixed`` (tests, demo): that interval, nothing else.
4. Otherwise an adaptive interval: ``near`` when the appointment date (ngày hẹn trả) is at
   most ``near_days`` working days away or already past and no result yet; else ``base``,
   multiplied by the ``slow_after`` factor for a dossier unchanged for long; capped at
   ``longest``. That interval applies during office hours (Mon–Fri working days, Vietnam time,
   ``office_open``–``office_close``); a poll that would fall outside them waits for the next
   opening, but never longer than ``off_hours`` (desks sometimes work on Saturday mornings).

``jitter`` (0 ≤ j < 1) is supplied by the caller (a random number in production, fixed in
tests) and spreads polls so that thousands of dossiers do not fall due in the same second.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.calendar import VN_TZ, WorkCalendar, vn_date
from bot.portal import status as st
from bot.portal.status import DossierStatus
from bot.tracking.config import SchedulePolicy


@dataclass(frozen=True)
class PollState:
    """What the schedule looks at (a view of a subscription row)."""

    status: DossierStatus | None
    last_changed_at: datetime | None = None
    appointment_at: datetime | None = None
    failures: int = 0


def backoff(failures: int, policy: SchedulePolicy, jitter: float = 0.0) -> timedelta:
    """Delay after ``failures`` consecutive failed polls (≥ 1): exponential, capped."""
    exponent = min(max(failures - 1, 0), 30)
    full = min(policy.failure_cap, policy.failure_base * (2**exponent))
    return full * (0.5 + 0.5 * _unit(jitter))


def in_office_hours(moment: datetime, policy: SchedulePolicy, calendar: WorkCalendar) -> bool:
    """True on a working day between opening and closing time, Vietnam time."""
    local = moment.astimezone(VN_TZ)
    if not calendar.is_working_day(local.date()):
        return False
    return policy.office_open <= local.time() < policy.office_close


def next_office_open(moment: datetime, policy: SchedulePolicy, calendar: WorkCalendar) -> datetime:
    """The first office opening at or after ``moment`` (``moment`` itself when open)."""
    if in_office_hours(moment, policy, calendar):
        return moment
    local = moment.astimezone(VN_TZ)
    day = local.date()
    if not (calendar.is_working_day(day) and local.time() < policy.office_open):
        day = calendar.next_working_day(day)
    opening = datetime.combine(day, policy.office_open, tzinfo=VN_TZ)
    return opening.astimezone(UTC)


def near_appointment(
    state: PollState, now: datetime, policy: SchedulePolicy, calendar: WorkCalendar
) -> bool:
    """The appointment date is close (or past) and the result is not there yet."""
    if state.appointment_at is None or state.status is None:
        return False
    if st.has_result(state.status) or st.is_closed(state.status):
        return False
    left = calendar.working_days_between(vn_date(now), vn_date(state.appointment_at))
    return left <= policy.near_days


def poll_interval(
    state: PollState, now: datetime, policy: SchedulePolicy, calendar: WorkCalendar
) -> timedelta:
    """The office-hours interval for an open dossier whose last poll succeeded."""
    if near_appointment(state, now, policy, calendar):
        return min(policy.near, policy.longest)
    interval = policy.base
    if state.last_changed_at is not None:
        unchanged = now - state.last_changed_at
        for after, factor in sorted(policy.slow_after, key=lambda rule: rule[0], reverse=True):
            if unchanged > after:
                interval = interval * factor
                break
    return min(interval, policy.longest)


def next_poll_at(
    state: PollState,
    now: datetime,
    policy: SchedulePolicy,
    calendar: WorkCalendar,
    *,
    jitter: float = 0.0,
) -> datetime | None:
    """The next poll time (aware UTC), or ``None`` when the dossier is closed."""
    if state.status is not None and st.is_closed(state.status):
        return None
    now = now.astimezone(UTC)
    if state.failures > 0:
        return now + backoff(state.failures, policy, jitter)
    if policy.fixed is not None:
        return now + policy.fixed
    interval = poll_interval(state, now, policy, calendar)
    candidate = now + interval * (0.8 + 0.4 * _unit(jitter))
    if in_office_hours(candidate, policy, calendar):
        return candidate
    opening = next_office_open(candidate, policy, calendar)
    spread = min(interval, timedelta(minutes=30)) * _unit(jitter)
    return min(opening + spread, now + max(policy.off_hours, interval))


def _unit(value: float) -> float:
    return min(max(value, 0.0), 0.999999)
