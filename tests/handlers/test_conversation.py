"""The citizen's conversation end to end: question → card, clarify, none, sections,
checklist, deep link, inline mode, groups, feedback and the flood limit."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from bot.db.engine import create_engine, session_factory
from bot.db.models import Feedback, QueryLog
from procedures_catalog.loader import load_bundled
from sandbox.telegram_client import ChatMessage
from sandbox.telegram_state import TelegramState
from tests.helpers.botrig import TEST_TOKEN, BotRig, running_bot
from tests.helpers.db import count_rows

USER = 7001
HOTLINE = "18001096"
PORTAL_SEARCH = "https://dichvucong.gov.vn/thu-tuc-hanh-chinh"
MENU_VI = {"🔎 Tìm thủ tục", "📋 Tra cứu hồ sơ", "📌 Hồ sơ tôi theo dõi", "❓ Hướng dẫn"}
MENU_EN = {"🔎 Find a procedure", "📋 Check a dossier", "📌 My dossiers", "❓ Help"}


async def logged(database_url: str) -> list[tuple[str, str, str]]:
    """(question, intent, decision) of every query-log row, oldest first."""
    engine = create_engine(database_url)
    try:
        async with session_factory(engine)() as session:
            stmt = select(QueryLog.query, QueryLog.intent, QueryLog.decision).order_by(QueryLog.id)
            return [(q, i, d) for q, i, d in (await session.execute(stmt)).all()]
    finally:
        await engine.dispose()


async def ask_message(rig: BotRig, user_id: int, text: str, **kwargs: object) -> ChatMessage:
    replies = await rig.send(user_id, text, **kwargs)
    assert replies.messages, f"no reply to {text!r}"
    return replies.last


async def press(rig: BotRig, user_id: int, text: str, message_id: int | None = None) -> ChatMessage:
    replies = await rig.press(user_id, text, message_id)
    assert replies.messages, f"nothing happened after pressing {text!r}"
    return replies.last


async def test_confident_question_gets_the_card(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        card = await ask_message(rig, USER, "làm lại căn cước bị mất")
    assert "Cấp lại thẻ căn cước" in card.body
    assert "1.014064" in card.body
    flat = [text for row in card.button_texts for text in row]
    for label in ("📄 Giấy tờ", "💻 Nộp trực tuyến", "📍 Nơi nộp", "⏱ Thời gian, lệ phí"):
        assert label in flat
    assert any(b.url and "dichvucong.gov.vn" in b.url for b in card.buttons)


async def test_each_section_edits_the_card(database_url: str) -> None:
    expectations = {
        "📄 Giấy tờ": ["Giấy tờ cần chuẩn bị", "DC02"],
        "💻 Nộp trực tuyến": ["VNeID", "1.014064", "mã hồ sơ"],
        "📍 Nơi nộp": ["Công an cấp xã"],
        "⏱ Thời gian, lệ phí": ["Trực tuyến", "7 ngày làm việc", "70.000 đồng"],
        "⚖️ Căn cứ pháp lý": ["Luật Căn cước", "5710/QĐ-BCA-C06"],
    }
    async with running_bot(database_url) as rig:
        card = await ask_message(rig, USER, "làm lại căn cước bị mất")
        for button, needles in expectations.items():
            shown = await press(rig, USER, button, card.message_id)
            assert shown.message_id == card.message_id and shown.edited
            for needle in needles:
                assert needle in shown.body, (button, needle)
        back = await press(rig, USER, "⬅️ Quay lại", card.message_id)
        assert "Cập nhật lần cuối" in back.body
        assert rig.state.api_errors == []


async def test_nothing_relevant_is_said_honestly(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        reply = await ask_message(rig, USER, "asdfgh qwerty zxcvb")
    assert "chưa tìm thấy" in reply.body
    assert HOTLINE in reply.body
    assert await count_rows(database_url, QueryLog) == 1


async def test_off_catalog_question_is_told_honestly_in_both_languages(
    database_url: str,
) -> None:
    async with running_bot(database_url) as rig:
        vi = await ask_message(rig, USER, "xin visa đi Nhật")
        await ask_message(rig, USER, "/lang en")
        en = await ask_message(rig, USER, "xin visa đi Nhật")
        assert rig.state.api_errors == []
    assert "chưa có thủ tục này" in vi.body
    assert "I don't have this procedure" in en.body
    for reply, menu in ((vi, MENU_VI), (en, MENU_EN)):
        assert PORTAL_SEARCH in reply.body and HOTLINE in reply.body
        # no procedure card, no guessed procedure, no field guessed from a stray word
        assert "Mã thủ tục" not in reply.body and "Procedure code" not in reply.body
        assert "Cấp giấy phép lái xe" not in reply.body and "Sát hạch" not in reply.body
        assert {t for row in reply.button_texts for t in row} <= menu
    rows = await logged(database_url)
    assert [(q, d) for q, _, d in rows] == [("xin visa đi Nhật", "none")] * 2
    assert {i for _, i, _ in rows} == {"procedure"}  # shown to staff in /unanswered


async def test_a_weak_but_agreeing_search_names_the_field_only(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        reply = await ask_message(rig, USER, "tư vấn vay vốn tín chấp cho hộ kinh doanh")
    assert "chưa có thủ tục này" in reply.body
    # the weak candidates all sit in one field: it is named, no procedure is guessed
    assert "lĩnh vực Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)." in reply.body
    assert "Mã thủ tục" not in reply.body and "Đăng ký" not in reply.body
    assert PORTAL_SEARCH in reply.body and HOTLINE in reply.body


async def test_a_number_alone_gets_no_list_of_procedures(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        for text in ("2", "hả", "..."):
            reply = await ask_message(rig, USER, text)
            assert "Bạn hãy gõ tên thủ tục" in reply.body, text
            labels = {t for row in reply.button_texts for t in row}
            assert "Không phải các thủ tục trên" not in labels
            assert labels <= MENU_VI


async def test_ambiguous_question_asks_back(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        # no plain-word question tells these apart (tests/handlers/test_clarify.py): titles
        question = await ask_message(rig, USER, "sửa ngày sinh sai trong giấy khai sinh")
        assert "thủ tục nào" in question.body
        labels = [t for row in question.button_texts for t in row]
        assert len(labels) >= 3 and "Không phải các thủ tục trên" in labels
        chosen = labels[0]
        card = await press(rig, USER, chosen, question.message_id)
    assert card.message_id == question.message_id
    assert "Mã thủ tục" in card.body


async def test_checklist_ticks_persist_across_restart(database_url: str) -> None:
    state = TelegramState(TEST_TOKEN)
    documents = len(next(p for p in load_bundled() if p.code == "1.014064").documents)
    assert documents >= 2
    async with running_bot(database_url, state=state) as rig:
        card = await ask_message(rig, USER, "làm lại căn cước bị mất")
        checklist = await press(rig, USER, "✅ Đánh dấu giấy tờ", card.message_id)
        assert f"Còn thiếu {documents} giấy tờ" in checklist.body
        first_doc = checklist.button_texts[0][0]
        ticked = await press(rig, USER, first_doc, card.message_id)
        assert ticked.button_texts[0][0].startswith("☑️")
        assert f"Còn thiếu {documents - 1} giấy tờ" in ticked.body
    async with running_bot(database_url, state=state) as rig:  # restarted bot, same DB
        card = await ask_message(rig, USER, "làm lại căn cước bị mất")
        checklist = await press(rig, USER, "✅ Đánh dấu giấy tờ", card.message_id)
        assert checklist.button_texts[0][0].startswith("☑️")
        assert f"Còn thiếu {documents - 1} giấy tờ" in checklist.body
        for row in checklist.button_texts[1:documents]:
            checklist = await press(rig, USER, row[0], card.message_id)
        assert f"đủ {documents} giấy tờ" in checklist.body


async def test_deep_link_opens_the_card(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        card = await ask_message(rig, USER, "/start p_1_000894")
    assert "Đăng ký kết hôn" in card.body and "1.000894" in card.body


async def test_inline_query_returns_cards(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        answer = await rig.client.inline_query(USER, "đăng ký kết hôn")
        assert answer.results, answer
        first = answer.results[0]
    assert first["id"] == "1.000894"
    assert "Đăng ký kết hôn" in first["input_message_content"]["message_text"]
    assert "start=p_1_000894" in first["reply_markup"]["inline_keyboard"][0][0]["url"]


async def test_group_answers_commands_and_mentions_only(database_url: str) -> None:
    group = -100500
    async with running_bot(database_url) as rig:
        await rig.client.create_group(group, "Tổ dân phố")
        # Group privacy: Telegram does not even deliver this one to the bot.
        ignored = await rig.send(USER, "đăng ký kết hôn", chat_id=group)
        assert ignored.messages == []
        username = rig.application.bot.username
        replies = await rig.send(USER, f"@{username} làm lại căn cước bị mất", chat_id=group)
        assert "Cấp lại thẻ căn cước" in replies.last.body
        replies = await rig.send(USER, f"/help@{username}", chat_id=group)
        assert "/start" in replies.last.body


async def test_feedback_is_stored_and_thumbs_down_offers_alternatives(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        card = await ask_message(rig, USER, "làm lại căn cước bị mất")
        pressed = await rig.client.press_button(USER, "👍 Hữu ích", card.message_id)
        answer = await rig.client.callback_answer(pressed.callback_query_id)
        assert answer and "Cảm ơn" in (answer.get("text") or "")
        down = await press(rig, USER, "👎 Chưa đúng", card.message_id)
        assert "chưa đúng" in down.body and HOTLINE in down.body
        labels = [t for row in down.button_texts for t in row]
        assert labels and "Cấp lại thẻ căn cước" not in labels
    assert await count_rows(database_url, Feedback) == 2


async def test_the_answer_comes_even_when_the_question_cannot_be_logged(
    database_url: str,
) -> None:
    async def broken_log(session: object, rows: object) -> list[int]:
        raise OperationalError("INSERT INTO query_log", {}, Exception("database is locked"))

    async with running_bot(database_url) as rig:
        rig.application.bot_data.services.query_log._write = broken_log
        card = await ask_message(rig, USER, "làm lại căn cước bị mất")
        assert "Cấp lại thẻ căn cước" in card.body
        pressed = await rig.client.press_button(USER, "👍 Hữu ích", card.message_id)
        answer = await rig.client.callback_answer(pressed.callback_query_id)
        assert answer and "Cảm ơn" in (answer.get("text") or "")
    assert await count_rows(database_url, QueryLog) == 0
    assert await count_rows(database_url, Feedback) == 1  # kept, without the query


async def test_flood_gets_one_polite_message(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        marker = None
        for i in range(15):
            sent = await rig.client.send_text(USER, f"/help {i}")
            marker = marker or sent.marker
        await rig.settled()  # every one of the 15 handled
        replies = await rig.client.replies_since(USER, after=marker or 0)
    flood = [t for t in replies.texts if "hơi nhanh" in t]
    assert len(flood) == 1
    assert len(replies.texts) < 15


async def test_english_user_gets_english_card(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        await ask_message(rig, USER, "/lang en")
        card = await ask_message(rig, USER, "I lost my ID card, how do I get a new one?")
    assert "Procedure code" in card.body
    assert any("Documents" in t for row in card.button_texts for t in row)
