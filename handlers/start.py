"""/start, /help and /lang, plus the bookkeeping handler that remembers each user.

The language lives in the database only (``services.languages``): `/lang` on one instance
holds on every other. ``user_lang``, ``asker`` and ``Asker`` live in handlers/common.py.
"""

from __future__ import annotations

import re

from telegram import Update

from bot.telegram.context import BotContext
from bot.texts import LANGS, Lang
from handlers.cards import send_card
from handlers.common import user_lang
from handlers.keyboards import main_menu

DEEP_LINK_PREFIX = "p_"
_NATIONAL_LINK = re.compile(r"^\d_\d{6}$")


async def remember_user(update: Update, context: BotContext) -> None:
    """Group -1: make sure the user exists (and read their language) before any answer."""
    await user_lang(update, context)


def deep_link_code(payload: str) -> str | None:
    """`p_1_014064` → `1.014064` (start parameters allow only letters, digits, _ and -)."""
    if not payload.startswith(DEEP_LINK_PREFIX):
        return None
    raw = payload.removeprefix(DEEP_LINK_PREFIX)
    return raw.replace("_", ".", 1) if _NATIONAL_LINK.match(raw) else raw


def deep_link_payload(code: str) -> str:
    return DEEP_LINK_PREFIX + code.replace(".", "_")


async def start(update: Update, context: BotContext) -> None:
    """/start, or /start p_<code> from a shared link: open that procedure's card."""
    message = update.effective_message
    if message is None:
        return
    lang = await user_lang(update, context)
    texts = context.services.texts
    code = deep_link_code(context.args[0]) if context.args else None
    procedure = context.services.catalog.get(code) if code else None
    if procedure is not None:
        await send_card(message, procedure, lang, context, None)
        return
    await message.reply_text(texts.get(lang, "welcome"), reply_markup=main_menu(lang, texts))


async def help_command(update: Update, context: BotContext) -> None:
    lang = await user_lang(update, context)
    if update.effective_message:
        await update.effective_message.reply_text(context.services.texts.get(lang, "help"))


async def switch_language(update: Update, context: BotContext) -> None:
    """/lang toggles; /lang en or /lang vi sets it (in the database, for every instance)."""
    user = update.effective_user
    if user is None or update.effective_message is None:
        return
    current = await user_lang(update, context)
    wanted = context.args[0].lower() if context.args else ""
    new: Lang = wanted if wanted in LANGS else ("en" if current == "vi" else "vi")
    await context.services.languages.set(user.id, new)
    context.lang = new
    await update.effective_message.reply_text(context.services.texts.get(new, "lang_set"))
