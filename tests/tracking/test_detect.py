"""What a poll decides: changes, dedup keys, overdue and ready alerts, ending, failures."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from bot.calendar import WorkCalendar
from bot.portal.errors import CircuitOpen, DossierNotFound, PortalUnavailable
from bot.portal.models import Dossier, HistoryEntry
from bot.portal.status import DossierStatus as S
from bot.tracking.config import TrackingConfig
from bot.tracking.detect import (
    SubscriptionView,
    after_poll,
    end_is_due,
    portal_change_time,
)
from bot.tracking.notices import Ended, EndReason, NoticeKind, StatusChange
from tests.tracking.kit import vn

CONFIG = TrackingConfig()
CAL = WorkCalendar()
NOW = vn(2026, 3, 10, 9).astimezone(UTC)
URL = "https://dichvucong.gov.vn/x"


def dossier(status: S, **fields: Any) -> Dossier:
    return Dossier(
        code="000.99.99.H27-260310-0001", status=status, status_label=status.label_vi, **fields
    )


def view(**fields: Any) -> SubscriptionView:
    values: dict[str, Any] = {"last_status": int(S.RECEIVED), "last_status_label": "Được tiếp nhận"}
    values.update(fields)
    return SubscriptionView(id=7, user_id=70, dossier_code="000.99.99.H27-260310-0001", **values)


def decide(v: SubscriptionView, outcome: Any, now: datetime = NOW) -> Any:
    return after_poll(v, outcome, now, CONFIG, CAL, lookup_url=URL, jitter=0.5)


def test_no_change_no_notice_and_a_next_poll() -> None:
    decision = decide(view(), dossier(S.RECEIVED))
    assert decision.notices == [] and not decision.changed
    assert decision.values["next_poll_at"] > NOW and decision.values["failures"] == 0


def test_a_change_is_one_notice_with_a_stable_key() -> None:
    seen = dossier(
        S.PROCESSING, history=(HistoryEntry(at=vn(2026, 3, 10, 8), status_label="Đang xử lý"),)
    )
    first = decide(view(change_seq=3), seen)
    again = decide(view(change_seq=3), seen, NOW + timedelta(minutes=5))  # another worker, later
    assert [n.kind for n in first.notices] == [NoticeKind.STATUS_CHANGE]
    key = first.notices[0].dedup_key
    assert key == again.notices[0].dedup_key == "chg:7:4:4:20260310T010000Z"
    assert first.values["change_seq"] == 4 and first.values["last_status"] == 4
    change = first.notices[0].payload
    assert isinstance(change, StatusChange)
    assert change.previous is S.RECEIVED and change.status is S.PROCESSING
    assert change.to_json()["previous"] == int(S.RECEIVED)  # the stored JSON keeps numbers


def test_dedup_keys_differ_for_every_later_change() -> None:
    """RECEIVED → PROCESSING → SUPPLEMENT → PROCESSING: three distinct keys."""
    v = view()
    keys = []
    now = NOW
    for status in (S.PROCESSING, S.SUPPLEMENT_REQUIRED, S.PROCESSING):
        decision = decide(v, dossier(status), now)
        keys.append(decision.notices[0].dedup_key)
        v = replace(
            v,
            last_status=decision.values["last_status"],
            change_seq=decision.values["change_seq"],
            last_changed_at=decision.values["last_changed_at"],
        )
        now += timedelta(hours=1)
    assert len(set(keys)) == 3


@given(
    seqs=st.lists(st.integers(0, 50), min_size=2, max_size=6, unique=True),
    statuses=st.lists(st.sampled_from(list(S)), min_size=2, max_size=6),
)
def test_keys_are_unique_per_subscription_seq_and_status(
    seqs: list[int], statuses: list[S]
) -> None:
    keys = set()
    for seq, status in zip(seqs, statuses, strict=False):
        last = S.RECEIVED if status is not S.RECEIVED else S.PROCESSING
        decision = decide(view(change_seq=seq, last_status=int(last)), dossier(status))
        changes = [n for n in decision.notices if n.kind == NoticeKind.STATUS_CHANGE]
        assert len(changes) == 1
        keys.add(changes[0].dedup_key)
    assert len(keys) == min(len(seqs), len(statuses))


def test_first_poll_without_baseline_is_silent() -> None:
    decision = decide(view(last_status=None), dossier(S.PROCESSING))
    assert decision.notices == [] and decision.values["last_status"] == 4


def test_overdue_once_with_what_to_do() -> None:
    appointment = vn(2026, 3, 9, 16, 30)  # yesterday
    d = dossier(S.PROCESSING, appointment_at=appointment)
    first = decide(view(last_status=int(S.PROCESSING)), d)
    assert [n.kind for n in first.notices] == [NoticeKind.OVERDUE]
    assert first.notices[0].dedup_key == "overdue:7:2026-03-09"
    later = decide(
        view(last_status=int(S.PROCESSING), overdue_notified=True, appointment_at=appointment), d
    )
    assert later.notices == []
    same_day = decide(
        view(last_status=int(S.PROCESSING)),
        dossier(S.PROCESSING, appointment_at=vn(2026, 3, 10, 16, 30)),
    )
    assert same_day.notices == []  # the appointment day itself is not over yet


def test_no_overdue_while_waiting_for_the_citizen_or_with_a_result() -> None:
    appointment = vn(2026, 3, 2, 16, 30)
    for status in (S.SUPPLEMENT_REQUIRED, S.RESULT_READY):
        decision = decide(
            view(last_status=int(status)), dossier(status, appointment_at=appointment)
        )
        assert not [n for n in decision.notices if n.kind == NoticeKind.OVERDUE]


def test_result_ready_reminder_once_after_two_working_days() -> None:
    ready_since = vn(2026, 3, 5, 10).astimezone(UTC)  # Thursday; now is Tuesday: 3 working days
    v = view(last_status=int(S.RESULT_READY), last_changed_at=ready_since, change_seq=5)
    decision = decide(v, dossier(S.RESULT_READY))
    assert [(n.kind, n.dedup_key) for n in decision.notices] == [
        (NoticeKind.RESULT_READY, "ready:7:5")
    ]
    assert decide(replace(v, reminder_notified=True), dossier(S.RESULT_READY)).notices == []
    fresh = replace(v, last_changed_at=vn(2026, 3, 9, 10).astimezone(UTC))
    assert decide(fresh, dossier(S.RESULT_READY)).notices == []


def test_closed_dossier_stops_polling_and_ends_after_30_days() -> None:
    decision = decide(view(), dossier(S.RESULT_RETURNED, returned_at=vn(2026, 3, 10, 8)))
    assert decision.notices[0].kind == NoticeKind.STATUS_CHANGE
    assert decision.values["closed_at"] == NOW
    assert decision.values["next_poll_at"] == NOW + timedelta(days=30)
    closed = view(closed_at=NOW)
    assert not end_is_due(closed, NOW + timedelta(days=29), CONFIG)
    assert end_is_due(closed, NOW + timedelta(days=30), CONFIG)


def test_failures_back_off_and_a_lost_dossier_ends() -> None:
    decision = decide(view(failures=2), PortalUnavailable("down"))
    assert decision.values["failures"] == 3 and decision.notices == []
    assert decision.values["next_poll_at"] > NOW
    gone = decide(view(failures=CONFIG.max_poll_failures - 1), DossierNotFound("x"))
    assert gone.values["active"] is False and gone.values["owner_id_encrypted"] is None
    assert [n.kind for n in gone.notices] == [NoticeKind.ENDED]
    assert gone.notices[0].payload == Ended("000.99.99.H27-260310-0001", EndReason.LOST)
    assert gone.notices[0].payload.to_json()["reason"] == "lost"


def test_open_breaker_is_not_the_dossiers_fault() -> None:
    decision = decide(view(failures=1), CircuitOpen("open", retry_after=10))
    assert "failures" not in decision.values
    assert decision.values["next_poll_at"] >= NOW + timedelta(seconds=10)


def test_portal_change_time_prefers_history_then_dates() -> None:
    history = (
        HistoryEntry(at=vn(2026, 3, 1), status_label="Mới đăng ký"),
        HistoryEntry(at=vn(2026, 3, 2), status_label="Đang xử lý"),
    )
    assert portal_change_time(dossier(S.PROCESSING, history=history)) == vn(2026, 3, 2)
    assert portal_change_time(dossier(S.RESULT_READY, completed_at=vn(2026, 3, 3))) == vn(
        2026, 3, 3
    )
    assert portal_change_time(dossier(S.PROCESSING)) is None
