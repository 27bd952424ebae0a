"""Forum supergroups: topics created, used, closed, edited and deleted by a real PTB Bot, and
simulated users writing in topics, with the answers Telegram gives."""

from __future__ import annotations

import pytest
from telegram import Bot
from telegram.error import BadRequest

from sandbox.telegram_client import ControlApiError, TelegramSandboxClient

FORUM = -1002000000001
PLAIN = -1002000000002
STAFF = 71
CITIZEN = 72
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + (640).to_bytes(4, "big") * 2 + b"\x00" * 32


@pytest.fixture
async def forum(client: TelegramSandboxClient) -> int:
    await client.create_forum(FORUM, "Hỗ trợ hồ sơ", members=[CITIZEN], admins=[STAFF])
    return FORUM


async def test_forum_supergroup_is_reported_as_forum(
    bot: Bot, client: TelegramSandboxClient, forum: int
) -> None:
    chat = await bot.get_chat(forum)
    assert chat.is_forum and chat.type == "supergroup"
    sent = await client.send_text(CITIZEN, "/help", chat_id=forum)
    updates = await bot.get_updates(timeout=0)
    assert updates[-1].update_id == sent.update_id
    assert updates[-1].effective_chat is not None and updates[-1].effective_chat.is_forum
    await client.create_group(PLAIN, "Nhóm thường")
    assert not (await bot.get_chat(PLAIN)).is_forum


async def test_create_topic_answers_forum_topic_and_posts_the_service_message(
    bot: Bot, client: TelegramSandboxClient, forum: int
) -> None:
    topic = await bot.create_forum_topic(forum, "Hồ sơ H45.01-250101-0001", icon_color=0xFFD67E)
    assert (topic.name, topic.icon_color) == ("Hồ sơ H45.01-250101-0001", 0xFFD67E)
    default = await bot.create_forum_topic(forum, "  Câu hỏi \n chung  ")
    assert default.name == "Câu hỏi chung" and default.icon_color == 0x6FB9F0
    long = await bot.create_forum_topic(forum, "x" * 200)
    assert long.name == "x" * 128  # tdlib cuts names to 128 characters
    opening = await client.chat(forum, message_thread_id=topic.message_thread_id)
    assert len(opening) == 1 and opening[0].message_id == topic.message_thread_id
    assert opening[0].service == {
        "forum_topic_created": {"name": topic.name, "icon_color": 0xFFD67E}
    }
    listed = await client.topics(forum)
    assert [t["message_thread_id"] for t in listed] == [
        topic.message_thread_id,
        default.message_thread_id,
        long.message_thread_id,
    ]


async def test_create_topic_is_refused_like_telegram(
    bot: Bot, client: TelegramSandboxClient, forum: int
) -> None:
    await client.create_group(PLAIN, "Nhóm thường", bot_rights={"can_manage_topics": True})
    with pytest.raises(BadRequest, match=r"(?i)the chat is not a forum"):
        await bot.create_forum_topic(PLAIN, "A")
    with pytest.raises(BadRequest, match=r"(?i)title must be non-empty"):
        await bot.create_forum_topic(forum, " \n ")
    with pytest.raises(BadRequest, match=r"(?i)invalid icon color specified"):
        await bot.create_forum_topic(forum, "A", icon_color=0x123456)
    await client.create_forum(forum, can_manage_topics=False)
    with pytest.raises(BadRequest, match=r"(?i)not enough rights to create a topic"):
        await bot.create_forum_topic(forum, "A")
    await client.create_forum(forum, bot_admin=False)
    with pytest.raises(BadRequest, match=r"(?i)not enough rights to create a topic"):
        await bot.create_forum_topic(forum, "A")


async def test_messages_in_a_topic_carry_the_thread_both_ways(
    bot: Bot, client: TelegramSandboxClient, forum: int
) -> None:
    topic = await bot.create_forum_topic(forum, "Hồ sơ của Lan")
    thread = topic.message_thread_id
    asked = await client.send_text(CITIZEN, "/status", chat_id=forum, message_thread_id=thread)
    assert asked.message["message_thread_id"] == thread and asked.message["is_topic_message"]
    update = (await bot.get_updates(timeout=0))[-1]
    assert update.message is not None and update.message.is_topic_message
    assert update.message.message_thread_id == thread
    assert update.message.reply_to_message is not None  # topic messages reply to its opening
    assert update.message.reply_to_message.forum_topic_created is not None
    reply = await update.message.reply_text("Hồ sơ đang được xử lý")  # PTB keeps the thread
    assert reply.message_thread_id == thread and reply.is_topic_message
    photo = await bot.send_photo(forum, PNG, message_thread_id=thread, caption="Biên nhận")
    document = await bot.send_document(
        forum, b"%PDF-1.4", filename="don.pdf", message_thread_id=thread
    )
    assert photo.is_topic_message and document.message_thread_id == thread
    await client.upload_document(
        CITIZEN, PNG, "cccd.png", "image/png", chat_id=forum, kind="photo", message_thread_id=thread
    )
    in_topic = await client.chat(forum, message_thread_id=thread)
    assert [m.message_thread_id for m in in_topic] == [thread] * 6
    assert [m.from_bot for m in in_topic] == [True, False, True, True, True, False]
    general = await bot.send_message(forum, "Thông báo chung")
    assert general.message_thread_id is None and not general.is_topic_message


async def test_unknown_threads_are_not_found(
    bot: Bot, client: TelegramSandboxClient, forum: int
) -> None:
    await client.send_text(CITIZEN, "xin chào")
    for chat_id in (forum, CITIZEN):
        with pytest.raises(BadRequest, match=r"(?i)message thread not found"):
            await bot.send_message(chat_id, "x", message_thread_id=999)
    with pytest.raises(BadRequest, match=r"(?i)message thread not found"):
        await bot.send_document(forum, b"x", filename="a.txt", message_thread_id=999)
    with pytest.raises(ControlApiError) as refused:
        await client.send_text(CITIZEN, "x", chat_id=forum, message_thread_id=999)
    assert refused.value.status == 404


async def test_closed_topic_refuses_members_but_not_admins(
    bot: Bot, client: TelegramSandboxClient, forum: int
) -> None:
    topic = await bot.create_forum_topic(forum, "Góp ý")
    thread = topic.message_thread_id
    assert await bot.close_forum_topic(forum, thread)
    with pytest.raises(BadRequest, match=r"(?i)TOPIC_NOT_MODIFIED"):
        await bot.close_forum_topic(forum, thread)
    with pytest.raises(ControlApiError) as refused:
        await client.send_text(CITIZEN, "còn ai không?", chat_id=forum, message_thread_id=thread)
    assert refused.value.status == 403 and refused.value.details["code"] == "TOPIC_CLOSED"
    await client.send_text(STAFF, "Chủ đề đã đóng", chat_id=forum, message_thread_id=thread)
    assert (await bot.send_message(forum, "Đã đóng", message_thread_id=thread)).is_topic_message
    await client.create_forum(forum, can_manage_topics=False)
    with pytest.raises(BadRequest, match=r"(?i)TOPIC_CLOSED"):
        await bot.send_message(forum, "x", message_thread_id=thread)
    assert await bot.reopen_forum_topic(forum, thread)  # the bot created it: no right needed
    await client.send_text(CITIZEN, "cảm ơn", chat_id=forum, message_thread_id=thread)
    events = [m.service for m in await client.chat(forum, message_thread_id=thread) if m.service]
    assert [next(iter(e)) for e in events] == [
        "forum_topic_created",
        "forum_topic_closed",
        "forum_topic_reopened",
    ]


async def test_edit_and_delete_topics(bot: Bot, client: TelegramSandboxClient, forum: int) -> None:
    topic = await bot.create_forum_topic(forum, "Hồ sơ cũ")
    thread = topic.message_thread_id
    await client.send_text(CITIZEN, "hỏi", chat_id=forum, message_thread_id=thread)
    assert await bot.edit_forum_topic(forum, thread, name="Hồ sơ mới")
    with pytest.raises(BadRequest, match=r"(?i)TOPIC_NOT_MODIFIED"):
        await bot.edit_forum_topic(forum, thread, name="Hồ sơ mới")
    assert (await client.topics(forum))[0]["name"] == "Hồ sơ mới"
    with pytest.raises(BadRequest, match=r"(?i)TOPIC_ID_INVALID"):
        await bot.close_forum_topic(forum, 999)
    with pytest.raises(BadRequest, match=r"(?i)message can't be deleted"):
        await bot.delete_message(forum, thread)  # the topic's opening message
    assert await bot.delete_forum_topic(forum, thread)
    assert await client.chat(forum, include_deleted=False, message_thread_id=thread) == []
    with pytest.raises(BadRequest, match=r"(?i)message thread not found"):
        await bot.send_message(forum, "x", message_thread_id=thread)


async def test_copy_message_into_a_topic(
    bot: Bot, client: TelegramSandboxClient, forum: int
) -> None:
    topic = await bot.create_forum_topic(forum, "Công dân 72")
    text = await client.send_text(CITIZEN, "Hồ sơ của tôi nộp từ tuần trước")
    photo = await client.upload_document(CITIZEN, PNG, "a.png", "image/png", kind="photo")
    document = await client.upload_document(CITIZEN, b"%PDF", "don.pdf", "application/pdf")
    thread = topic.message_thread_id
    copied = [
        await bot.copy_message(forum, CITIZEN, text.message_id, message_thread_id=thread),
        await bot.copy_message(
            forum,
            CITIZEN,
            photo.message_id,
            message_thread_id=thread,
            caption="<b>Ảnh</b> của công dân",
            parse_mode="HTML",
        ),
        await bot.copy_message(forum, CITIZEN, document.message_id, message_thread_id=thread),
    ]
    messages = {m.message_id: m for m in await client.chat(forum, message_thread_id=thread)}
    first, second, third = (messages[c.message_id] for c in copied)
    assert first.text == "Hồ sơ của tôi nộp từ tuần trước" and first.from_bot
    assert second.photo == photo.message["photo"] and second.caption == "Ảnh của công dân"
    assert second.entities == [{"offset": 0, "length": 3, "type": "bold"}]
    assert third.document is not None and third.document["file_name"] == "don.pdf"
    with pytest.raises(BadRequest, match=r"(?i)message to copy not found"):
        await bot.copy_message(forum, CITIZEN, 999)
    with pytest.raises(BadRequest, match=r"(?i)message can't be copied"):
        await bot.copy_message(CITIZEN, forum, thread)
    with pytest.raises(BadRequest, match=r"(?i)message thread not found"):
        await bot.copy_message(forum, CITIZEN, text.message_id, message_thread_id=12345)


async def test_an_administrator_bot_sees_every_group_message(client: TelegramSandboxClient) -> None:
    """Privacy mode holds for ordinary members only: a bot that is an administrator receives
    every message of the group (Bot API, "Privacy mode")."""
    await client.create_group(-100777, "members only", members=[1])
    plain = await client.send_text(1, "xin chào mọi người", chat_id=-100777)
    assert plain.update_id is None
    await client.create_forum(-100778, members=[1])
    seen = await client.send_text(1, "xin chào mọi người", chat_id=-100778)
    assert seen.update_id is not None
