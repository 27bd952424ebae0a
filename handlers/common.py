"""What every handler needs first: the user's language and the (message, user, language).

The language comes from the database on every update (``services.languages``; the first
handler of an update, ``start.remember_user``, creates the user row with it) and is kept on
the update's context only, never in PTB's per-process ``user_data``: `/lang` on one
instance holds on every other instance at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Message, Update, User

from bot.telegram.context import BotContext
from bot.texts import DEFAULT_LANG, Lang


async def user_lang(update: Update, context: BotContext) -> Lang:
    """The user's language: read from the database once per update."""
    if context.lang is not None:
        return context.lang
    user = update.effective_user
    if user is None:
        return DEFAULT_LANG
    context.lang = await context.services.languages.of(user.id, user.language_code)
    return context.lang


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
