"""Working-day calendar with real 2025/2026 Vietnamese holidays (holidays package)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.calendar import WorkCalendar, vn_date

CAL = WorkCalendar()  # read-only use; tests that configure a calendar build their own


@pytest.mark.parametrize(
    "day",
    [
        date(2025, 1, 1),  # New Year
        date(2025, 1, 27),  # Tết 2025 (27/1–31/1 on weekdays)
        date(2025, 1, 29),
        date(2025, 1, 31),
        date(2025, 4, 7),  # Giỗ Tổ Hùng Vương
        date(2025, 4, 30),
        date(2025, 5, 1),
        date(2025, 5, 2),  # swapped day off (worked on Saturday 26/4)
        date(2025, 9, 1),
        date(2025, 9, 2),
        date(2026, 2, 16),  # Tết 2026 (16/2–20/2)
        date(2026, 2, 20),
        date(2026, 4, 27),  # Giỗ Tổ observed (26/4 is a Sunday)
        date(2026, 4, 30),
        date(2026, 5, 1),
        date(2026, 8, 31),  # swapped day off (worked on Saturday 22/8)
        date(2026, 9, 1),
        date(2026, 9, 2),
    ],
)
def test_public_holidays_are_not_working_days(day: date) -> None:
    assert not CAL.is_working_day(day)
    assert CAL.holiday_name(day)


def test_weekends_and_make_up_saturdays() -> None:
    assert not CAL.is_working_day(date(2025, 6, 7))  # Saturday
    assert not CAL.is_working_day(date(2025, 6, 8))  # Sunday
    assert CAL.is_working_day(date(2025, 6, 9))
    assert CAL.is_working_day(date(2025, 4, 26))  # make-up Saturday
    assert CAL.is_working_day(date(2026, 8, 22))  # make-up Saturday


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2025, 1, 24), 1, date(2025, 2, 3)),  # across Tết 2025
        (date(2025, 1, 24), 5, date(2025, 2, 7)),
        (date(2025, 4, 25), 1, date(2025, 4, 26)),  # the make-up Saturday counts
        (date(2025, 4, 29), 1, date(2025, 5, 5)),  # 30/4, 1/5, 2/5 off, weekend
        (date(2025, 8, 29), 1, date(2025, 9, 3)),  # 2/9 2025
        (date(2026, 2, 13), 1, date(2026, 2, 23)),  # across Tết 2026
        (date(2026, 4, 24), 1, date(2026, 4, 28)),  # Giỗ Tổ observed on Monday 27/4
        (date(2026, 4, 29), 1, date(2026, 5, 4)),
        (date(2026, 8, 28), 1, date(2026, 9, 3)),  # 31/8 swap + 1/9, 2/9
        (date(2025, 6, 10), 0, date(2025, 6, 10)),
        (date(2025, 2, 3), -1, date(2025, 1, 24)),
    ],
)
def test_add_working_days(start: date, days: int, expected: date) -> None:
    assert CAL.add_working_days(start, days) == expected


def test_working_days_between_counts_after_the_start() -> None:
    assert CAL.working_days_between(date(2025, 1, 24), date(2025, 2, 3)) == 1
    assert CAL.working_days_between(date(2025, 4, 28), date(2025, 5, 5)) == 2  # 29/4, 5/5
    assert CAL.working_days_between(date(2025, 6, 9), date(2025, 6, 9)) == 0
    assert CAL.working_days_between(date(2025, 6, 13), date(2025, 6, 9)) == -4


def test_overdue_and_days_left() -> None:
    appointment = date(2025, 4, 29)
    assert CAL.overdue_working_days(appointment, date(2025, 4, 29)) == 0
    assert CAL.overdue_working_days(appointment, date(2025, 5, 2)) == 0  # holidays only
    assert CAL.overdue_working_days(appointment, date(2025, 5, 5)) == 1
    assert CAL.is_overdue(appointment, date(2025, 5, 6), by=2)
    assert not CAL.is_overdue(appointment, date(2025, 5, 5), by=2)
    assert CAL.working_days_left(date(2026, 2, 13), date(2026, 2, 24)) == 2
    assert CAL.working_days_left(date(2026, 2, 25), date(2026, 2, 24)) == 0


def test_local_adjustments() -> None:
    local = WorkCalendar(extra_holidays=[date(2025, 6, 10)], extra_workdays=[date(2025, 6, 14)])
    assert not local.is_working_day(date(2025, 6, 10))
    assert local.holiday_name(date(2025, 6, 10))
    assert local.is_working_day(date(2025, 6, 14))
    assert local.add_working_days(date(2025, 6, 9), 1) == date(2025, 6, 11)
    assert CAL.is_working_day(date(2025, 6, 10))  # other calendars are unaffected


def test_next_working_day() -> None:
    assert CAL.next_working_day(date(2025, 1, 25)) == date(2025, 2, 3)
    assert CAL.next_working_day(date(2025, 6, 10), include_today=True) == date(2025, 6, 10)


def test_vn_date() -> None:
    late_utc = datetime(2025, 6, 9, 18, 30, tzinfo=UTC)
    assert vn_date(late_utc) == date(2025, 6, 10)
    assert vn_date(datetime(2025, 6, 9, 23, 0)) == date(2025, 6, 9)
    assert vn_date(date(2025, 6, 9)) == date(2025, 6, 9)


days = st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31))


@given(days, st.integers(min_value=0, max_value=60))
def test_adding_then_counting_agree(start: date, n: int) -> None:
    end = CAL.add_working_days(start, n)
    assert CAL.working_days_between(start, end) == n
    if n:
        assert CAL.is_working_day(end)
        assert CAL.add_working_days(end, -n) <= start
    assert end - start <= timedelta(days=3 * n + 12)
