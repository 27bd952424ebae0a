"""Unknown commands get a pointer to /help; a photo's caption is a question like a text;
a message without text gets "I read text" in a private chat, and nothing in a group."""

from __future__ import annotations

import pytest

from bot.flood import FloodLimiter
from bot.telegram.commands import COMMANDS
from sandbox.telegram_state import TelegramState
from tests.helpers.botrig import TEST_TOKEN, running_bot

USER = 9401
GROUP = -100940
UNKNOWN = "Tôi không biết lệnh này. Gửi /help để xem các lệnh tôi hiểu."
READS_TEXT = "Tôi chỉ đọc được tin nhắn chữ"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + (64).to_bytes(4, "big") * 2 + b"\x00" * 32
STAFF_COMMANDS = ("unanswered", "stats", "console")


async def test_an_unknown_command_points_to_help(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        assert await rig.ask(USER, "/hello") == [UNKNOWN]
        assert await rig.ask(USER, "/status_of_my_thing abc") == [UNKNOWN]
        (english,) = await rig.ask(USER + 1, "/hello", language_code="en")
    assert "/help" in english and "do not know this command" in english


async def test_no_registered_command_is_taken_for_unknown(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        rig.application.bot_data.services.flood = FloodLimiter(burst=10_000)
        for name in [name for name, _ in COMMANDS] + list(STAFF_COMMANDS):
            replies = await rig.ask(USER, f"/{name}")
            assert replies and UNKNOWN not in replies, name


async def test_unknown_commands_in_a_group_only_when_they_name_this_bot(
    database_url: str,
) -> None:
    async with running_bot(database_url) as rig:
        await rig.client.create_group(GROUP, "Tổ dân phố")
        username = rig.application.bot.username
        assert await rig.ask(USER, f"/hello@{username}", chat_id=GROUP) == [UNKNOWN]
        assert await rig.ask(USER, "/hello@another_bot", chat_id=GROUP) == []
        assert await rig.ask(USER, "/hello", chat_id=GROUP) == []  # maybe another bot's


async def test_a_photo_captioned_with_a_question_gets_the_same_card(database_url: str) -> None:
    question = "lam lai cccd o dau"
    async with running_bot(database_url) as rig:
        text_card = (await rig.send(USER, question)).last
        sent = await rig.client.upload_document(
            USER, PNG, "cccd.png", "image/png", caption=question, kind="photo"
        )
        photo_card = (await rig.replies(sent, USER)).last
    assert "căn cước" in text_card.body.lower()
    assert photo_card.body == text_card.body
    assert photo_card.button_texts == text_card.button_texts


@pytest.mark.parametrize(
    ("kind", "caption"), [("photo", None), ("document", None), ("photo", "😀👍"), ("photo", " ")]
)
async def test_a_message_without_usable_text_gets_i_read_text(
    database_url: str, kind: str, caption: str | None
) -> None:
    async with running_bot(database_url) as rig:
        sent = await rig.client.upload_document(
            USER, PNG, "a.png", "image/png", caption=caption, kind=kind
        )
        (reply,) = (await rig.replies(sent, USER)).texts
    assert READS_TEXT in reply


async def test_in_a_group_the_bot_does_not_answer_every_photo(database_url: str) -> None:
    state = TelegramState(TEST_TOKEN, group_privacy=False)  # the bot sees every message
    async with running_bot(database_url, state=state) as rig:
        await rig.client.create_group(GROUP, "Tổ dân phố")
        for caption in (None, "ảnh đẹp quá"):
            sent = await rig.client.upload_document(
                USER, PNG, "a.png", "image/png", caption=caption, chat_id=GROUP, kind="photo"
            )
            assert (await rig.replies(sent, GROUP)).messages == []
        username = rig.application.bot.username
        sent = await rig.client.upload_document(
            USER,
            PNG,
            "a.png",
            "image/png",
            caption=f"@{username} lam lai cccd o dau",
            chat_id=GROUP,
            kind="photo",
        )
        (card,) = (await rig.replies(sent, GROUP)).messages
    assert "căn cước" in card.body.lower()
