"""Personal commands stay in the private chat.

`/mine`, `/mydata`, `/forget`, `/follow`, `/unfollow` (and `/status` on the one-stop
portal, where a look-up needs the owner's ID number) would post a user's dossier codes,
statuses or data to everyone in a group. In a group they answer with a short "send this to
me privately" and a button that opens the private chat with `/start <payload>`
(handlers/start.py opens the same thing there). Nothing personal is read or posted in the
group.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from enum import StrEnum
from typing import Any

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MaybeInaccessibleMessage,
    Message,
    Update,
)
from telegram.constants import ChatType

from bot.config import PortalKind
from bot.telegram.context import BotContext
from bot.texts import Lang
from handlers.common import user_lang

Handler = Callable[[Update, BotContext], Coroutine[Any, Any, None]]


class Payload(StrEnum):
    """`/start <payload>` of the private-chat links (start parameters allow [A-Za-z0-9_-])."""

    MINE = "mine"
    MYDATA = "mydata"
    FORGET = "forget"
    FOLLOW = "follow"
    UNFOLLOW = "unfollow"
    STATUS = "status"
    HANDOFF = "hoicanbo"


def is_private(message: MaybeInaccessibleMessage) -> bool:
    return message.chat.type == ChatType.PRIVATE


def deep_link(context: BotContext, payload: Payload) -> str:
    """The link that opens the private chat with the bot and sends `/start <payload>`."""
    return f"https://t.me/{context.bot.username}?start={payload}"


async def send_to_private(
    message: Message, lang: Lang, context: BotContext, payload: Payload
) -> None:
    """Reply in the group with "send this to me privately" and the private-chat button."""
    texts = context.services.texts
    button = InlineKeyboardButton(
        texts.get(lang, "private_only_button"), url=deep_link(context, payload)
    )
    await message.reply_text(
        texts.get(lang, "private_only"), reply_markup=InlineKeyboardMarkup([[button]])
    )


def needs_owner_id(context: BotContext) -> bool:
    """The one-stop portal asks for the owner's ID number: a look-up is personal there."""
    return context.services.settings.portal_kind == PortalKind.ONESTOP


def private_only(
    payload: Payload, *, when: Callable[[BotContext], bool] | None = None
) -> Callable[[Handler], Handler]:
    """Decorate a command: outside a private chat (and when `when` holds, if given) it only
    points to the private chat."""

    def decorate(command: Handler) -> Handler:
        @functools.wraps(command)
        async def guarded(update: Update, context: BotContext) -> None:
            message = update.effective_message
            personal = when is None or when(context)
            if message is not None and not is_private(message) and personal:
                lang = await user_lang(update, context)
                await send_to_private(message, lang, context, payload)
                return
            await command(update, context)

        return guarded

    return decorate
