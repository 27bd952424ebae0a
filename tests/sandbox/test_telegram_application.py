"""A PTB Application (handlers, polling, webhook) driven by the control client."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.error import BadRequest, Conflict
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from sandbox.telegram_client import IN_PROCESS_URL, TelegramSandboxClient, ptb_request
from sandbox.telegram_server import create_telegram_app
from sandbox.telegram_state import TelegramState
from sandbox.update_tracker import UpdateTracker
from tests.sandbox.conftest import BOT_USERNAME, TOKEN, make_bot

USER = 1001
GROUP = -1001234567890


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    markup = InlineKeyboardMarkup(
        [[InlineKeyboardButton("Làm lại CCCD", callback_data="proc:cccd")],
         [InlineKeyboardButton("Đăng ký khai sinh", callback_data="proc:birth")]]
    )  # fmt: skip
    await update.effective_message.reply_html(
        "<b>Xin chào!</b> Bạn cần làm thủ tục gì?", reply_markup=markup
    )


async def chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer("Đã chọn")
    await query.edit_message_text(f"Bạn chọn: <code>{query.data}</code>", parse_mode="HTML")


async def mentioned(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text("Tôi đây!")


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(f"Trợ giúp {' '.join(context.args or [])}".strip())


async def inline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.inline_query is not None
    text = update.inline_query.query
    await update.inline_query.answer(
        [
            InlineQueryResultArticle(
                "r1", f"Kết quả: {text}", InputTextMessageContent(f"<b>{text}</b>", "HTML")
            ),
            InlineQueryResultArticle("r2", "Khác", InputTextMessageContent("Khác")),
        ]
    )


def build_application(app: Starlette) -> Application:
    application = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(f"{IN_PROCESS_URL}/bot")
        .base_file_url(f"{IN_PROCESS_URL}/file/bot")
        .request(ptb_request(app))
        .get_updates_request(ptb_request(app))
        .concurrent_updates(UpdateTracker())
        .build()
    )
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CommandHandler("help", help_command))
    application.add_handler(CallbackQueryHandler(chosen, pattern=r"^proc:"))
    application.add_handler(MessageHandler(filters.Mention(BOT_USERNAME), mentioned))
    application.add_handler(InlineQueryHandler(inline))
    return application


@pytest.fixture
async def polling(app: Starlette) -> AsyncIterator[Application]:
    application = build_application(app)
    async with application:
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0.0, timeout=10)
        await application.start()
        yield application
        await application.updater.stop()
        await application.stop()


async def test_start_and_button_press_through_polling(
    polling: Application,
    client: TelegramSandboxClient,
) -> None:
    sent = await client.send_text(USER, "/start", first_name="Hoa")
    replies = await client.wait_for_replies(USER, after=sent.marker, quiet=0.05, timeout=5)
    assert not replies.timed_out
    assert replies.texts == ["Xin chào! Bạn cần làm thủ tục gì?"]
    assert replies.last.html == "<b>Xin chào!</b> Bạn cần làm thủ tục gì?"
    assert replies.last.button_texts == [["Làm lại CCCD"], ["Đăng ký khai sinh"]]

    press = await client.press_button(USER, "khai sinh")
    assert press.button.callback_data == "proc:birth"
    replies = await client.wait_for_replies(USER, after=press.marker, quiet=0.05, timeout=5)
    assert replies.last.message_id == press.message_id and replies.last.edited
    assert replies.last.text == "Bạn chọn: proc:birth" and replies.last.keyboard == []
    assert await client.callback_answer(press.callback_query_id) is not None


async def test_reset_does_not_disturb_a_polling_bot(
    polling: Application,
    client: TelegramSandboxClient,
) -> None:
    first = await client.send_text(USER, "/start")
    await client.wait_for_replies(USER, after=first.marker, quiet=0.05, timeout=5)
    await client.reset()
    again = await client.send_text(USER, "/start")
    assert again.update_id is not None and first.update_id is not None
    assert again.update_id > first.update_id
    replies = await client.wait_for_replies(USER, after=again.marker, quiet=0.05, timeout=5)
    assert len(await client.chat(USER)) == 2 and not replies.timed_out


async def test_group_mention_and_addressed_command(
    polling: Application,
    client: TelegramSandboxClient,
) -> None:
    await client.create_group(GROUP, "Một cửa Hà Tĩnh")
    ignored = await client.send_text(USER, "chuyện riêng", chat_id=GROUP)
    assert ignored.update_id is None  # privacy mode: not for the bot

    sent = await client.send_text(USER, f"@{BOT_USERNAME} ơi", chat_id=GROUP)
    replies = await client.wait_for_replies(GROUP, after=sent.marker, quiet=0.05, timeout=5)
    assert replies.texts == ["Tôi đây!"]

    sent = await client.send_text(USER, f"/help@{BOT_USERNAME} cccd", chat_id=GROUP)
    replies = await client.wait_for_replies(GROUP, after=sent.marker, quiet=0.05, timeout=5)
    assert replies.texts == ["Trợ giúp cccd"]

    other = await client.send_text(USER, "/help@other_bot", chat_id=GROUP)
    assert other.update_id is not None  # delivered: a command is for every bot in the group
    tracker = polling.update_processor
    assert isinstance(tracker, UpdateTracker)
    await tracker.processed(other.update_id)
    replies = await client.replies_since(GROUP, after=other.marker)
    assert replies.messages == []  # a command for another bot is not handled


async def test_inline_query_results_are_stored(
    polling: Application,
    client: TelegramSandboxClient,
) -> None:
    answer = await client.inline_query(USER, "hộ chiếu")
    assert answer.results is not None
    assert [r["id"] for r in answer.results] == ["r1", "r2"]
    assert answer.results[0]["parsed_text"] == "hộ chiếu"
    assert answer.results[0]["parsed_entities"] == [{"offset": 0, "length": 8, "type": "bold"}]


async def test_inline_results_are_validated(bot: Bot, client: TelegramSandboxClient) -> None:
    async def answer(*results: InlineQueryResultArticle) -> None:
        sent = await client._call("POST", "/inline_queries", {"user_id": USER, "query": "q"})
        await bot.answer_inline_query(sent["inline_query_id"], list(results))

    ok = InputTextMessageContent("ok")
    with pytest.raises(BadRequest, match=r"(?i)RESULT_ID_DUPLICATE"):
        await answer(InlineQueryResultArticle("x", "a", ok), InlineQueryResultArticle("x", "b", ok))
    bad = InputTextMessageContent("<b>x", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await answer(InlineQueryResultArticle("y", "a", bad))
    with pytest.raises(BadRequest, match=r"(?i)RESULTS_TOO_MUCH"):
        await answer(*[InlineQueryResultArticle(str(i), "t", ok) for i in range(51)])


async def test_webhook_delivery_with_secret_header_and_conflict() -> None:
    received: list[tuple[str | None, dict[str, object]]] = []
    failures = [1]  # the first delivery fails; Telegram retries
    arrived = asyncio.Event()

    async def hook(request: Request) -> Response:
        if failures:
            failures.pop()
            return Response(status_code=500)
        received.append(
            (request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json())
        )
        arrived.set()
        return Response(status_code=200)

    receiver = Starlette(routes=[Route("/hook", hook, methods=["POST"])])
    state = TelegramState(TOKEN, webhook_transport=httpx.ASGITransport(app=receiver))
    app = create_telegram_app(state)
    async with make_bot(app) as bot, TelegramSandboxClient.in_process(app) as client:
        assert await bot.set_webhook("https://bot.example/hook", secret_token="s3cr3t-Token")
        with pytest.raises(Conflict, match=r"(?i)can't use getUpdates method while webhook"):
            await bot.get_updates()
        sent = await client.send_text(USER, "/start")
        await asyncio.wait_for(arrived.wait(), 5)
        info = await bot.get_webhook_info()
        assert info.url == "https://bot.example/hook" and info.last_error_message
        assert received == [
            ("s3cr3t-Token", {"update_id": sent.update_id, "message": sent.message})
        ]
        assert info.pending_update_count == 0
        assert await bot.delete_webhook()
        assert await bot.get_updates(timeout=0) == ()
    await state.aclose()
