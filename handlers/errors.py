"""The error handler: log the failure and tell the user briefly; never stay silent."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError

from bot.telegram.context import BotContext

log = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    log.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if isinstance(context.error, Forbidden):
        return  # the user blocked the bot; nobody to apologise to
    lang = context.user_data.get("lang") if context.user_data is not None else None
    try:
        await context.bot.send_message(
            update.effective_chat.id, context.services.texts.get(lang, "error_generic")
        )
    except TelegramError:
        log.warning("could not send the apology")
