"""/start, /help and /lang, plus the bookkeeping handler that remembers each user."""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram import Message, Update, User

from bot.db import users
from bot.telegram.context import BotContext
from bot.texts import LANGS, Lang

LANG_KEY = "lang"
DEEP_LINK_PREFIX = "p_"
_NATIONAL_LINK = re.compile(r"^\d_\d{6}$")


async def user_lang(update: Update, context: BotContext) -> Lang:
    """The user's language: cached per process, the database being the truth."""
    user = update.effective_user
    if user is None:
        return "vi"
    cached = context.user_data.get(LANG_KEY) if context.user_data is not None else None
    if cached in LANGS:
        return cached
    lang = await context.services.user_langs.submit((user.id, user.language_code))
    if context.user_data is not None:
        context.user_data[LANG_KEY] = lang
    return lang


@dataclass(frozen=True, slots=True)
class Asker:
    """A command's message, who sent it and the language to answer in."""

    message: Message
    user: User
    lang: Lang


async def asker(update: Update, context: BotContext) -> Asker | None:
    """The message, its sender and their language; None for updates that lack either."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return None
    return Asker(message, user, await user_lang(update, context))


async def remember_user(update: Update, context: BotContext) -> None:
    """Group -1: make sure the user exists before any answer is built."""
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
    from handlers.cards import send_card
    from handlers.keyboards import main_menu

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
    """/lang toggles; /lang en or /lang vi sets it."""
    user = update.effective_user
    if user is None or update.effective_message is None:
        return
    current = await user_lang(update, context)
    wanted = context.args[0].lower() if context.args else ""
    new: Lang = wanted if wanted in LANGS else ("en" if current == "vi" else "vi")
    await users.set_language(context.services.sessions, user.id, new)
    if context.user_data is not None:
        context.user_data[LANG_KEY] = new
    await update.effective_message.reply_text(context.services.texts.get(new, "lang_set"))
