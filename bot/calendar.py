"""Working-day calendar for Vietnamese administrative time limits.

Time limits for administrative procedures are counted in *working days* (ngày làm việc):
Saturdays, Sundays and public holidays do not count. Public holidays, including Tết, 30/4,
1/5, 2/9, their observed days and the government's swapped days off, come from the
``holidays`` package (``holidays.country_holidays("VN")``); a Saturday that the government
declares a make-up working day (e.g. 26/4/2025, swapped for 2/5/2025) counts as a working
day. Operators can add local days off (``extra_holidays``) or working days (``extra_workdays``).

Conventions (all dates are Vietnam calendar dates; see :func:`vn_date`):

* ``working_days_between(start, end)`` counts the working days *after* ``start`` up to and
  including ``end`` (so the day of receipt is not counted); negative when ``end < start``.
* ``add_working_days(start, n)`` is the ``n``-th working day after ``start`` (``n == 0``
  returns ``start``; negative ``n`` counts backwards).
* ``overdue_working_days(deadline, today)`` is how many working days ``today`` is past the
  deadline (0 when not overdue); ``is_overdue(deadline, today, by=n)`` tests ``>= n``.

The class holds only its own caches: build one per application (no module-level state).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

import holidays

from bot.portal.models import VN_TZ

__all__ = ["VN_TZ", "WorkCalendar", "vn_date"]
_ONE_DAY = timedelta(days=1)


def vn_date(moment: datetime | date) -> date:
    """The Vietnam calendar date of a datetime (naive datetimes are taken as Vietnam time)."""
    if isinstance(moment, datetime):
        if moment.tzinfo is None:
            return moment.date()
        return moment.astimezone(VN_TZ).date()
    return moment


class WorkCalendar:
    """Weekends + Vietnamese public holidays, with optional local adjustments."""

    def __init__(
        self,
        *,
        extra_holidays: Iterable[date] = (),
        extra_workdays: Iterable[date] = (),
        weekend: Iterable[int] = (5, 6),
    ) -> None:
        self._holidays = holidays.country_holidays("VN")
        self._extra_holidays = frozenset(extra_holidays)
        self._extra_workdays = frozenset(extra_workdays)
        self._weekend = frozenset(weekend)

    def holiday_name(self, day: date) -> str | None:
        """The public holiday on ``day`` (English name from the package), if any."""
        if day in self._extra_holidays:
            return "Local day off"
        name = self._holidays.get(day)
        return str(name) if name else None

    def is_working_day(self, day: date) -> bool:
        if day in self._extra_workdays:
            return True
        if day in self._extra_holidays or day in self._holidays:  # populates day.year
            return False
        if day in getattr(self._holidays, "weekend_workdays", ()):
            return True
        return day.weekday() not in self._weekend

    def next_working_day(self, day: date, *, include_today: bool = False) -> date:
        """The first working day after ``day`` (or ``day`` itself if allowed and working)."""
        current = day if include_today else day + _ONE_DAY
        while not self.is_working_day(current):
            current += _ONE_DAY
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in ``(start, end]``; negative when ``end`` is before ``start``."""
        if end == start:
            return 0
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        current = start + _ONE_DAY
        while current <= end:
            if self.is_working_day(current):
                count += 1
            current += _ONE_DAY
        return count

    def add_working_days(self, start: date, days: int) -> date:
        """The ``days``-th working day after ``start`` (before it when ``days`` < 0)."""
        step = _ONE_DAY if days >= 0 else -_ONE_DAY
        remaining = abs(days)
        current = start
        while remaining:
            current += step
            if self.is_working_day(current):
                remaining -= 1
        return current

    def working_days_left(self, today: date, deadline: date) -> int:
        """Working days from ``today`` until the deadline (0 once it is today or past)."""
        return max(0, self.working_days_between(today, deadline))

    def overdue_working_days(self, deadline: date, today: date) -> int:
        """Working days ``today`` is past ``deadline`` (0 when not overdue)."""
        return max(0, self.working_days_between(deadline, today))

    def is_overdue(self, deadline: date, today: date, *, by: int = 1) -> bool:
        """True when ``today`` is at least ``by`` working days past ``deadline``."""
        return self.overdue_working_days(deadline, today) >= max(by, 1)
