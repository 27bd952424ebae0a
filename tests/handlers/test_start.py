"""/start, /help, /lang and the error handler, end to end through the fake Telegram server."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot.telegram.context import BotContext
from sandbox.telegram_state import TelegramState
from tests.helpers.botrig import TEST_TOKEN, running_bot


async def test_start_greets_in_vietnamese_and_offers_english(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        replies = await rig.ask(501, "/start")
    assert len(replies) == 1
    assert "Xin chào" in replies[0]
    assert "/lang" in replies[0] and "English" in replies[0]


async def test_help_lists_commands(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        (reply,) = await rig.ask(502, "/help")
    for command in ("/start", "/help", "/lang"):
        assert command in reply


async def test_language_switch_is_remembered_across_restart(database_url: str) -> None:
    state = TelegramState(TEST_TOKEN)
    async with running_bot(database_url, state=state) as rig:
        (switched,) = await rig.ask(503, "/lang")
        assert "English" in switched
        (help_en,) = await rig.ask(503, "/help")
        assert help_en.startswith("Commands")
    async with running_bot(database_url, state=state) as rig:  # a new process, same DB
        (help_again,) = await rig.ask(503, "/help")
    assert help_again.startswith("Commands")


async def test_english_client_gets_english(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        (reply,) = await rig.ask(504, "/start", language_code="en")
    assert reply.startswith("Hello")


async def test_command_menu_registered_in_both_languages(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        registered = await rig.client.commands()
    by_lang = {entry.get("language_code") or "": entry for entry in registered}
    assert {"", "en"} <= set(by_lang)
    assert any(c["description"] == "Hướng dẫn sử dụng" for c in by_lang[""]["commands"])
    assert any(c["description"] == "How to use the bot" for c in by_lang["en"]["commands"])


async def test_a_failing_handler_ends_in_an_apology(database_url: str) -> None:
    async def broken(update: Update, context: BotContext) -> None:
        raise RuntimeError("boom")

    async with running_bot(database_url) as rig:
        rig.application.add_handler(CommandHandler("broken", broken))
        replies = await rig.ask(505, "/broken")
    assert replies == ["Xin lỗi, đã có lỗi xảy ra. Bạn vui lòng thử lại sau ít phút."]
