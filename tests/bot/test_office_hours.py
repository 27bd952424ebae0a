"""Office hours of the one-stop centre: open or closed, the next opening, working time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.calendar import VN_TZ, WorkCalendar
from bot.office_hours import DEFAULT_SESSIONS, OfficeHours, parse_sessions


@pytest.fixture(scope="module")
def hours() -> OfficeHours:
    return OfficeHours(WorkCalendar(), parse_sessions(DEFAULT_SESSIONS))


def vn(day: int, month: int, hour: int, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN_TZ)


@pytest.mark.parametrize(
    ("moment", "is_open"),
    [
        (vn(2, 12, 7, 29), False),  # Wednesday, before the morning session
        (vn(2, 12, 7, 30), True),
        (vn(2, 12, 11, 30), False),  # the session's end is not in it
        (vn(2, 12, 12, 0), False),  # lunch
        (vn(2, 12, 16, 59), True),
        (vn(5, 12, 9, 0), False),  # Saturday
        (vn(2, 9, 9, 0), False),  # National Day
    ],
)
def test_open_or_closed(hours: OfficeHours, moment: datetime, is_open: bool) -> None:
    assert hours.is_open(moment) is is_open


@pytest.mark.parametrize(
    ("moment", "opening"),
    [
        (vn(2, 12, 9, 0), vn(2, 12, 9, 0)),  # open: now
        (vn(2, 12, 12, 0), vn(2, 12, 13, 30)),  # lunch: the afternoon
        (vn(4, 12, 17, 30), vn(7, 12, 7, 30)),  # Friday evening: Monday morning
        (vn(1, 1, 9, 0, year=2027), vn(4, 1, 7, 30, year=2027)),  # New Year's Day (a Friday)
    ],
)
def test_next_opening(hours: OfficeHours, moment: datetime, opening: datetime) -> None:
    assert hours.next_opening(moment) == opening


def test_next_opening_of_a_utc_instant(hours: OfficeHours) -> None:
    # 23:00 UTC on Tuesday is 06:00 on Wednesday in Hà Tĩnh
    assert hours.next_opening(datetime(2026, 12, 1, 23, 0, tzinfo=UTC)) == vn(2, 12, 7, 30)


@pytest.mark.parametrize(
    ("start", "end", "working"),
    [
        (vn(2, 12, 9, 0), vn(2, 12, 10, 0), timedelta(hours=1)),
        (vn(2, 12, 11, 0), vn(2, 12, 14, 0), timedelta(hours=1)),  # lunch does not count
        (vn(4, 12, 16, 0), vn(7, 12, 8, 30), timedelta(hours=2)),  # over a weekend
        (vn(2, 12, 10, 0), vn(2, 12, 9, 0), timedelta()),
    ],
)
def test_working_time_between(
    hours: OfficeHours, start: datetime, end: datetime, working: timedelta
) -> None:
    assert hours.working_time_between(start, end) == working


@pytest.mark.parametrize(
    "text",
    ["", "7:30", "07:30-07:00", "07:30-11:30,11:00-17:00", "7h30-11h30", "13:30-17:00,07:30-11:30"],
)
def test_bad_sessions_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_sessions(text)


def test_sessions_parse_in_order() -> None:
    sessions = parse_sessions(" 07:00-11:00 , 13:00-16:30 ")
    assert [(s.start.hour, s.end.minute) for s in sessions] == [(7, 0), (13, 30)]
