"""The staff's side of a hand-off, in the support group (a forum supergroup).

Each hand-off is a forum topic. What a staff member writes there (text, photos, documents)
is passed to the citizen; messages of group members who are not staff, of bots and outside
hand-off topics are not, and nothing said in the support group is ever taken as a question
to the bot. Staff close a topic with `/dong` or its "✅ Kết thúc" button, and `/daybot`
(as a reply to their answer, or followed by it) puts the question and the answer in the
console's inbox. Only staff (any role, bot/roles.py) can close or mark.
"""

from __future__ import annotations

import logging

from telegram import Message, Update, User
from telegram.error import Forbidden, TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.handoff import HandoffView
from bot.roles import actor_of
from bot.telegram.context import BotContext
from bot.texts import normalize_lang
from handlers.callbacks import answer_invalid, decode, row_id
from handlers.handoff import rating_keyboard

log = logging.getLogger(__name__)


def _in_support_group(message: Message | None, context: BotContext) -> bool:
    support = context.services.handoff.support_chat_id
    return message is not None and support is not None and message.chat_id == support


async def _topic_handoff(message: Message, context: BotContext) -> HandoffView | None:
    if not message.is_topic_message or message.message_thread_id is None:
        return None
    return await context.services.handoff.at_topic(message.chat_id, message.message_thread_id)


async def relay_from_staff(update: Update, context: BotContext) -> None:
    """A message in the support group: to the citizen when staff wrote it in an open
    hand-off's topic; never handled as a question. Commands go on to /dong and /daybot."""
    message, user = update.message, update.effective_user
    if not _in_support_group(message, context):
        return
    assert message is not None
    if message.text is not None and message.text.startswith("/"):
        return
    if user is not None and not user.is_bot and message.forum_topic_created is None:
        handoff = await _topic_handoff(message, context)
        if (
            handoff is not None
            and handoff.is_open
            and await context.services.staff.is_staff(user.id)
        ):
            await _to_citizen(message, handoff, context)
    raise ApplicationHandlerStop


async def _to_citizen(message: Message, handoff: HandoffView, context: BotContext) -> None:
    services = context.services
    texts = services.texts
    lang = normalize_lang(handoff.language)
    try:
        if message.text is not None:
            await context.bot.send_message(
                handoff.user_id, texts.get(lang, "handoff_staff_prefix", text=message.text)
            )
        else:
            caption = message.caption
            await context.bot.copy_message(
                handoff.user_id,
                message.chat_id,
                message.message_id,
                caption=texts.get(lang, "handoff_staff_prefix", text=caption) if caption else None,
            )
    except Forbidden:
        await message.reply_text(texts.get("vi", "handoff_citizen_left"))
        return
    except TelegramError as exc:
        log.warning("hand-off %s: relay to the citizen failed: %s", handoff.reference, exc)
        await message.reply_text(texts.get("vi", "handoff_citizen_left"))
        return
    await services.handoff.staff_replied(handoff.id)


async def _staff_in_topic(
    update: Update, context: BotContext
) -> tuple[Message, User, HandoffView] | None:
    """The command's message, staff author and hand-off; replies with why not otherwise."""
    message, user = update.message, update.effective_user
    if message is None or user is None or not _in_support_group(message, context):
        return None
    texts = context.services.texts
    if not await context.services.staff.is_staff(user.id):
        await message.reply_text(texts.get("vi", "handoff_not_staff"))
        return None
    handoff = await _topic_handoff(message, context)
    if handoff is None:
        await message.reply_text(texts.get("vi", "handoff_not_a_topic"))
        return None
    return message, user, handoff


async def close(handoff: HandoffView, staff: User, context: BotContext) -> bool:
    """Close the hand-off, its topic, and tell the citizen (with 👍/👎); False when it was
    closed already."""
    services = context.services
    texts = services.texts
    if not await services.handoff.close(handoff.id, actor_of(staff.id)):
        return False
    lang = normalize_lang(handoff.language)
    try:
        await context.bot.send_message(
            handoff.user_id,
            texts.get(lang, "handoff_closed_citizen", reference=handoff.reference),
            reply_markup=rating_keyboard(context, lang, handoff.id),
        )
    except TelegramError as exc:
        log.info("hand-off %s: the citizen could not be told: %s", handoff.reference, exc)
    if handoff.thread_id is not None:
        try:
            await context.bot.send_message(
                handoff.support_chat_id,
                texts.get("vi", "handoff_topic_closed", actor=staff.full_name),
                message_thread_id=handoff.thread_id,
            )
            await context.bot.close_forum_topic(handoff.support_chat_id, handoff.thread_id)
        except TelegramError as exc:
            log.warning("hand-off %s: closing the topic failed: %s", handoff.reference, exc)
    return True


async def dong_command(update: Update, context: BotContext) -> None:
    """`/dong` in a hand-off topic."""
    found = await _staff_in_topic(update, context)
    if found is None:
        return
    message, user, handoff = found
    if not handoff.is_open or not await close(handoff, user, context):
        await message.reply_text(context.services.texts.get("vi", "handoff_topic_already_closed"))


async def on_close_button(update: Update, context: BotContext) -> None:
    """ "✅ Kết thúc" under a topic's first message (``t:c:<id>``)."""
    query, user = update.callback_query, update.effective_user
    callback = decode(query.data if query else None)
    handoff_id = row_id(callback.args[1]) if callback and len(callback.args) == 2 else None
    services = context.services
    handoff = await services.handoff.get(handoff_id) if handoff_id else None
    if query is None or user is None or handoff is None:
        await answer_invalid(update, context)
        return
    if not await services.staff.is_staff(user.id):
        await query.answer(services.texts.get("vi", "handoff_not_staff"), show_alert=True)
        return
    closed = handoff.is_open and await close(handoff, user, context)
    await query.answer(None if closed else services.texts.get("vi", "handoff_topic_already_closed"))


async def daybot_command(update: Update, context: BotContext) -> None:
    """`/daybot` (a reply to the staff's answer, or `/daybot <answer>`) in a hand-off topic."""
    found = await _staff_in_topic(update, context)
    if found is None:
        return
    message, user, handoff = found
    texts = context.services.texts
    replied = message.reply_to_message
    answer = " ".join(context.args or [])
    if not answer and replied is not None and replied.forum_topic_created is None:
        answer = replied.text or replied.caption or ""
    if not answer:
        await message.reply_text(texts.get("vi", "handoff_teach_usage"))
        return
    await context.services.handoff.teach(handoff.id, answer, actor_of(user.id))
    await message.reply_text(texts.get("vi", "handoff_taught"))
