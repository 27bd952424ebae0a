"""/start, /help and /lang, plus the bookkeeping handler that remembers each user.

The language lives in the database only (``services.languages``): `/lang` on one instance
holds on every other. ``user_lang``, ``asker`` and ``Asker`` live in handlers/common.py.
"""

from __future__ import annotations

import re

from telegram import Message, Update, User

from bot.telegram.context import BotContext
from bot.texts import LANGS, Lang
from handlers import following, handoff, privacy, status
from handlers.cards import send_card
from handlers.common import user_lang
from handlers.keyboards import main_menu
from handlers.private import Payload, is_private

DEEP_LINK_PREFIX = "p_"
_NATIONAL_LINK = re.compile(r"^\d_\d{6}$")


async def remember_user(update: Update, context: BotContext) -> None:
    """Group -2: make sure the user exists (and read their language) before any answer."""
    await user_lang(update, context)


def deep_link_code(payload: str) -> str | None:
    """`p_1_014064` → `1.014064` (start parameters allow only letters, digits, _ and -)."""
    if not payload.startswith(DEEP_LINK_PREFIX):
        return None
    raw = payload.removeprefix(DEEP_LINK_PREFIX)
    return raw.replace("_", ".", 1) if _NATIONAL_LINK.match(raw) else raw


def deep_link_payload(code: str) -> str:
    return DEEP_LINK_PREFIX + code.replace(".", "_")


async def open_private_payload(
    message: Message, user: User, payload: Payload, lang: Lang, context: BotContext
) -> None:
    """What a group's "send this to me privately" link opens (handlers/private.py)."""
    texts = context.services.texts
    if payload is Payload.MINE:
        await following.send_mine(message, user.id, lang, context)
    elif payload is Payload.MYDATA:
        await privacy.send_mydata(message, user.id, lang, context)
    elif payload is Payload.FORGET:
        await privacy.send_forget_confirmation(message, lang, context)
    elif payload is Payload.UNFOLLOW:
        await following.send_unfollow_list(message, user.id, lang, context)
    elif payload is Payload.FOLLOW:
        await message.reply_text(texts.get(lang, "track_ask_code"))
    elif payload is Payload.HANDOFF:
        await handoff.offer(message, user.id, lang, context, None)
    else:
        await status.send_guide(message, None, lang, context)


async def start(update: Update, context: BotContext) -> None:
    """/start, or /start p_<code> from a shared link: open that procedure's card; /start
    mine (and the other private payloads) from a group's link: open that, privately."""
    message = update.effective_message
    if message is None:
        return
    lang = await user_lang(update, context)
    texts = context.services.texts
    arg = context.args[0] if context.args else ""
    if arg in tuple(Payload) and update.effective_user is not None and is_private(message):
        await open_private_payload(message, update.effective_user, Payload(arg), lang, context)
        return
    code = deep_link_code(arg) if arg else None
    procedure = context.services.catalog.get(code) if code else None
    if procedure is not None:
        await send_card(message, procedure, lang, context, None)
        return
    await message.reply_text(texts.get(lang, "welcome"), reply_markup=main_menu(lang, texts))


async def help_command(update: Update, context: BotContext) -> None:
    lang = await user_lang(update, context)
    message = update.effective_message
    if message:
        markup = handoff.with_handoff(None, context, lang) if is_private(message) else None
        await message.reply_text(context.services.texts.get(lang, "help"), reply_markup=markup)


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
