"""The error handler: log the failure and tell the user briefly; never stay silent."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError

from bot.telegram.context import BotContext
from bot.texts import DEFAULT_LANG, Lang
from handlers.common import user_lang

log = logging.getLogger(__name__)


async def _language(update: Update, context: BotContext) -> Lang:
    """The user's language from the database; Vietnamese if that is what failed."""
    try:
        return await user_lang(update, context)
    except Exception:  # the apology must go out whatever broke
        log.warning("no language for the apology; using the default")
        return DEFAULT_LANG


async def on_error(update: object, context: BotContext) -> None:
    log.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if isinstance(context.error, Forbidden):
        return  # the user blocked the bot; nobody to apologise to
    lang = await _language(update, context)
    try:
        await context.bot.send_message(
            update.effective_chat.id, context.services.texts.get(lang, "error_generic")
        )
    except TelegramError:
        log.warning("could not send the apology")
