"""When the one-stop centre's staff are at their desks: working days, morning and afternoon.

A hand-off to a person (bot/handoff/) tells the citizen, outside these hours, when staff will
read the message; and hand-offs left without a staff reply for more than a number of
*working hours* are listed for staff. Working days come from `WorkCalendar` (weekends and
Vietnamese public holidays); the sessions of a day are configured
(``DVC_OFFICE_HOURS="07:30-11:30,13:30-17:00"``). All times are Vietnam time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from bot.calendar import VN_TZ, WorkCalendar

__all__ = ["DEFAULT_SESSIONS", "OfficeHours", "Session", "parse_sessions"]

DEFAULT_SESSIONS = "07:30-11:30,13:30-17:00"
#: Looking further ahead than this for the next opening means the calendar is broken.
_MAX_DAYS_AHEAD = 60


@dataclass(frozen=True, slots=True)
class Session:
    """One opening of a working day, ``start`` inclusive and ``end`` exclusive."""

    start: time
    end: time


def _clock(text: str) -> time:
    hours, sep, minutes = text.strip().partition(":")
    if not (sep and hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
        raise ValueError(f"{text.strip()!r} is not a time like 07:30")
    return time(int(hours), int(minutes))


def parse_sessions(text: str) -> tuple[Session, ...]:
    """``"07:30-11:30,13:30-17:00"`` → two sessions, in order, not overlapping."""
    sessions: list[Session] = []
    for part in text.split(","):
        if not part.strip():
            continue
        start, sep, end = part.partition("-")
        if not sep:
            raise ValueError(f"{part.strip()!r} is not a session like 07:30-11:30")
        session = Session(_clock(start), _clock(end))
        if session.start >= session.end:
            raise ValueError(f"{part.strip()!r} ends before it starts")
        if sessions and session.start < sessions[-1].end:
            raise ValueError("sessions must be in order and must not overlap")
        sessions.append(session)
    if not sessions:
        raise ValueError("at least one session like 07:30-11:30 is needed")
    return tuple(sessions)


class OfficeHours:
    """Open or closed at a moment, the next opening, and working time between two moments."""

    def __init__(self, calendar: WorkCalendar, sessions: Sequence[Session]) -> None:
        self._calendar = calendar
        self._sessions = tuple(sessions)

    @staticmethod
    def _local(moment: datetime) -> datetime:
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(VN_TZ)

    def _openings(self, moment: datetime) -> list[tuple[datetime, datetime]]:
        """The sessions of the local day of `moment` (none on a day off)."""
        day = self._local(moment).date()
        if not self._calendar.is_working_day(day):
            return []
        return [
            (
                datetime.combine(day, s.start, tzinfo=VN_TZ),
                datetime.combine(day, s.end, tzinfo=VN_TZ),
            )
            for s in self._sessions
        ]

    def is_open(self, moment: datetime) -> bool:
        local = self._local(moment)
        return any(start <= local < end for start, end in self._openings(local))

    def next_opening(self, moment: datetime) -> datetime:
        """`moment` itself when open, else the start of the next session (Vietnam time)."""
        local = self._local(moment)
        for days in range(_MAX_DAYS_AHEAD):
            probe = local if days == 0 else (local + timedelta(days=days)).replace(hour=0, minute=0)
            for start, end in self._openings(probe):
                if local < end:
                    return max(start, local)
        raise RuntimeError(f"no working session within {_MAX_DAYS_AHEAD} days")

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Time inside sessions between `start` and `end` (zero when `end <= start`)."""
        lo, hi = self._local(start), self._local(end)
        total = timedelta()
        day = lo.replace(hour=0, minute=0, second=0, microsecond=0)
        while day < hi:
            for open_at, close_at in self._openings(day):
                overlap = min(close_at, hi) - max(open_at, lo)
                if overlap > timedelta():
                    total += overlap
            day = (day + timedelta(days=1)).replace(hour=0, minute=0)
        return total
