"""The poll schedule: office hours, appointment date, unchanged dossiers, closed, backoff."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.calendar import VN_TZ, WorkCalendar
from bot.portal.status import DossierStatus as S
from bot.tracking.config import SchedulePolicy
from bot.tracking.schedule import (
    PollState,
    backoff,
    in_office_hours,
    next_office_open,
    next_poll_at,
    poll_interval,
)
from tests.tracking.kit import vn

POLICY = SchedulePolicy()
CAL = WorkCalendar()
TUESDAY_9 = vn(2026, 3, 10, 9)  # an ordinary working day
FRIDAY_EVENING = vn(2026, 3, 13, 18)


def test_office_hours_are_working_days_in_vietnam_time() -> None:
    assert in_office_hours(TUESDAY_9, POLICY, CAL)
    assert not in_office_hours(vn(2026, 3, 10, 7, 0), POLICY, CAL)
    assert not in_office_hours(vn(2026, 3, 10, 17, 30), POLICY, CAL)
    assert not in_office_hours(vn(2026, 3, 14, 9), POLICY, CAL)  # Saturday
    assert not in_office_hours(vn(2026, 4, 30, 9), POLICY, CAL)  # 30/4 holiday
    opening = next_office_open(FRIDAY_EVENING, POLICY, CAL).astimezone(VN_TZ)
    assert (opening.weekday(), opening.hour, opening.minute) == (0, 7, 30)  # Monday 7:30


def test_polls_more_often_near_the_appointment_date() -> None:
    far = PollState(S.PROCESSING, TUESDAY_9, appointment_at=vn(2026, 3, 31, 16, 30))
    near = PollState(S.PROCESSING, TUESDAY_9, appointment_at=vn(2026, 3, 11, 16, 30))
    overdue = PollState(S.PROCESSING, TUESDAY_9, appointment_at=vn(2026, 3, 5, 16, 30))
    assert poll_interval(far, TUESDAY_9, POLICY, CAL) == POLICY.base
    assert poll_interval(near, TUESDAY_9, POLICY, CAL) == POLICY.near
    assert poll_interval(overdue, TUESDAY_9, POLICY, CAL) == POLICY.near
    ready = PollState(S.RESULT_READY, TUESDAY_9, appointment_at=vn(2026, 3, 11, 16, 30))
    assert poll_interval(ready, TUESDAY_9, POLICY, CAL) == POLICY.base


def test_polls_less_often_when_unchanged_for_long() -> None:
    fresh = PollState(S.PROCESSING, TUESDAY_9 - timedelta(days=2))
    week = PollState(S.PROCESSING, TUESDAY_9 - timedelta(days=8))
    month = PollState(S.PROCESSING, TUESDAY_9 - timedelta(days=40))
    intervals = [poll_interval(s, TUESDAY_9, POLICY, CAL) for s in (fresh, week, month)]
    assert intervals == [POLICY.base, POLICY.base * 2, POLICY.base * 4]
    assert all(i <= POLICY.longest for i in intervals)


def test_outside_office_hours_waits_for_opening_but_not_too_long() -> None:
    state = PollState(S.PROCESSING, TUESDAY_9)
    during = next_poll_at(state, TUESDAY_9, POLICY, CAL, jitter=0.5)
    assert during is not None and during - TUESDAY_9 == POLICY.base
    evening = next_poll_at(state, FRIDAY_EVENING, POLICY, CAL, jitter=0.0)
    assert evening is not None
    assert evening - FRIDAY_EVENING == POLICY.off_hours  # weekend: every 4 hours, not 60 h
    late_night = vn(2026, 3, 10, 5, 0)  # 2.5 h before opening
    first = next_poll_at(state, late_night, POLICY, CAL, jitter=0.0)
    assert first is not None and first.astimezone(VN_TZ).hour == 7


def test_closed_dossiers_are_never_polled() -> None:
    for status in (S.REFUSED, S.WITHDRAWN, S.STOPPED, S.RESULT_RETURNED):
        assert next_poll_at(PollState(status, TUESDAY_9), TUESDAY_9, POLICY, CAL) is None


def test_backoff_grows_exponentially_and_is_capped() -> None:
    delays = [backoff(n, POLICY, jitter=0.999999) for n in range(1, 16)]
    assert delays[0] < POLICY.failure_base * 1.01
    assert all(b >= a for a, b in itertools.pairwise(delays))
    assert delays[3] > delays[0] * 7
    assert max(delays) <= POLICY.failure_cap
    failing = PollState(S.PROCESSING, TUESDAY_9, failures=3)
    at = next_poll_at(failing, TUESDAY_9, POLICY, CAL, jitter=0.0)
    assert at is not None and at - TUESDAY_9 == POLICY.failure_base * 4 / 2


def test_fixed_interval_for_tests_and_demo() -> None:
    policy = SchedulePolicy(fixed=timedelta(seconds=1))
    at = next_poll_at(PollState(S.PROCESSING), FRIDAY_EVENING, policy, CAL)
    assert at is not None and at - FRIDAY_EVENING == timedelta(seconds=1)


@given(
    hours=st.floats(min_value=0, max_value=24 * 14),
    jitter=st.floats(min_value=0, max_value=1),
    status=st.sampled_from([S.SUBMITTED, S.RECEIVED, S.PROCESSING, S.RESULT_READY, S.UNKNOWN]),
    unchanged_days=st.integers(min_value=0, max_value=90),
    failures=st.integers(min_value=0, max_value=50),
)
def test_next_poll_is_always_in_the_future_and_bounded(
    hours: float, jitter: float, status: S, unchanged_days: int, failures: int
) -> None:
    now = TUESDAY_9 + timedelta(hours=hours)
    state = PollState(
        status,
        now - timedelta(days=unchanged_days),
        appointment_at=TUESDAY_9 + timedelta(days=3),
        failures=failures,
    )
    at = next_poll_at(state, now, POLICY, CAL, jitter=jitter)
    assert at is not None
    assert now < at <= now + max(POLICY.failure_cap, POLICY.off_hours, POLICY.longest)


@pytest.mark.parametrize("jitter", [0.0, 0.5, 0.99])
def test_jitter_spreads_polls(jitter: float) -> None:
    at = next_poll_at(PollState(S.PROCESSING, TUESDAY_9), TUESDAY_9, POLICY, CAL, jitter=jitter)
    assert at is not None
    assert POLICY.base * 0.8 <= at - TUESDAY_9 <= POLICY.base * 1.2
