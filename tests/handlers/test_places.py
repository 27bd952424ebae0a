"""Where the citizen lives, end to end through the fake Telegram server: /noio with a former
name, the card's "📍 Nơi nộp" naming the new commune's centre (Vietnamese and English),
"xã Thạch Trị cũ giờ là xã nào?" answered directly, ambiguous and divided names asked back
with buttons, /mydata and /forget."""

from __future__ import annotations

from bot.db.models import QueryLog, UserPlace
from sandbox.telegram_client import ChatMessage
from tests.helpers.botrig import BotRig, running_bot
from tests.helpers.db import count_rows

USER = 8101
CARD_QUESTION = "làm lại căn cước bị mất"  # 1.014064: Cấp xã, Công an cấp xã
CENTRE_VI = "Trung tâm Phục vụ hành chính công xã Đồng Tiến"


async def say(rig: BotRig, user_id: int, text: str) -> ChatMessage:
    replies = await rig.send(user_id, text)
    assert replies.messages, f"no reply to {text!r}"
    return replies.last


async def press(
    rig: BotRig, user_id: int, label: str, message_id: int | None = None
) -> ChatMessage:
    replies = await rig.press(user_id, label, message_id)
    assert replies.messages, f"nothing happened after pressing {label!r}"
    return replies.last


async def where_section(rig: BotRig, user_id: int, button: str) -> str:
    card = await say(rig, user_id, CARD_QUESTION)
    return (await press(rig, user_id, button, card.message_id)).body


async def test_old_name_then_the_card_names_the_new_commune_centre(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        before = await where_section(rig, USER, "📍 Nơi nộp")
        assert "/noio" in before and "Đồng Tiến" not in before
        saved = await say(rig, USER, "/noio Thạch Trị")
        assert "Đã ghi nhớ nơi ở của bạn: xã Đồng Tiến" in saved.body
        assert "Xã Thạch Trị cũ (thành phố Hà Tĩnh) nay thuộc xã Đồng Tiến" in saved.body
        where = await where_section(rig, USER, "📍 Nơi nộp")
        assert CENTRE_VI in where
        assert "Công an xã Đồng Tiến" in where  # the card's agency is Công an cấp xã
        await say(rig, USER, "/lang en")
        where_en = await where_section(rig, USER, "📍 Where to go")
        assert "public administration service centre of Đồng Tiến commune" in where_en
        assert f"({CENTRE_VI})" in where_en
        assert rig.state.api_errors == []


async def test_question_about_a_former_commune_is_answered_directly(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        answer = await say(rig, USER, "xã Thạch Trị cũ giờ là xã nào?")
        assert "xã Thạch Trị cũ (thành phố Hà Tĩnh) từ 1/7/2025 thuộc xã Đồng Tiến" in answer.body
        assert CENTRE_VI in answer.body
        saved = await press(rig, USER, "📍 Ghi nhớ: tôi ở xã Đồng Tiến", answer.message_id)
        assert saved.edited and "Đã ghi nhớ nơi ở của bạn: xã Đồng Tiến" in saved.body
        other = await say(rig, USER, "thi tran ky dong bay gio la phuong nao")
        assert "thị trấn Kỳ Đồng cũ (huyện Kỳ Anh) từ 1/7/2025 thuộc xã Kỳ Anh" in other.body
    assert await count_rows(database_url, QueryLog) == 0  # answered before the search


async def test_noio_asks_and_takes_the_next_message(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        asked = await say(rig, USER, "/noio")
        assert "xã/phường nào" in asked.body
        saved = await say(rig, USER, "thi tran ky dong")
        assert "Đã ghi nhớ nơi ở của bạn: xã Kỳ Anh" in saved.body
        card = await say(rig, USER, CARD_QUESTION)  # afterwards, text is a question again
        assert "1.014064" in card.body
        await say(rig, USER, "/noio")
        card = await say(rig, USER, CARD_QUESTION)  # asked, but the user moved on
        assert "1.014064" in card.body
        not_found = await say(rig, USER, "/noio Hà Nội")
        assert "Không tìm thấy" in not_found.body and "/noio Thạch Trị" in not_found.body
        again = await say(rig, USER, "Thạch Trịi")  # asked again: the retry (one typo) is taken
        assert "xã Đồng Tiến" in again.body


async def test_ambiguous_and_divided_names_ask_back(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        ambiguous = await say(rig, USER, "/noio phường Trần Phú")
        labels = [text for row in ambiguous.button_texts for text in row]
        assert labels == [
            "phường Trần Phú (mới)",
            "phường Trần Phú cũ (thành phố Hà Tĩnh) → phường Thành Sen",
        ]
        chosen = await press(rig, USER, labels[1], ambiguous.message_id)
        assert "Đã ghi nhớ nơi ở của bạn: phường Thành Sen" in chosen.body
        divided = await say(rig, USER, "/noio xa Ky Loi")
        assert "đã được chia cho" in divided.body
        labels = [text for row in divided.button_texts for text in row]
        assert len(labels) == 3 and "📍 Ghi nhớ: tôi ở phường Vũng Áng" in labels
        chosen = await press(rig, USER, "📍 Ghi nhớ: tôi ở phường Vũng Áng", divided.message_id)
        assert "Đã ghi nhớ nơi ở của bạn: phường Vũng Áng" in chosen.body
        assert rig.state.api_errors == []


async def test_mydata_shows_the_commune_and_forget_removes_it(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        await say(rig, USER, "/noio Thạch Trị")
        mydata = await say(rig, USER, "/mydata")
        assert "Xã/phường nơi ở (bạn cho biết qua /noio): xã Đồng Tiến" in mydata.body
        confirm = await say(rig, USER, "/forget")
        assert "nơi ở" in confirm.body
        done = await press(rig, USER, "🗑 Xóa dữ liệu của tôi")
        assert "Đã xóa" in done.body
        assert await count_rows(database_url, UserPlace) == 0
        mydata = await say(rig, USER, "/mydata")
        assert "xã Đồng Tiến" not in mydata.body


async def test_noio_in_the_command_menu_and_help(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        registered = await rig.client.commands()
        help_text = (await say(rig, USER, "/help")).body
    by_lang = {entry.get("language_code") or "": entry for entry in registered}
    for lang in ("", "en"):
        assert "noio" in [c["command"] for c in by_lang[lang]["commands"]]
    assert "/noio" in help_text
