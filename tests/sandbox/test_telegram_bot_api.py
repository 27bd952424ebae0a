"""A real PTB Bot against the fake server: Telegram's validation and error mapping."""

from __future__ import annotations

import datetime as dtm
import warnings

import pytest
from starlette.applications import Starlette
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReplyKeyboardMarkup,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, EndPointNotFound, Forbidden, InvalidToken, RetryAfter

from sandbox.telegram_client import TelegramSandboxClient
from tests.sandbox.conftest import make_bot

USER = 4242


def keyboard(*rows: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(text, callback_data=data) for text, data in row] for row in rows]
    )


def retry_seconds(error: RetryAfter) -> int:
    with warnings.catch_warnings():  # PTB 22 warns that the type will become timedelta
        warnings.simplefilter("ignore")
        value = error.retry_after
    return int(value.total_seconds()) if isinstance(value, dtm.timedelta) else value


@pytest.fixture
async def started(client: TelegramSandboxClient) -> int:
    await client.send_text(USER, "/start", first_name="Lan")
    return USER


async def test_get_me_and_wrong_token(bot: Bot, app: Starlette) -> None:
    me = await bot.get_me()
    assert me.is_bot and me.username == "dvc_sandbox_bot" and me.id == 123456789
    with pytest.raises(InvalidToken):
        async with make_bot(app, token="999:wrong"):
            pass


async def test_valid_html_message_is_stored_with_entities_and_keyboard(
    bot: Bot, client: TelegramSandboxClient, started: int
) -> None:
    sent = await bot.send_message(
        started,
        '<b>Cấp lại CCCD</b>\n<i>Lệ phí:</i> 15.000 đ &amp; <a href="https://dichvucong.gov.vn">'
        "dichvucong</a>",
        parse_mode=ParseMode.HTML,
        reply_markup=keyboard([("Giấy tờ", "docs:1"), ("Lệ phí", "fee:1")]),
    )
    assert sent.text == "Cấp lại CCCD\nLệ phí: 15.000 đ & dichvucong"
    assert sent.from_user is not None and sent.from_user.is_bot
    assert sent.chat.type == "private" and sent.chat.first_name == "Lan"
    assert [e.type for e in sent.entities] == ["bold", "italic", "text_link"]
    assert sent.reply_markup is not None
    messages = await client.chat(started)
    assert [m.from_bot for m in messages] == [False, True]
    assert messages[1].html is not None and messages[1].html.startswith("<b>Cấp lại CCCD</b>")
    assert messages[1].button_texts == [["Giấy tờ", "Lệ phí"]]
    assert messages[1].buttons[1].callback_data == "fee:1"


@pytest.mark.parametrize("bad", ["<script>alert(1)</script>", "<b>unclosed", "1 < 2", "A & B"])
async def test_bad_html_raises_bad_request(bot: Bot, started: int, bad: str) -> None:
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(started, bad, parse_mode=ParseMode.HTML)


async def test_text_length_limits_in_utf16(bot: Bot, started: int) -> None:
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(started, "a" * 5000)
    await bot.send_message(started, "a" * 4096)
    await bot.send_message(started, "<b>" + "😀" * 2048 + "</b>", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(started, "😀" * 2048 + "a")
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(started, "<b> </b>", parse_mode=ParseMode.HTML)


async def test_callback_data_and_keyboard_limits(bot: Bot, started: int) -> None:
    await bot.send_message(started, "ok", reply_markup=keyboard([("x", "d" * 64)]))
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(started, "x", reply_markup=keyboard([("x", "d" * 65)]))
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(started, "x", reply_markup=keyboard([("x", "đ" * 33)]))
    too_many = keyboard(*[[(f"b{r}{c}", f"{r}:{c}") for c in range(8)] for r in range(13)])
    with pytest.raises(BadRequest, match=r"(?i)reply markup is too long"):
        await bot.send_message(started, "x", reply_markup=too_many)
    with pytest.raises(BadRequest, match=r"(?i)Text buttons are unallowed"):
        await bot.send_message(
            started, "x", reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("t")]])
        )
    reply_kb = ReplyKeyboardMarkup([["Có", "Không"]], resize_keyboard=True)
    sent = await bot.send_message(started, "Chọn", reply_markup=reply_kb)
    assert sent.reply_markup is None  # only inline keyboards are part of a Message


async def test_chat_not_found_and_blocked_user(
    bot: Bot, client: TelegramSandboxClient, started: int
) -> None:
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(777, "hello")
    await client.block(started)
    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await bot.send_message(started, "still there?")
    await client.unblock(started)
    await bot.send_message(started, "welcome back")


async def test_per_chat_rate_limit_raises_retry_after(
    bot: Bot, client: TelegramSandboxClient, started: int
) -> None:
    await client.set_limits(per_chat_per_second=0.2, per_chat_burst=2)
    await bot.send_message(started, "1")
    await bot.send_message(started, "2")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(started, "3")
    assert retry_seconds(caught.value) == 5


async def test_global_rate_limit(bot: Bot, client: TelegramSandboxClient) -> None:
    for user in (1, 2, 3):
        await client.send_text(user, "hi")
    await client.set_limits(global_per_second=2)
    await bot.send_message(1, "a")
    await bot.send_message(2, "b")
    with pytest.raises(RetryAfter):
        await bot.send_message(3, "c")


async def test_edit_delete_and_not_modified(
    bot: Bot, client: TelegramSandboxClient, started: int
) -> None:
    markup = keyboard([("Theo dõi", "follow:1")])
    sent = await bot.send_message(started, "<b>Hồ sơ</b>", parse_mode="HTML", reply_markup=markup)
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text(
            "<strong>Hồ sơ</strong>", started, sent.message_id, parse_mode="HTML",
            reply_markup=markup,
        )  # fmt: skip
    edited = await bot.edit_message_text("Đã cập nhật", started, sent.message_id)
    assert not isinstance(edited, bool) and edited.text == "Đã cập nhật"
    assert edited.reply_markup is None  # an edit without markup removes the keyboard
    await bot.edit_message_reply_markup(started, sent.message_id, reply_markup=markup)
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_reply_markup(started, sent.message_id, reply_markup=markup)
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", started, 999)
    view = (await client.chat(started))[-1]
    assert view.edited and view.edit_count == 2 and view.text == "Đã cập nhật"
    assert await bot.delete_message(started, sent.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(started, sent.message_id)
    assert (await client.chat(started))[-1].deleted
    assert await client.bot_messages(started) == []


async def test_callback_answer_once_and_unknown_query(
    bot: Bot, client: TelegramSandboxClient, started: int
) -> None:
    await bot.send_message(started, "Chọn", reply_markup=keyboard([("A", "a"), ("B", "b")]))
    press = await client.press_button(started, "B")
    assert press.button.callback_data == "b"
    assert await bot.answer_callback_query(press.callback_query_id, text="Đã chọn B")
    assert (await client.callback_answer(press.callback_query_id)) == {
        "text": "Đã chọn B", "show_alert": False, "url": None, "cache_time": None,
    }  # fmt: skip
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(press.callback_query_id)
    with pytest.raises(BadRequest, match=r"(?i)query ID is invalid"):
        await bot.answer_callback_query("12345")


async def test_commands_are_stored_per_scope_and_language(
    bot: Bot, client: TelegramSandboxClient, started: int
) -> None:
    await bot.set_my_commands([BotCommand("start", "Bắt đầu"), BotCommand("help", "Trợ giúp")])
    await bot.set_my_commands([BotCommand("start", "Start")], language_code="en")
    scope = BotCommandScopeChat(started)
    await bot.set_my_commands([BotCommand("stats", "Thống kê")], scope=scope)
    assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]
    english = await bot.get_my_commands(language_code="en")
    assert [c.description for c in english] == ["Start"]
    assert [c.command for c in await bot.get_my_commands(scope=scope)] == ["stats"]
    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand("Bad Command", "x")])
    assert len(await client.commands()) == 3


async def test_document_upload_get_file_and_download_round_trip(
    bot: Bot, client: TelegramSandboxClient, started: int
) -> None:
    payload = bytes(range(256)) * 40
    sent = await client.upload_document(
        started, payload, "to_khai.pdf", "application/pdf", caption="Tờ khai"
    )
    updates = await bot.get_updates(timeout=1)
    document = updates[-1].message.document if updates[-1].message else None
    assert document is not None and document.file_name == "to_khai.pdf"
    assert document.file_id == sent.file_id and document.file_size == len(payload)
    file = await document.get_file()
    assert bytes(await file.download_as_bytearray()) == payload
    out = await bot.send_document(
        started, b"%PDF-1.4 form", filename="mau.pdf", caption="<b>Mẫu</b>", parse_mode="HTML"
    )
    assert out.document is not None and out.caption == "Mẫu"
    again = await bot.get_file(out.document.file_id)
    assert bytes(await again.download_as_bytearray()) == b"%PDF-1.4 form"
    photo = await bot.send_photo(started, out.document.file_id)
    assert photo.photo
    with pytest.raises(BadRequest, match=r"(?i)invalid file_id"):
        await bot.get_file("nope")


async def test_chat_action_and_unknown_method(bot: Bot, started: int) -> None:
    assert await bot.send_chat_action(started, "typing")
    with pytest.raises(BadRequest, match=r"(?i)wrong parameter action"):
        await bot.send_chat_action(started, "dancing")
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("noSuchMethod")
