"""The main menu's buttons (m:<item>) and the flood guard that runs before everything.

In a group, "📌 my dossiers" (and "📋 check a dossier" on the one-stop portal, which asks
for the owner's ID number) open the private chat instead (handlers/private.py).
"""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import ApplicationHandlerStop

from bot.flood import Verdict
from bot.telegram.context import BotContext
from handlers.callbacks import answer_invalid, decode
from handlers.common import user_lang
from handlers.following import send_mine
from handlers.handoff import with_handoff
from handlers.private import Payload, deep_link, is_private, needs_owner_id

MENU_TEXT_KEYS = {
    "find": "menu_find_prompt",
    "help": "help",
}


async def on_menu(update: Update, context: BotContext) -> None:
    query = update.callback_query
    callback = decode(query.data if query else None)
    item = callback.args[0] if callback and len(callback.args) == 1 else ""
    if (
        query is None
        or item not in ("mine", "status", *MENU_TEXT_KEYS)
        or not isinstance(query.message, Message)
    ):
        await answer_invalid(update, context)
        return
    if not is_private(query.message):
        personal = {"mine": Payload.MINE}
        if needs_owner_id(context):
            personal["status"] = Payload.STATUS
        if item in personal:
            await query.answer(url=deep_link(context, personal[item]))
            return
    lang = await user_lang(update, context)
    await query.answer()
    if item == "mine":
        await send_mine(query.message, query.from_user.id, lang, context)
        return
    if item == "status":
        # "📋 Tra cứu hồ sơ": like "✍️ Nhập mã hồ sơ", wait (in the database) for the code.
        await context.services.dossiers.await_code(query.from_user.id)
        await query.message.reply_text(context.services.texts.get(lang, "status_ask_code"))
        return
    markup = (
        with_handoff(None, context, lang) if item == "help" and is_private(query.message) else None
    )
    await query.message.reply_text(
        context.services.texts.get(lang, MENU_TEXT_KEYS[item]), reply_markup=markup
    )


async def flood_guard(update: Update, context: BotContext) -> None:
    """Group -3: drop updates from a user who sends too fast (told politely once)."""
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
