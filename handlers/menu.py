"""The main menu's buttons (m:<item>) and the flood guard that runs before everything."""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import ApplicationHandlerStop

from bot.flood import Verdict
from bot.telegram.context import BotContext
from handlers.callbacks import decode
from handlers.common import user_lang
from handlers.following import send_mine

MENU_TEXT_KEYS = {
    "find": "menu_find_prompt",
    "help": "help",
}


async def on_menu(update: Update, context: BotContext) -> None:
    query = update.callback_query
    callback = decode(query.data if query else None)
    if query is None or callback is None or not isinstance(query.message, Message):
        return
    lang = await user_lang(update, context)
    await query.answer()
    item = callback.args[0] if callback.args else ""
    if item == "mine":
        await send_mine(query.message, query.from_user.id, lang, context)
        return
    if item == "status":
        # "📋 Tra cứu hồ sơ": like "✍️ Nhập mã hồ sơ", wait (in the database) for the code.
        await context.services.dossiers.await_code(query.from_user.id)
        await query.message.reply_text(context.services.texts.get(lang, "status_ask_code"))
        return
    key = MENU_TEXT_KEYS.get(item)
    if key:
        await query.message.reply_text(context.services.texts.get(lang, key))


async def flood_guard(update: Update, context: BotContext) -> None:
    """Group -2: drop updates from a user who sends too fast (told politely once)."""
    user = update.effective_user
    if user is None:
        return
    verdict = context.services.flood.check(user.id)
    if verdict is Verdict.ALLOW:
        return
    if verdict is Verdict.WARN and update.effective_chat is not None:
        lang = await user_lang(update, context)
        await context.bot.send_message(
            update.effective_chat.id, context.services.texts.get(lang, "flood")
        )
    raise ApplicationHandlerStop
