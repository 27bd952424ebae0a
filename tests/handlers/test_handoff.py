"""Hand-off to staff, end to end through the fake Telegram server: a citizen, a staff
member and a group member who is not staff, in a forum support group.

The hand-off's clock is set per test (office hours depend on it); Telegram's own times do
not matter here.
"""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.calendar import VN_TZ
from bot.db.models import Handoff, HandoffLesson
from sandbox.telegram_client import ChatMessage, SentMessage
from tests.helpers.botrig import BotRig, running_bot
from tests.helpers.forged import forged_press

SUPPORT = -1001234567890
CITIZEN, OTHER_CITIZEN = 501, 502
STAFF, MEMBER = 601, 602
#: A Wednesday morning in Hà Tĩnh: the centre is open.
OPEN_HOURS = datetime(2026, 12, 2, 9, 0, tzinfo=VN_TZ)
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
ID_NUMBER = "038095001234"


@pytest.fixture
async def rig(database_url: str) -> AsyncIterator[BotRig]:
    async with running_bot(
        database_url, support_chat_id=SUPPORT, staff_ids=frozenset({STAFF})
    ) as rig:
        await rig.client.create_forum(
            SUPPORT, "Hỗ trợ công dân", members=[STAFF, MEMBER], admins=[STAFF]
        )
        set_clock(rig, OPEN_HOURS)
        yield rig


def set_clock(rig: BotRig, moment: datetime) -> None:
    rig.application.bot_data.services.handoff.clock = lambda: moment


async def count(rig: BotRig, model: Any, *where: Any) -> int:
    async with rig.application.bot_data.services.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


async def topic_messages(rig: BotRig, thread_id: int) -> list[ChatMessage]:
    """The topic's messages, without the "topic created" service message."""
    messages = await rig.client.chat(SUPPORT, message_thread_id=thread_id)
    return [m for m in messages if m.service is None]


async def mark(rig: BotRig, chat_id: int) -> int:
    """The chat's activity marker now (markers are per chat)."""
    return (await rig.client.replies_since(chat_id)).marker


async def since(rig: BotRig, chat_id: int, marker: int) -> list[ChatMessage]:
    return (await rig.client.replies_since(chat_id, after=marker)).messages


async def pressed(rig: BotRig, user: int, text: str | None = None, **kwargs: Any) -> str:
    """`user` presses a button; the text of the bot's answer to the press."""
    press = await rig.client.press_button(user, text, **kwargs)
    await rig.settled(press)
    answer = await rig.client.callback_answer(press.callback_query_id)
    return str((answer or {}).get("text") or "")


async def only_handoff_id(rig: BotRig) -> int:
    async with rig.application.bot_data.services.sessions() as session:
        return int((await session.scalars(select(Handoff.id))).one())


async def hand_off(rig: BotRig, citizen: int, question: str) -> int:
    """`citizen` asks, gets "not found", presses 💬 and consents; the topic's thread id."""
    replies = await rig.send(citizen, question)
    assert any(
        "💬 Hỏi cán bộ" in b.text for m in replies.messages for row in m.keyboard for b in row
    )
    consent = await rig.press(citizen, "💬 Hỏi cán bộ")
    assert "Cán bộ sẽ thấy" in consent.texts[0]
    opened = await rig.press(citizen, "✅ Gửi cho cán bộ")
    assert "Đã chuyển cho cán bộ" in opened.texts[0]
    topics = [t for t in await rig.client.topics(SUPPORT) if not t.get("deleted")]
    return int(topics[-1]["message_thread_id"])


async def staff_says(rig: BotRig, user: int, text: str, thread_id: int, **kw: Any) -> SentMessage:
    sent = await rig.client.send_text(
        user, text, chat_id=SUPPORT, message_thread_id=thread_id, **kw
    )
    await rig.settled(sent)
    return sent


async def test_consent_topic_and_relay_both_ways(rig: BotRig) -> None:
    thread = await hand_off(rig, CITIZEN, "xin visa đi nhật")
    [topic] = await rig.client.topics(SUPPORT)
    assert topic["name"].startswith("#") and "visa" in topic["name"]
    header = next(m for m in await topic_messages(rig, thread) if m.from_bot)
    assert "xin visa đi nhật" in (header.text or "") and "Tiếng Việt" in (header.text or "")
    assert "không tìm được thủ tục" in (header.text or "")

    # citizen → topic: text (an ID number in another spelling masked) and a photo
    said = await rig.client.send_text(CITIZEN, "số cccd 038-095-001-234, tôi cần gấp")
    await rig.settled(said)
    assert (await rig.client.replies_since(CITIZEN, after=said.marker)).messages == []
    photo = await rig.client.upload_document(
        CITIZEN, PNG, "giay.png", "image/png", kind="photo", caption="ảnh giấy hẹn"
    )
    await rig.settled(photo)
    relayed = [m for m in await topic_messages(rig, thread) if m.from_bot][1:]
    assert "tôi cần gấp" in (relayed[0].text or "") and "001" not in (relayed[0].text or "")
    assert relayed[1].photo and "ảnh giấy hẹn" in (relayed[1].caption or "")

    # staff → citizen: text and a photo
    before = await mark(rig, CITIZEN)
    await staff_says(rig, STAFF, "Visa do Đại sứ quán Nhật cấp, không phải thủ tục ở đây.", thread)
    to_citizen = await since(rig, CITIZEN, before)
    assert len(to_citizen) == 1 and "Cán bộ" in (to_citizen[0].text or "")
    assert "Đại sứ quán Nhật" in (to_citizen[0].text or "")
    before = await mark(rig, CITIZEN)
    sheet = await rig.client.upload_document(
        STAFF,
        PNG,
        "huongdan.png",
        "image/png",
        kind="photo",
        chat_id=SUPPORT,
        message_thread_id=thread,
        caption="hướng dẫn",
    )
    await rig.settled(sheet)
    got = await since(rig, CITIZEN, before)
    assert len(got) == 1 and got[0].photo and "hướng dẫn" in (got[0].caption or "")

    # a group member who is not staff is not relayed, and no one's chatter is a question
    before = await mark(rig, CITIZEN)
    chatter = await staff_says(rig, MEMBER, "cho em hỏi làm lại cccd ở đâu", thread)
    assert await since(rig, CITIZEN, before) == []
    assert (await rig.client.replies_since(SUPPORT, after=chatter.marker)).messages == []
    async with rig.application.bot_data.services.sessions() as session:
        row = (await session.scalars(select(Handoff))).one()
    assert row.first_reply_at is not None and row.state == "open"


async def test_closing_rating_and_back_to_the_bot(rig: BotRig) -> None:
    thread = await hand_off(rig, CITIZEN, "xin visa đi nhật")
    refused = await staff_says(rig, MEMBER, "/dong", thread)
    assert "Chỉ cán bộ" in (await rig.client.replies_since(SUPPORT, after=refused.marker)).texts[0]
    before = await mark(rig, CITIZEN)
    await staff_says(rig, STAFF, "/dong", thread)
    told = await since(rig, CITIZEN, before)
    assert len(told) == 1 and "đã kết thúc" in (told[0].text or "")
    assert [t["closed"] for t in await rig.client.topics(SUPPORT)] == [True]
    rating = await pressed(rig, CITIZEN, "👍 Hữu ích", message_id=told[0].message_id)
    assert "Cảm ơn" in rating
    handoff_id = await only_handoff_id(rig)
    _, again = await forged_press(rig, CITIZEN, f"t:r:{handoff_id}:0")  # a second rating
    assert again is not None and "không còn hiệu lực" in again["text"]
    await rig.ask(OTHER_CITIZEN, "/start")
    _, forged = await forged_press(rig, OTHER_CITIZEN, f"t:r:{handoff_id}:0")  # not theirs
    assert forged is not None and "không còn hiệu lực" in forged["text"]
    async with rig.application.bot_data.services.sessions() as session:
        row = (await session.scalars(select(Handoff))).one()
    assert (row.state, row.rating, row.closed_by) == ("closed", 1, f"tg:{STAFF}")
    # the citizen talks to the bot again
    card = await rig.ask(CITIZEN, "làm lại căn cước bị mất")
    assert any("căn cước" in text.lower() for text in card)
    assert len(await topic_messages(rig, thread)) == len(await topic_messages(rig, thread))


async def test_two_citizens_at_once_in_two_topics(rig: BotRig) -> None:
    first = await hand_off(rig, CITIZEN, "xin visa đi nhật")
    consent = await rig.ask(
        OTHER_CITIZEN, f"/hoicanbo tranh chấp ranh giới đất với hàng xóm, CCCD {ID_NUMBER}"
    )
    assert "tranh chấp ranh giới đất" in consent[0] and "[số giấy tờ]" in consent[0]
    assert ID_NUMBER not in consent[0]
    await rig.press(OTHER_CITIZEN, "✅ Gửi cho cán bộ")
    topics = await rig.client.topics(SUPPORT)
    assert len(topics) == 2 and len({t["message_thread_id"] for t in topics}) == 2
    second = next(t["message_thread_id"] for t in topics if t["message_thread_id"] != first)
    one = await rig.client.send_text(CITIZEN, "tin của người thứ nhất")
    two = await rig.client.send_text(OTHER_CITIZEN, "tin của người thứ hai")
    await rig.settled(one)
    await rig.settled(two)
    assert any("thứ nhất" in (m.text or "") for m in await topic_messages(rig, first))
    assert not any("thứ hai" in (m.text or "") for m in await topic_messages(rig, first))
    second_topic = await topic_messages(rig, second)
    assert any("thứ hai" in (m.text or "") for m in second_topic)
    assert not any(ID_NUMBER in (m.text or "") for m in second_topic)
    assert "[số giấy tờ]" in (second_topic[0].text or "")  # the header
    before = (await mark(rig, CITIZEN), await mark(rig, OTHER_CITIZEN))
    await staff_says(rig, STAFF, "Chào anh, anh cần mang sổ đỏ.", second)
    assert await since(rig, CITIZEN, before[0]) == []
    assert len(await since(rig, OTHER_CITIZEN, before[1])) == 1
    # one open hand-off per citizen
    again = await rig.ask(CITIZEN, "/hoicanbo câu khác")
    assert "đang được cán bộ hỗ trợ" in again[0]


@pytest.mark.parametrize(
    ("moment", "opening"),
    [
        (datetime(2026, 12, 6, 10, 0, tzinfo=VN_TZ), "thứ Hai 07/12 lúc 07:30"),  # a Sunday
        (datetime(2027, 1, 1, 9, 0, tzinfo=VN_TZ), "thứ Hai 04/01 lúc 07:30"),  # New Year's Day
        (datetime(2026, 12, 2, 12, 0, tzinfo=VN_TZ), "thứ Tư 02/12 lúc 13:30"),  # lunch break
    ],
)
async def test_out_of_hours_the_citizen_is_told_when_staff_read(
    rig: BotRig, moment: datetime, opening: str
) -> None:
    set_clock(rig, moment)
    await rig.ask(CITIZEN, "/hoicanbo hỏi về giấy phép xây dựng nhà ở nông thôn")
    opened = await rig.press(CITIZEN, "✅ Gửi cho cán bộ")
    assert "Đã chuyển cho cán bộ" in opened.texts[0]
    assert "ngoài giờ làm việc" in opened.texts[1] and opening in opened.texts[1]


async def test_in_office_hours_no_after_hours_notice(rig: BotRig) -> None:
    await rig.ask(CITIZEN, "/hoicanbo hỏi về giấy phép xây dựng")
    opened = await rig.press(CITIZEN, "✅ Gửi cho cán bộ")
    assert len(opened.texts) == 1


async def test_teaching_the_bot_and_forget(rig: BotRig) -> None:
    thread = await hand_off(rig, CITIZEN, "xin visa đi nhật")
    await staff_says(rig, STAFF, "Visa do Đại sứ quán cấp; bot nên nói vậy.", thread)
    stored = await rig.client.chat(SUPPORT, message_thread_id=thread)
    answer_id = next(m.message_id for m in stored if m.text and "Đại sứ quán" in m.text)
    taught = await staff_says(rig, STAFF, "/daybot", thread, reply_to_message_id=answer_id)
    assert "hộp thư" in (await rig.client.replies_since(SUPPORT, after=taught.marker)).texts[0]
    async with rig.application.bot_data.services.sessions() as session:
        lesson = (await session.scalars(select(HandoffLesson))).one()
    assert lesson.question == "xin visa đi nhật" and "Đại sứ quán" in lesson.answer
    refused = await staff_says(rig, MEMBER, "/daybot đừng học", thread)
    assert "Chỉ cán bộ" in (await rig.client.replies_since(SUPPORT, after=refused.marker)).texts[0]

    mydata = await rig.ask(CITIZEN, "/mydata")
    assert "Lần hỏi cán bộ" in mydata[0] and "nội dung): 1" in mydata[0]
    await rig.ask(CITIZEN, "/forget")
    await rig.press(CITIZEN, "🗑 Xóa dữ liệu của tôi")
    assert await count(rig, Handoff) == 0 and await count(rig, HandoffLesson) == 0


async def test_waiting_hand_offs_are_listed_for_staff(rig: BotRig) -> None:
    await rig.ask(CITIZEN, "/hoicanbo hỏi về giấy phép xây dựng")
    await rig.press(CITIZEN, "✅ Gửi cho cán bộ")
    set_clock(rig, datetime(2026, 12, 2, 10, 0, tzinfo=VN_TZ))  # one working hour later
    early = await rig.ask(STAFF, "/stats")
    assert any("Không có cuộc hỗ trợ nào chờ quá 4 giờ" in text for text in early)
    set_clock(rig, datetime(2026, 12, 3, 8, 0, tzinfo=VN_TZ))  # 6.5 working hours later
    late = await rig.ask(STAFF, "/stats")
    listed = next(text for text in late if "chờ cán bộ trả lời" in text)
    assert "6.5 giờ làm việc" in listed


async def test_without_a_support_group_the_bot_gives_the_hotline(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        replies = await rig.send(CITIZEN, "xin visa đi nhật")
        buttons = [b.text for m in replies.messages for row in m.keyboard for b in row]
        assert "💬 Hỏi cán bộ" not in buttons
        text = await rig.ask(CITIZEN, "/hoicanbo")
        assert "tổng đài" in text[0]


async def test_the_close_button_in_the_topic_is_for_staff_only(rig: BotRig) -> None:
    thread = await hand_off(rig, CITIZEN, "xin visa đi nhật")
    header = next(m for m in await topic_messages(rig, thread) if m.keyboard)
    refused = await pressed(
        rig, MEMBER, "✅ Kết thúc", message_id=header.message_id, chat_id=SUPPORT
    )
    assert "Chỉ cán bộ" in refused
    assert [t["closed"] for t in await rig.client.topics(SUPPORT)] == [False]
    before = await mark(rig, CITIZEN)
    await pressed(rig, STAFF, "✅ Kết thúc", message_id=header.message_id, chat_id=SUPPORT)
    assert [t["closed"] for t in await rig.client.topics(SUPPORT)] == [True]
    told = await since(rig, CITIZEN, before)
    assert len(told) == 1 and "đã kết thúc" in (told[0].text or "")
    again = await pressed(rig, STAFF, "✅ Kết thúc", message_id=header.message_id, chat_id=SUPPORT)
    assert "đã kết thúc" in again
    assert len(await since(rig, CITIZEN, before)) == 1  # told once


async def test_after_a_thumbs_down_and_in_help_a_person_is_offered(rig: BotRig) -> None:
    card = await rig.send(CITIZEN, "làm lại căn cước bị mất")
    thumbs = next(
        b.text for m in card.messages for row in m.keyboard for b in row if "👎" in b.text
    )
    after = await rig.press(CITIZEN, thumbs)
    offered = [b.text for m in after.messages for row in m.keyboard for b in row]
    assert "💬 Hỏi cán bộ" in offered
    consent = await rig.press(CITIZEN, "💬 Hỏi cán bộ")
    assert "làm lại căn cước bị mất" in consent.texts[0]  # the question the 👎 was about
    help_reply = await rig.send(CITIZEN, "/help")
    assert "/hoicanbo" in help_reply.texts[0]
    assert [b.text for row in help_reply.messages[0].keyboard for b in row] == ["💬 Hỏi cán bộ"]
