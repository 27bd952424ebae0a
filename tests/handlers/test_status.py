"""Checking a dossier in Telegram: /status, pasted codes, bad codes, portal faults, and the
owner-ID flow of the one-stop platform (message deleted, number never logged)."""

from __future__ import annotations

import io
import logging

import pytest

from bot.logging_setup import RedactingFilter
from bot.portal.status import DossierStatus
from sandbox.portal_sim import build_store
from sandbox.portal_store import PortalStore
from tests.helpers.botrig import BotRig, running_bot

USER = 8101
LOOKUP = "dichvucong.gov.vn"


def code_with(store: PortalStore, status: DossierStatus) -> str:
    return next(d.code for d in store.all() if d.status is status and not d.plan)


async def reply_to(rig: BotRig, text: str, user: int = USER) -> list[str]:
    return await rig.ask(user, text)


@pytest.mark.parametrize(
    ("status", "needles"),
    [
        (DossierStatus.RECEIVED, ["Đã tiếp nhận", "Ngày hẹn trả", "ngày làm việc"]),
        (DossierStatus.SUPPLEMENT_REQUIRED, ["Cần bổ sung hồ sơ", "bổ sung giấy tờ"]),
        (DossierStatus.PAYMENT_REQUIRED, ["Chờ nộp phí", "nộp phí"]),
        (DossierStatus.RESULT_READY, ["Đã có kết quả", "Kết quả đã sẵn sàng"]),
        (DossierStatus.RESULT_RETURNED, ["Đã trả kết quả"]),
        (DossierStatus.REFUSED, ["Bị từ chối tiếp nhận"]),
    ],
)
async def test_status_card_for_each_kind_of_status(
    database_url: str, status: DossierStatus, needles: list[str]
) -> None:
    store = build_store()
    code = code_with(store, status)
    async with running_bot(database_url, portal=store) as rig:
        (card,) = await reply_to(rig, f"/status {code}")
        assert rig.state.api_errors == []
    assert code in card and LOOKUP in card
    for needle in needles:
        assert needle in card, (status, needle)


async def test_overdue_dossier_says_by_how_many_working_days(database_url: str) -> None:
    store = build_store()
    overdue = next(d for d in store.all() if "0011" in d.code)
    async with running_bot(database_url, portal=store) as rig:
        (card,) = await reply_to(rig, f"/status {overdue.code}")
    assert "Đã quá ngày hẹn trả" in card and "ngày làm việc" in card


async def test_code_pasted_in_a_sentence(database_url: str) -> None:
    store = build_store()
    code = code_with(store, DossierStatus.PROCESSING)
    async with running_bot(database_url, portal=store) as rig:
        (card,) = await reply_to(rig, f"cho em hỏi hồ sơ {code} đến đâu rồi ạ")
    assert "Đang xử lý" in card and code in card


async def test_status_card_offers_follow_and_official_link(database_url: str) -> None:
    store = build_store()
    code = code_with(store, DossierStatus.PROCESSING)
    async with running_bot(database_url, portal=store) as rig:
        replies = await rig.send(USER, f"/status {code}")
    labels = [b.text for b in replies.last.buttons]
    assert "🔔 Theo dõi hồ sơ này" in labels
    assert any(b.url and LOOKUP in b.url for b in replies.last.buttons)


async def test_malformed_and_unknown_codes_get_helpful_messages(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        (missing,) = await reply_to(rig, "/status 000.99.99.H27-2611")
        (unknown,) = await reply_to(rig, "/status 000.99.99.H27-261120-9999")
        (nothing,) = await reply_to(rig, "/status")
    assert "thiếu một phần" in missing and "000.99.99.H27-2611" in missing
    assert "Không tìm thấy hồ sơ" in unknown and LOOKUP in unknown
    assert "mã hồ sơ" in nothing.lower()


async def test_html_in_a_bad_code_is_escaped(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        replies = await reply_to(rig, "/status <b>000.99.99.H27-2611")
        assert rig.state.api_errors == []
    assert replies


async def test_portal_down_gives_a_clear_message(database_url: str) -> None:
    store = build_store()
    code = code_with(store, DossierStatus.PROCESSING)
    store.faults.error_rate = 1.0
    async with running_bot(database_url, portal=store) as rig:
        (reply,) = await reply_to(rig, f"/status {code}")
    assert "không phản hồi" in reply and LOOKUP in reply


async def test_malformed_portal_body_gives_a_clear_message(database_url: str) -> None:
    store = build_store()
    code = code_with(store, DossierStatus.PROCESSING)
    store.faults.malformed_rate = 1.0
    async with running_bot(database_url, portal=store) as rig:
        (reply,) = await reply_to(rig, f"/status {code}")
    assert "không đọc được" in reply


async def test_onestop_asks_for_the_owner_id_and_deletes_it(database_url: str) -> None:
    store = build_store()
    dossier = next(d for d in store.all() if d.status is DossierStatus.PROCESSING and not d.plan)
    owner = dossier.owner.id_number
    # The production log set-up (configure_logging) puts this filter on every handler.
    output = io.StringIO()
    handler = logging.StreamHandler(output)
    handler.addFilter(RedactingFilter([]))
    root = logging.getLogger()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.DEBUG)
    try:
        await _owner_flow(database_url, store, dossier.code, owner)
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    assert "Processing update" in output.getvalue()  # debug logging was really on
    assert owner not in output.getvalue()


async def _owner_flow(database_url: str, store: PortalStore, code: str, owner: str) -> None:
    async with running_bot(database_url, portal=store, portal_kind="onestop") as rig:
        (ask,) = await reply_to(rig, f"/status {code}")
        assert "CCCD" in ask
        (wrong,) = await reply_to(rig, "012345678901")
        assert "không khớp" in wrong
        replies = await rig.send(USER, owner)
        chat = await rig.client.chat(USER)
    assert any("Đang xử lý" in text for text in replies.texts)
    id_messages = [m for m in chat if not m.from_bot and m.text and owner in m.text]
    assert id_messages and all(m.deleted for m in id_messages)
