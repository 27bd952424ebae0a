"""A question about one's own dossier without its code, end to end through the fake Telegram
server: the guidance (where to find the code, the official lookup, the hotline) with the
"✍️ Nhập mã hồ sơ" button; the button, then a code, gives the status card (the wait lives
in the database); a named procedure brings its usual time; English too."""

from __future__ import annotations

from bot.db.models import PendingStep
from bot.portal.status import DossierStatus
from sandbox.portal_sim import build_store
from sandbox.telegram_client import ChatMessage
from tests.helpers.botrig import BotRig, running_bot
from tests.helpers.db import count_rows

USER = 8201
LOOKUP = "https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html"
ENTER_VI = "✍️ Nhập mã hồ sơ"


async def say(rig: BotRig, text: str, user: int = USER) -> list[ChatMessage]:
    replies = await rig.send(user, text)
    assert replies.messages, f"no reply to {text!r}"
    return replies.messages


async def press(rig: BotRig, label: str, message_id: int, user: int = USER) -> ChatMessage:
    replies = await rig.press(user, label, message_id)
    assert replies.messages, f"nothing happened after pressing {label!r}"
    return replies.last


def labels(message: ChatMessage) -> list[str]:
    return [text for row in message.button_texts for text in row]


async def test_question_without_code_gets_guidance_then_button_and_code_give_the_card(
    database_url: str,
) -> None:
    store = build_store()
    dossier = next(d for d in store.all() if d.status is DossierStatus.PROCESSING and not d.plan)
    async with running_bot(database_url, portal=store) as rig:
        (guide,) = await say(rig, "làm căn cước 3 tháng rồi chưa thấy trả")
        assert "Phiếu tiếp nhận và hẹn trả kết quả" in guide.body
        assert "Hồ sơ của tôi" in guide.body and "VNeID" in guide.body
        assert "SMS" in guide.body and LOOKUP in guide.body and "18001096" in guide.body
        assert labels(guide) == [ENTER_VI, "🔗 Tra cứu trên trang chính thức"]
        assert any(b.url == LOOKUP for b in guide.buttons)
        asked = await press(rig, ENTER_VI, guide.message_id)
        assert "mã hồ sơ" in asked.body
        assert await count_rows(database_url, PendingStep) == 1  # the wait is in the database
        # typed with spaces instead of dashes: only the waiting step reads it as a code
        spaced = dossier.code.replace("-", " ")
        (card,) = await say(rig, spaced)
        assert dossier.code in card.body and "Đang xử lý" in card.body
        assert "🔔 Theo dõi hồ sơ này" in labels(card)
        assert await count_rows(database_url, PendingStep) == 0  # taken once
        assert rig.state.api_errors == []


async def test_a_malformed_code_is_explained_and_the_retry_is_taken(database_url: str) -> None:
    store = build_store()
    dossier = next(d for d in store.all() if d.status is DossierStatus.RECEIVED and not d.plan)
    agency, day, seq = dossier.code.rsplit("-", 2)
    async with running_bot(database_url, portal=store) as rig:
        (guide,) = await say(rig, "hồ sơ của em nộp lâu rồi sao chưa có kết quả")
        await press(rig, ENTER_VI, guide.message_id)
        (problem,) = await say(rig, f"{agency}-{day}{seq}")
        assert "thiếu một phần" in problem.body
        (card,) = await say(rig, f"{agency} {day} {seq}")
        assert dossier.code in card.body and "Đã tiếp nhận" in card.body


async def test_a_question_after_the_button_is_still_a_question(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        (guide,) = await say(rig, "bao giờ em nhận được tiền trợ cấp")
        await press(rig, ENTER_VI, guide.message_id)
        (card,) = await say(rig, "làm hộ chiếu lần đầu")  # no digits: not taken as a code
        assert "1.001456" in card.body


async def test_a_code_in_the_same_message_goes_straight_to_the_card(database_url: str) -> None:
    store = build_store()
    dossier = next(d for d in store.all() if d.status is DossierStatus.PROCESSING and not d.plan)
    async with running_bot(database_url, portal=store) as rig:
        (card,) = await say(rig, f"hồ sơ {dossier.code} em nộp tuần trước giờ sao rồi")
    assert dossier.code in card.body and "Đang xử lý" in card.body


async def test_a_named_procedure_brings_its_usual_time(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        (guide,) = await say(rig, "hồ sơ cấp hộ chiếu của em đã được duyệt chưa")
        assert "Thời hạn giải quyết thường" in guide.body
        assert "Cấp hộ chiếu phổ thông" in guide.body
        assert "Trực tuyến: 8 ngày làm việc" in guide.body
        assert "Nếu đã quá ngày hẹn trả" in guide.body and "Bộ phận Một cửa" in guide.body
        (plain,) = await say(rig, "hồ sơ của tôi quá hẹn rồi")  # no procedure named
        assert "Thời hạn giải quyết thường" not in plain.body
        assert "Nếu đã quá ngày hẹn trả" in plain.body
        assert rig.state.api_errors == []


async def test_english_guidance(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        await say(rig, "/lang en")
        (guide,) = await say(rig, "I applied for a passport three weeks ago and still nothing")
        assert "receipt and appointment slip" in guide.body and LOOKUP in guide.body
        assert labels(guide)[0] == "✍️ Enter the dossier code"
        asked = await press(rig, "✍️ Enter the dossier code", guide.message_id)
        assert "dossier code" in asked.body


async def test_status_command_without_a_code_gives_the_guidance(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        (guide,) = await say(rig, "/status")
    assert "Phiếu tiếp nhận và hẹn trả kết quả" in guide.body
    assert ENTER_VI in labels(guide)


async def test_the_menu_button_waits_for_the_code_too(database_url: str) -> None:
    store = build_store()
    dossier = next(d for d in store.all() if d.status is DossierStatus.PROCESSING and not d.plan)
    async with running_bot(database_url, portal=store) as rig:
        (welcome,) = await say(rig, "/start")
        asked = await press(rig, "📋 Tra cứu hồ sơ", welcome.message_id)
        assert "mã hồ sơ" in asked.body
        assert await count_rows(database_url, PendingStep) == 1  # the wait is in the database
        (card,) = await say(rig, dossier.code.replace("-", " "))
        assert dossier.code in card.body and "Đang xử lý" in card.body
        assert await count_rows(database_url, PendingStep) == 0
