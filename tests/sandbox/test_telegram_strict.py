"""The fake server refuses what Telegram refuses (each case checked against telegram-bot-api
and tdlib sources; see the module docstrings in sandbox/)."""

from __future__ import annotations

import struct

import pytest
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest

from sandbox.telegram_client import TelegramSandboxClient
from sandbox.telegram_server import create_telegram_app
from sandbox.telegram_state import TelegramState
from tests.sandbox.conftest import TOKEN, make_bot

USER = 4343
SUPERGROUP = -1003000000001


def png(width: int, height: int, size: int = 64) -> bytes:
    header = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + struct.pack(">II", width, height)
    return header + b"\x00" * (size - len(header))


@pytest.fixture
async def started(client: TelegramSandboxClient) -> int:
    await client.send_text(USER, "/start")
    return USER


async def test_raw_text_over_32_kib_is_refused_even_if_short_once_parsed(
    bot: Bot, started: int
) -> None:
    padded = "<b></b>" * 4700 + "Xin chào"  # 32,908 bytes of HTML, 8 characters of text
    with pytest.raises(BadRequest, match=r"(?i)text is too long"):
        await bot.send_message(started, padded, parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match=r"(?i)text is too long"):
        await bot.send_photo(started, png(100, 100), caption=padded, parse_mode=ParseMode.HTML)
    fits = "<b></b>" * 4600 + "Xin chào"  # 32,208 bytes
    assert (await bot.send_message(started, fits, parse_mode=ParseMode.HTML)).text == "Xin chào"


async def test_unknown_parse_mode_is_refused(bot: Bot, started: int) -> None:
    with pytest.raises(BadRequest, match=r"(?i)unsupported parse_mode"):
        await bot.send_message(started, "<b>x</b>", parse_mode="HTML5")
    with pytest.raises(BadRequest, match=r"(?i)unsupported parse_mode"):
        await bot.send_document(started, b"x", filename="a.txt", caption="c", parse_mode="md")
    # "None" switches parsing off; without a caption the mode is not looked at.
    assert (await bot.send_message(started, "<b>x</b>", parse_mode="None")).text == "<b>x</b>"
    assert await bot.send_document(started, b"x", filename="a.txt", parse_mode="md")


async def test_edits_take_inline_keyboards_only(bot: Bot, started: int) -> None:
    sent = await bot.send_message(started, "Chọn thủ tục")
    reply_keyboard = ReplyKeyboardMarkup([[KeyboardButton("Có"), KeyboardButton("Không")]])
    with pytest.raises(BadRequest, match=r"(?i)inline keyboard expected"):
        await bot.edit_message_text(
            "Chọn lại",
            started,
            sent.message_id,
            reply_markup=reply_keyboard,  # type: ignore[arg-type]
        )
    with pytest.raises(BadRequest, match=r"(?i)inline keyboard expected"):
        await bot.edit_message_reply_markup(
            started,
            sent.message_id,
            reply_markup=reply_keyboard,  # type: ignore[arg-type]
        )


async def test_keyboard_rows_longer_than_telegram_allows(bot: Bot, started: int) -> None:
    def inline(count: int) -> InlineKeyboardMarkup:
        row = [InlineKeyboardButton(str(i), callback_data=str(i)) for i in range(count)]
        return InlineKeyboardMarkup([row])

    def reply(count: int) -> ReplyKeyboardMarkup:
        return ReplyKeyboardMarkup([[KeyboardButton(str(i)) for i in range(count)]])

    assert await bot.send_message(started, "8", reply_markup=inline(8))
    assert await bot.send_message(started, "12", reply_markup=reply(12))
    with pytest.raises(BadRequest, match=r"(?i)reply markup is too long"):
        await bot.send_message(started, "9", reply_markup=inline(9))
    with pytest.raises(BadRequest, match=r"(?i)reply markup is too long"):
        await bot.send_message(started, "13", reply_markup=reply(13))


async def test_messages_older_than_48_hours_cannot_be_deleted(
    bot: Bot, client: TelegramSandboxClient, started: int
) -> None:
    old = await bot.send_message(started, "Mã hồ sơ của bạn")
    asked = await client.send_text(USER, "012345678901")
    await client.advance_time(48 * 3600 + 1)
    fresh = await bot.send_message(started, "Tin mới")
    with pytest.raises(BadRequest, match=r"(?i)message can't be deleted for everyone"):
        await bot.delete_message(started, old.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message can't be deleted for everyone"):
        await bot.delete_message(started, asked.message_id)
    assert await bot.delete_message(started, fresh.message_id)
    assert fresh.date.timestamp() - old.date.timestamp() >= 48 * 3600


async def test_supergroup_messages_of_others_need_the_right_to_delete(
    bot: Bot, client: TelegramSandboxClient
) -> None:
    await client.create_group(SUPERGROUP, "Nhóm")
    written = await client.send_text(USER, "spam", chat_id=SUPERGROUP)
    with pytest.raises(BadRequest, match=r"(?i)^message can't be deleted$"):
        await bot.delete_message(SUPERGROUP, written.message_id)
    await client.create_group(SUPERGROUP, bot_rights={"can_delete_messages": True})
    assert await bot.delete_message(SUPERGROUP, written.message_id)


async def test_unknown_message_thread_is_refused(bot: Bot, started: int) -> None:
    with pytest.raises(BadRequest, match=r"(?i)message thread not found"):
        await bot.send_message(started, "x", message_thread_id=7)
    with pytest.raises(BadRequest, match=r"(?i)message thread not found"):
        await bot.send_photo(started, png(10, 10), message_thread_id=7)


async def test_webhook_needs_https_on_an_allowed_port_unless_local_mode() -> None:
    strict = TelegramState(TOKEN)
    async with make_bot(create_telegram_app(strict)) as bot:
        with pytest.raises(BadRequest, match=r"(?i)bad webhook: an https url must be provided"):
            await bot.set_webhook("http://127.0.0.1:8443/telegram")
        with pytest.raises(BadRequest, match=r"(?i)bad webhook: webhook can be set up only on"):
            await bot.set_webhook("https://bot.example:8080/telegram")
        assert strict.webhook.config is None
        assert await bot.set_webhook("https://bot.example:8443/telegram")
        assert await bot.delete_webhook()
    local = TelegramState(TOKEN, local_mode=True)
    async with make_bot(create_telegram_app(local)) as bot:
        assert await bot.set_webhook("http://127.0.0.1:38081/telegram")
        assert local.webhook.config is not None
        assert local.webhook.config.url == "http://127.0.0.1:38081/telegram"
        assert await bot.delete_webhook()
    await strict.aclose()
    await local.aclose()


async def test_photos_over_telegrams_limits_are_refused(bot: Bot, started: int) -> None:
    with pytest.raises(BadRequest, match=r"(?i)photo_invalid_dimensions"):
        await bot.send_photo(started, png(9000, 1001))
    with pytest.raises(BadRequest, match=r"(?i)photo_invalid_dimensions"):
        await bot.send_photo(started, png(2100, 100))  # wider than 20:1
    too_big = png(800, 600, size=10 * 1024 * 1024 + 1)
    with pytest.raises(BadRequest, match=r"(?i)too big for a photo; the maximum size is 10485760"):
        await bot.send_photo(started, too_big)
    assert await bot.send_photo(started, png(5000, 5000))
    assert await bot.send_document(started, too_big, filename="scan.png")


async def test_link_with_empty_href_uses_its_text_like_tdlib(bot: Bot, started: int) -> None:
    linked = await bot.send_message(
        started, '<a href="">dichvucong.gov.vn</a>', parse_mode=ParseMode.HTML
    )
    assert [(e.type, e.url) for e in linked.entities] == [("text_link", "dichvucong.gov.vn")]
    plain = await bot.send_message(started, '<a href="">bấm vào đây</a>', parse_mode="HTML")
    assert plain.text == "bấm vào đây" and plain.entities == ()
    dropped = await bot.send_message(started, '<a href="javascript:x()">x</a>', parse_mode="HTML")
    assert dropped.entities == ()
