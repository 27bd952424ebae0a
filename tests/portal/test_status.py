"""Status enum and mappings: numeric codes, DVCQG/OpenCPS strings, label text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.portal import status as s
from bot.portal.status import NATIONAL_LABELS, DossierStatus


def strip_accents(text: str) -> str:
    return s.fold(text)


@pytest.mark.parametrize("status", [x for x in DossierStatus if x is not DossierStatus.UNKNOWN])
def test_national_labels_round_trip(status: DossierStatus) -> None:
    label = NATIONAL_LABELS[status]
    assert s.from_name(label) is status
    assert s.from_name(label.upper()) is status
    assert s.from_name(strip_accents(label)) is status  # typed without diacritics
    assert s.from_code(int(status)) is status
    assert s.from_code(f" {int(status)} ") is status


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("receiving", 1),
        ("new", 1),
        ("received", 2),
        ("denied", 3),
        ("processing", 4),
        ("interoperating", 4),
        ("waiting", 5),
        ("paying", 6),
        ("cancelled", 7),
        ("canceled", 7),
        ("unresolved", 8),
        ("releasing", 9),
        ("done", 10),
        ("posting", 0),
        ("", 0),
    ],
)
def test_string_codes(value: str, expected: int) -> None:
    assert s.from_string_code(value) == expected


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Chờ tiếp nhận", 1),
        ("Đã tiếp nhận", 2),
        ("Từ chối tiếp nhận", 3),
        ("Không đủ điều kiện tiếp nhận", 3),
        ("Yêu cầu bổ sung hồ sơ", 5),
        ("Yêu cầu công dân bổ sung", 5),
        ("Công dân đã gửi bổ sung", 4),
        ("Hoàn thành bổ sung", 4),
        ("Chờ thanh toán", 6),
        ("Đã thanh toán", 4),
        ("Chờ thực hiện nghĩa vụ tài chính", 6),
        ("Đã rút hồ sơ", 7),
        ("Tạm dừng xử lý", 8),
        ("Có kết quả", 9),
        ("Chờ trả kết quả", 9),
        ("Đã trả hồ sơ", 10),
        ("Chuyên viên thẩm định hồ sơ", 4),
        ("Chuyển xử lý liên thông", 4),
        ("Chờ phê duyệt", 0),
        (None, 0),
    ],
)
def test_igate_and_td_labels(label: str | None, expected: int) -> None:
    assert s.from_name(label) == expected


def test_codes_outside_the_list_are_unknown() -> None:
    for value in (0, 11, -1, "abc", "4.0", None, True):
        assert s.from_code(value) is DossierStatus.UNKNOWN


def test_from_any_takes_the_first_known() -> None:
    assert s.from_any(None, "99", "Đang xử lý") is DossierStatus.PROCESSING
    assert s.from_any("9", "Đang xử lý") is DossierStatus.RESULT_READY
    assert s.from_any(None, "???") is DossierStatus.UNKNOWN


def test_groups() -> None:
    closed = {x for x in DossierStatus if s.is_closed(x)}
    assert closed == {DossierStatus(n) for n in (3, 7, 8, 10)}
    assert {x for x in DossierStatus if s.has_result(x)} == {DossierStatus(9), DossierStatus(10)}
    assert s.needs_citizen_action(DossierStatus.SUPPLEMENT_REQUIRED)
    assert s.is_paused(DossierStatus.PAYMENT_REQUIRED)
    assert s.counts_towards_deadline(DossierStatus.PROCESSING)
    assert not s.counts_towards_deadline(DossierStatus.SUPPLEMENT_REQUIRED)


def test_text_keys() -> None:
    assert DossierStatus.RESULT_READY.text_key == "status_label_9"
    assert DossierStatus.UNKNOWN.next_step_key == "status_next_0"


@given(st.text(max_size=200))
def test_mapping_never_raises(text: str) -> None:
    assert isinstance(s.from_name(text), DossierStatus)
    assert isinstance(s.from_code(text), DossierStatus)
