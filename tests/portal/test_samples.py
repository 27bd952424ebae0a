"""Recorded response samples (tests/data/portal_samples) parse into the canonical model,
with missing fields, extra fields, odd date formats, and without personal data."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import httpx
import pytest

from bot.portal import DossierStatus
from bot.portal.adapters.common import CHANNEL_IN_PERSON, CHANNEL_ONLINE, CHANNEL_POST
from bot.portal.adapters.igate import IGatePage, igate_item_to_dossier, pick_item
from bot.portal.adapters.onestop import (
    HoSoResult,
    QuaTrinhPage,
    onestop_to_dossier,
    refusal_error,
)
from bot.portal.errors import DossierNotFound, OwnerMismatch, PortalBadResponse
from bot.portal.http import parse_body
from bot.portal.models import VN_TZ

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "portal_samples"
PERSONAL = (
    "Trần Thị Mẫu",
    "000000000321",
    "0900000321",
    "Phạm Văn Ví Dụ",
    "Hoàng Văn Giả Định",
    "000000000654",
    "0900000654",
    "gia.dinh@example.invalid",
    "Số 6, đường Giả Định",
    "000000000999",
    "Lê Văn Cán Bộ",
    "Ngô Thị Chuyên Viên",
)


def response(name: str) -> httpx.Response:
    return httpx.Response(200, content=(SAMPLES / name).read_bytes())


def assert_no_personal_data(dumped: str) -> None:
    for value in PERSONAL:
        assert value not in dumped


def test_igate_full_item() -> None:
    page = parse_body(response("igate_page_slice.json"), IGatePage, what="page")
    item = pick_item(page, "000.99.99.h27-250603-0007")
    assert item is not None
    dossier = igate_item_to_dossier(item)
    assert dossier.status is DossierStatus.PROCESSING
    assert dossier.status_label == "Đang xử lý"
    assert dossier.procedure_code == "1.001193"
    assert dossier.procedure_name == "Thủ tục đăng ký khai sinh"
    assert dossier.nation_code == "H27.99-20250603-0000007"
    assert dossier.appointment_at == datetime(2025, 6, 4, 16, 30, tzinfo=VN_TZ)
    assert dossier.completed_at is None
    assert dossier.processing_unit == "UBND xã Thử Nghiệm"
    assert dossier.current_step == "Chuyên viên thẩm định hồ sơ"
    assert dossier.apply_channel == CHANNEL_ONLINE
    assert pick_item(page, "H27.99-20250603-0000007") is item
    assert_no_personal_data(dossier.model_dump_json())


def test_igate_translate_object_and_extra_fields() -> None:
    page = parse_body(response("igate_page_translate_object.json"), IGatePage, what="page")
    dossier = igate_item_to_dossier(page.content[0])
    assert dossier.status is DossierStatus.RESULT_READY  # "Có kết quả", id 4 ignored
    assert dossier.procedure_name == "Cấp bản sao Trích lục hộ tịch"
    assert dossier.completed_at is not None and dossier.completed_at.microsecond == 0
    assert dossier.apply_channel == CHANNEL_IN_PERSON
    assert dossier.processing_unit is None
    assert_no_personal_data(dossier.model_dump_json())


def test_igate_minimal_item_keeps_an_unknown_label_verbatim() -> None:
    page = parse_body(response("igate_page_minimal.json"), IGatePage, what="page")
    dossier = igate_item_to_dossier(page.content[0])
    assert dossier.status is DossierStatus.UNKNOWN
    assert dossier.status_label == "Chờ phê duyệt liên ngành cấp trên"
    assert dossier.submitted_at is None and dossier.procedure_name is None


def test_igate_empty_page_has_no_match() -> None:
    page = parse_body(response("igate_page_empty.json"), IGatePage, what="page")
    assert pick_item(page, "000.99.99.H27-250603-0007") is None


@pytest.mark.parametrize(
    ("name", "model"),
    [("igate_page_malformed.json", IGatePage), ("onestop_result_malformed.json", HoSoResult)],
)
def test_malformed_samples_are_bad_responses(name: str, model: type) -> None:
    with pytest.raises(PortalBadResponse):
        parse_body(response(name), model, what=name)


def test_onestop_full_result_with_history() -> None:
    result = parse_body(response("onestop_result_full.json"), HoSoResult, what="result")
    history = parse_body(response("onestop_history_page.json"), QuaTrinhPage, what="history")
    assert result.data is not None
    dossier = onestop_to_dossier(result.data, history.data)
    assert dossier.status is DossierStatus.SUPPLEMENT_REQUIRED
    assert dossier.reason == "Bổ sung Giấy xác nhận tình trạng hôn nhân còn hiệu lực"
    assert dossier.received_at == datetime(2025, 6, 2, 9, 1, tzinfo=VN_TZ)
    assert dossier.processing_unit == "UBND xã Thử Nghiệm"
    assert dossier.apply_channel == CHANNEL_ONLINE
    assert [h.action for h in dossier.history] == [
        "Nộp hồ sơ trực tuyến",
        "Tiếp nhận hồ sơ",
        "Yêu cầu bổ sung",
    ]
    assert dossier.history[1].status_label == "Được tiếp nhận"  # numeric "2" → label
    assert dossier.history[0].note is None  # empty text is no note
    assert not history.hasNextPage
    assert_no_personal_data(dossier.model_dump_json())


def test_onestop_minimal_result_with_odd_dates() -> None:
    result = parse_body(response("onestop_result_minimal.json"), HoSoResult, what="result")
    assert result.data is not None
    dossier = onestop_to_dossier(result.data)
    assert dossier.status is DossierStatus.RESULT_READY
    assert dossier.status_label == "Đã xử lý xong"
    assert dossier.submitted_at == datetime(2025, 5, 20, 8, 15, tzinfo=VN_TZ)
    assert dossier.received_at == datetime(2025, 5, 20, 9, 0, tzinfo=VN_TZ)
    assert dossier.appointment_at is None  # .NET default date
    assert dossier.completed_at is None  # empty string
    assert dossier.apply_channel == CHANNEL_POST
    assert dossier.postal_tracking_code == "EL000000021VN"
    assert dossier.reason is None
    assert_no_personal_data(dossier.model_dump_json())


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("onestop_result_failed_code.json", DossierNotFound),
        ("onestop_result_failed_owner.json", OwnerMismatch),
    ],
)
def test_onestop_failures_are_classified(name: str, error: type) -> None:
    result = parse_body(response(name), HoSoResult, what="result")
    assert not result.succeeded
    assert isinstance(refusal_error("X-250101-0001", result, 200), error)
