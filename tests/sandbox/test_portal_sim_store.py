"""Portal simulator store: deterministic seed, lifecycle over accelerated time, controls."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from bot.portal.status import DossierStatus as S
from sandbox.portal_seed import format_listing, seed_listing
from sandbox.portal_store import SimClock
from tests.portal.simkit import SIM_NOW, ManualTime, by_status, make_store


def test_seed_is_deterministic_and_covers_every_status() -> None:
    first = seed_listing(SIM_NOW)
    second = seed_listing(SIM_NOW)
    assert first == second
    assert {entry.status for entry in first if not entry.live} >= set(S) - {S.UNKNOWN}
    assert len({entry.code for entry in first}) == len(first)
    for entry in first:
        assert re.fullmatch(r"000\.99\.99\.H27-\d{6}-\d{4}", entry.code)
        assert re.fullmatch(r"0000000001\d\d", entry.owner_id_number)  # obviously fake
    listing = format_listing(first)
    assert all(entry.code in listing for entry in first)
    assert any(entry.proxy_id_number for entry in first)
    assert sum(entry.live for entry in first) == 4


def test_static_dossiers_have_consistent_dates() -> None:
    store = make_store()
    seeded = by_status(store)
    for number, dossier in seeded.items():
        assert dossier.submitted_at is not None and dossier.submitted_at <= SIM_NOW
        if number in (2, 4, 5, 6, 7, 8, 9, 10):
            assert dossier.received_at is not None and dossier.appointment_at is not None
            assert dossier.appointment_at > SIM_NOW  # static ones are not overdue
        assert [event.status for event in dossier.events][-1] == number
    assert seeded[5].supplement_reason and seeded[3].refusal_reason
    overdue = [d for d in store.all() if d.appointment_at and d.appointment_at < SIM_NOW]
    assert overdue and all(d.status is S.PROCESSING for d in overdue)


def test_appointment_counts_working_days() -> None:
    store = make_store(seed=False)
    from sandbox.portal_seed import new_dossier

    before_holiday = SIM_NOW.replace(year=2025, month=4, day=29)
    dossier = new_dossier(store, submitted_at=before_holiday)
    dossier.processing_days = 1
    store.transition(dossier, S.RECEIVED, at=before_holiday)
    assert dossier.appointment_at is not None
    assert dossier.appointment_at.date().isoformat() == "2025-05-05"  # 30/4–2/5 + weekend


def test_live_dossiers_move_with_the_speed_factor() -> None:
    time = ManualTime()
    store = make_store(time, speed=60.0)  # step of 4 simulated hours = 240 real seconds
    live = next(d for d in store.all() if d.plan == [S.REFUSED])
    steady = next(d for d in store.all() if d.plan and d.plan[0] is S.RECEIVED)
    time.advance(239)
    assert store.get(live.code).status is S.SUBMITTED  # type: ignore[union-attr]
    time.advance(1)
    assert store.get(live.code).status is S.REFUSED  # type: ignore[union-attr]
    assert live.next_change_at is None and live.plan == []
    time.advance(240 * 10)  # far later: catches up through the whole plan at once
    refreshed = store.get(steady.code)
    assert refreshed is not None and refreshed.status is S.RESULT_RETURNED
    times = [event.at for event in refreshed.events]
    assert times == sorted(times)
    assert refreshed.events[-1].at - refreshed.events[-2].at == timedelta(hours=4)


def test_clock_speed_change_keeps_time_continuous() -> None:
    time = ManualTime()
    clock = SimClock(anchor=SIM_NOW, speed=10.0, source=time)
    time.advance(6)
    assert clock.now() == SIM_NOW + timedelta(minutes=1)
    clock.set_speed(60.0)
    assert clock.now() == SIM_NOW + timedelta(minutes=1)
    time.advance(1)
    assert clock.now() == SIM_NOW + timedelta(minutes=2)
    with pytest.raises(ValueError):
        clock.set_speed(0)


def test_advance_and_set_status() -> None:
    store = make_store()
    dossier = by_status(store)[5]
    store.advance(dossier)
    assert dossier.status is S.PROCESSING
    store.advance(dossier)
    assert dossier.status is S.RESULT_READY and dossier.completed_at is not None
    store.advance(dossier)
    assert dossier.status is S.RESULT_RETURNED
    with pytest.raises(ValueError, match="closed"):
        store.advance(dossier)
    store.transition(dossier, S.STOPPED, reason="Lý do thử")
    assert dossier.refusal_reason == "Lý do thử"
    paying = by_status(store)[6]
    store.advance(paying)
    assert paying.fee_status == "Đã thanh toán"


def test_lookup_by_nation_code_and_case() -> None:
    store = make_store()
    dossier = by_status(store)[4]
    assert store.get(dossier.nation_code) is dossier
    assert store.get(dossier.code.lower()) is dossier
    assert store.get("nope") is None
    with pytest.raises(ValueError, match="exists"):
        store.add(dossier)


def test_token_book_expiry_and_revocation() -> None:
    time = ManualTime()
    store = make_store(time, token_ttl=10)
    token, ttl = store.tokens.issue()
    assert ttl == 10 and store.tokens.is_valid(token)
    time.advance(10)
    assert not store.tokens.is_valid(token)
    token, _ = store.tokens.issue()
    assert store.tokens.revoke_all() == 1 and not store.tokens.is_valid(token)
