"""The error handler: log the failure and tell the user briefly; never stay silent.

One apology per update: PTB goes on to the next handler group after an error, so a failure
in an early group (remembering the user, the hand-off relays) used to be followed by a
second failure, and a second identical apology, in a later one. After apologising the
handler stops the update (``ApplicationHandlerStop``); the user was told to try again, and
nothing else for that update follows. (PTB builds a fresh context for each call of the
error handler, so a flag on the context could not tell it that it apologised already.)
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.telegram.context import BotContext
from bot.texts import DEFAULT_LANG, Lang
from handlers.common import user_lang

log = logging.getLogger(__name__)


async def _language(update: Update, context: BotContext) -> Lang:
    """The user's language (the client's while the database is down); Vietnamese if even
    that failed."""
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
    if update.callback_query is not None:
        try:  # stop the button's spinner; fails when the handler answered already
            await update.callback_query.answer()
        except TelegramError:
            log.debug("the failed press was answered already")
    try:
        await context.bot.send_message(
            update.effective_chat.id, context.services.texts.get(lang, "error_generic")
        )
    except TelegramError:
        log.warning("could not send the apology")
    raise ApplicationHandlerStop  # no later group may answer or apologise again
