"""Following dossiers in Telegram: the card's 🔔 button, /follow, /mine, /unfollow.

Thin: read the update, call ``services.dossiers`` (bot/dossiers/follow.py owns the portal
policy, the owner ID — kept only encrypted — and the subscription), render the typed result
(bot/render/follow.py) and reply; "typing…" shows while the portal is slow
(handlers/waiting.py). When the owner's ID number is needed the bot asks for it; the
answer, on any instance, is taken by handlers/status.py (``on_awaited_answer``).

Callback data (handlers/callbacks.py): ``w:<dossier code>`` follows from a status card,
``u:<subscription id>`` stops following from the /unfollow list.

Following is personal: in a group the commands and the 🔔 button point to the private chat
(handlers/private.py).
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError

from bot.dossiers import read_code
from bot.dossiers.results import FollowReply, MalformedCode, MyDossiers, NotACode
from bot.render.follow import render_follow, render_mine, render_unfollowed
from bot.telegram.context import BotContext
from bot.texts import Lang
from handlers.callbacks import CallbackKind, answer_invalid, decode, encode, row_id
from handlers.common import asker, user_lang
from handlers.private import Payload, deep_link, is_private, private_only
from handlers.waiting import showing_progress

log = logging.getLogger(__name__)


async def send_follow(
    message: Message, reply: FollowReply, lang: Lang, context: BotContext, *, quote: bool
) -> None:
    """The reply to /follow (`quote`: a bad code is answered as a reply) or to 🔔."""
    text = render_follow(reply, lang, context.services.texts)
    if quote and isinstance(reply, NotACode | MalformedCode):
        await message.reply_text(text)
    else:
        await message.chat.send_message(text)


@private_only(Payload.FOLLOW)
async def follow_command(update: Update, context: BotContext) -> None:
    """/follow CODE."""
    asked = await asker(update, context)
    if asked is None:
        return
    text = " ".join(context.args or [])
    if not text:
        await asked.message.reply_text(context.services.texts.get(asked.lang, "track_ask_code"))
        return
    async with showing_progress(asked.message):
        reply = await context.services.dossiers.follow(asked.user.id, read_code(text))
    await send_follow(asked.message, reply, asked.lang, context, quote=True)


async def on_follow_button(update: Update, context: BotContext) -> None:
    """🔔 on a status card: ``w:<code>``; in a group it opens the private chat."""
    query = update.callback_query
    callback = decode(query.data if query else None)
    if query is None or callback is None or not isinstance(query.message, Message):
        await answer_invalid(update, context)
        return
    if not is_private(query.message):
        await query.answer(url=deep_link(context, Payload.FOLLOW))
        return
    lang = await user_lang(update, context)
    await query.answer()  # at once: the look-up below may take a moment
    code = read_code(":".join(callback.args))
    async with showing_progress(query.message):
        reply = await context.services.dossiers.follow(query.from_user.id, code)
    await send_follow(query.message, reply, lang, context, quote=False)


async def send_mine(message: Message, user_id: int, lang: Lang, context: BotContext) -> None:
    """The followed dossiers with their last known status (also the menu's button)."""
    mine = await context.services.dossiers.mine(user_id)
    await message.reply_text(render_mine(mine, lang, context.services.texts))


@private_only(Payload.MINE)
async def mine_command(update: Update, context: BotContext) -> None:
    """/mine."""
    asked = await asker(update, context)
    if asked is not None:
        await send_mine(asked.message, asked.user.id, asked.lang, context)


def unfollow_keyboard(mine: MyDossiers, lang: Lang, context: BotContext) -> InlineKeyboardMarkup:
    texts = context.services.texts
    rows = [
        [
            InlineKeyboardButton(
                texts.get(lang, "track_btn_unfollow", code=item.code),
                callback_data=encode(CallbackKind.UNFOLLOW, item.id),
            )
        ]
        for item in mine.items
    ]
    return InlineKeyboardMarkup(rows)


@private_only(Payload.UNFOLLOW)
async def unfollow_command(update: Update, context: BotContext) -> None:
    """/unfollow shows a button per dossier; /unfollow CODE stops at once."""
    asked = await asker(update, context)
    if asked is None:
        return
    message, user, lang = asked.message, asked.user, asked.lang
    if context.args:
        text = " ".join(context.args)
        removed = await context.services.dossiers.unfollow_code(user.id, read_code(text), text)
        await message.reply_text(render_unfollowed(removed, lang, context.services.texts))
        return
    await send_unfollow_list(message, user.id, lang, context)


async def send_unfollow_list(
    message: Message, user_id: int, lang: Lang, context: BotContext
) -> None:
    """A ❌ button per followed dossier (or "you follow none")."""
    texts = context.services.texts
    mine = await context.services.dossiers.mine(user_id)
    if not mine.items:
        await message.reply_text(texts.get(lang, "track_mine_empty"))
        return
    await message.reply_text(
        texts.get(lang, "track_unfollow_pick"), reply_markup=unfollow_keyboard(mine, lang, context)
    )


async def on_unfollow_button(update: Update, context: BotContext) -> None:
    """❌ in the /unfollow list: ``u:<subscription id>``."""
    query = update.callback_query
    callback = decode(query.data if query else None)
    subscription_id = row_id(callback.args[0]) if callback and len(callback.args) == 1 else None
    if (
        query is None
        or not subscription_id
        or not isinstance(query.message, Message)
        or not is_private(query.message)
    ):
        await answer_invalid(update, context)
        return
    lang = await user_lang(update, context)
    dossiers = context.services.dossiers
    removed = await dossiers.unfollow_subscription(query.from_user.id, subscription_id)
    await query.answer()
    mine = await dossiers.mine(query.from_user.id)
    try:
        await query.message.edit_reply_markup(
            reply_markup=unfollow_keyboard(mine, lang, context) if mine.items else None
        )
    except TelegramError:
        log.debug("could not update the unfollow list")
    await query.message.chat.send_message(render_unfollowed(removed, lang, context.services.texts))
