"""The citizen's side of a hand-off to staff: asking, consenting, talking, rating.

"💬 Hỏi cán bộ" (a button where the bot does not know, after 👎, in /help) and `/hoicanbo
[question]` show what will be shared and ask for consent; "✅ Gửi cho cán bộ" opens a forum
topic in the support group (handlers/support.py has the staff's side). While a hand-off is
open, whatever the citizen writes in the private chat goes to that topic (ID numbers masked)
instead of to the search: `relay_from_citizen` runs in a group before the commands and
questions and stops the update when it relayed it.

Callback data ``t:<action>[:<id>[:<n>]]``: ``a`` ask, ``g`` go (consent), ``n`` no,
``r:<id>:<1|0>`` the citizen's rating; ``c:<id>`` (close, pressed by staff in the topic)
is handled in handlers/support.py.
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.handoff import AlreadyOpen, HandoffContext, HandoffView
from bot.outage import DATABASE_ERRORS
from bot.pending import StepKind
from bot.personal_numbers import mask_personal_numbers
from bot.render import handoff as render
from bot.telegram.context import BotContext
from bot.texts import Lang
from handlers.callbacks import CallbackKind, answer_invalid, decode, encode, row_id
from handlers.common import asker, user_lang
from handlers.private import Payload, is_private, private_only

log = logging.getLogger(__name__)


def handoff_button(context: BotContext, lang: Lang) -> InlineKeyboardButton | None:
    """The "💬 Hỏi cán bộ" button, when a support group is configured."""
    if not context.services.handoff.enabled:
        return None
    return InlineKeyboardButton(
        context.services.texts.get(lang, "handoff_button"),
        callback_data=encode(CallbackKind.HANDOFF, "a"),
    )


def with_handoff(
    markup: InlineKeyboardMarkup | None, context: BotContext, lang: Lang
) -> InlineKeyboardMarkup | None:
    """`markup` with a "💬 Hỏi cán bộ" row added (unchanged without a support group)."""
    button = handoff_button(context, lang)
    if button is None:
        return markup
    rows = list(markup.inline_keyboard) if markup is not None else []
    return InlineKeyboardMarkup([[button], *rows])


async def offer(
    message: Message, user_id: int, lang: Lang, context: BotContext, question: str | None
) -> None:
    """Show what will be shared and the two buttons (or why it cannot be done)."""
    services = context.services
    texts = services.texts
    if not services.handoff.enabled:
        await message.reply_text(
            texts.get(lang, "handoff_unavailable", hotline=services.settings.hotline)
        )
        return
    current = await services.handoff.open_of(user_id)
    if current is not None:
        await message.reply_text(
            texts.get(lang, "handoff_already_open", reference=current.reference)
        )
        return
    if question:
        handoff_context = await services.handoff.write_question(user_id, question)
    else:
        handoff_context = await services.handoff.last_context(user_id)
    await services.pending.expect(
        user_id, StepKind.HANDOFF_CONSENT, payload=services.handoff.payload(handoff_context)
    )
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.get(lang, "handoff_confirm"),
                    callback_data=encode(CallbackKind.HANDOFF, "g"),
                ),
                InlineKeyboardButton(
                    texts.get(lang, "handoff_cancel"),
                    callback_data=encode(CallbackKind.HANDOFF, "n"),
                ),
            ]
        ]
    )
    text = render.consent(texts, lang, handoff_context, services.catalog.get)
    await message.reply_text(text, reply_markup=keyboard)


@private_only(Payload.HANDOFF)
async def hoicanbo_command(update: Update, context: BotContext) -> None:
    """`/hoicanbo [question]`."""
    asked = await asker(update, context)
    if asked is None:
        return
    question = " ".join(context.args or [])
    await offer(asked.message, asked.user.id, asked.lang, context, question or None)


async def _open(message: Message, user_id: int, lang: Lang, context: BotContext) -> None:
    """The citizen consented: record the hand-off, open its topic, tell both sides."""
    services = context.services
    texts = services.texts
    step = await services.pending.take(user_id, StepKind.HANDOFF_CONSENT)
    if step is None:
        await message.reply_text(texts.get(lang, "button_invalid"))
        return
    handoff_context = await services.handoff.from_payload(user_id, step.payload)
    begun = await services.handoff.begin(user_id, lang, handoff_context)
    if isinstance(begun, AlreadyOpen):
        await message.reply_text(
            texts.get(lang, "handoff_already_open", reference=begun.handoff.reference)
        )
        return
    if not await _create_topic(begun, lang, handoff_context, context):
        await services.handoff.discard(begun.id)
        await message.reply_text(
            texts.get(lang, "handoff_failed", hotline=services.settings.hotline)
        )
        return
    await message.reply_text(texts.get(lang, "handoff_opened", reference=begun.reference))
    hours = services.handoff.office_hours
    now = services.handoff.clock()
    if not hours.is_open(now):
        when = render.when(texts, lang, hours.next_opening(now))
        await message.reply_text(texts.get(lang, "handoff_after_hours", when=when))


async def _create_topic(
    handoff: HandoffView, lang: Lang, handoff_context: HandoffContext, context: BotContext
) -> bool:
    services = context.services
    texts = services.texts
    name = render.topic_name(handoff.reference, handoff_context, services.catalog.get)
    try:
        topic = await context.bot.create_forum_topic(handoff.support_chat_id, name)
        await services.handoff.attach_topic(handoff.id, topic.message_thread_id)
        close = InlineKeyboardButton(
            texts.get("vi", "handoff_close_button"),
            callback_data=encode(CallbackKind.HANDOFF, "c", handoff.id),
        )
        await context.bot.send_message(
            handoff.support_chat_id,
            render.topic_header(
                texts, handoff.reference, lang, handoff_context, services.catalog.get
            ),
            message_thread_id=topic.message_thread_id,
            reply_markup=InlineKeyboardMarkup([[close]]),
        )
    except TelegramError as exc:
        log.warning("hand-off %s: the support group refused the topic: %s", handoff.reference, exc)
        return False
    return True


async def on_handoff_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    user = update.effective_user
    callback = decode(query.data if query else None)
    if query is None or user is None or callback is None or not callback.args:
        await answer_invalid(update, context)
        return
    action, rest = callback.args[0], callback.args[1:]
    message = query.message
    lang = await user_lang(update, context)
    if (
        action in ("a", "g", "n")
        and not rest
        and isinstance(message, Message)
        and is_private(message)
    ):
        await query.answer()
        if action == "a":
            await offer(message, user.id, lang, context, None)
        elif action == "g":
            await _open(message, user.id, lang, context)
        else:
            await context.services.pending.clear(user.id)
            await message.reply_text(context.services.texts.get(lang, "handoff_cancelled"))
        return
    if action == "r" and len(rest) == 2 and rest[1] in ("0", "1"):
        handoff_id = row_id(rest[0])
        if handoff_id and await context.services.handoff.rate(handoff_id, user.id, rest[1] == "1"):
            await query.answer(context.services.texts.get(lang, "handoff_rated"))
            if isinstance(message, Message):
                await message.edit_reply_markup(reply_markup=None)
            return
    await answer_invalid(update, context)


def rating_keyboard(context: BotContext, lang: Lang, handoff_id: int) -> InlineKeyboardMarkup:
    texts = context.services.texts
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.get(lang, "handoff_rate_good"),
                    callback_data=encode(CallbackKind.HANDOFF, "r", handoff_id, 1),
                ),
                InlineKeyboardButton(
                    texts.get(lang, "handoff_rate_bad"),
                    callback_data=encode(CallbackKind.HANDOFF, "r", handoff_id, 0),
                ),
            ]
        ]
    )


async def relay_from_citizen(update: Update, context: BotContext) -> None:
    """In the private chat, with a hand-off open: pass the message to its topic and stop."""
    message, user = update.message, update.effective_user
    services = context.services
    if message is None or user is None or not services.handoff.enabled or not is_private(message):
        return
    if message.text is not None and message.text.startswith("/"):
        return  # commands still reach the bot
    try:
        handoff = await services.handoff.open_of(user.id)
    except DATABASE_ERRORS:
        # The database is down: the message goes on as a question, which the catalog in
        # memory can answer; failing here would leave the citizen with an apology only.
        log.debug("no open hand-off known; the message goes on as a question")
        return
    if handoff is None or handoff.thread_id is None:
        return
    texts = services.texts
    try:
        if message.text is not None:
            await context.bot.send_message(
                handoff.support_chat_id,
                texts.get("vi", "handoff_topic_citizen", text=mask_personal_numbers(message.text)),
                message_thread_id=handoff.thread_id,
            )
        else:
            caption = message.caption
            await context.bot.copy_message(
                handoff.support_chat_id,
                message.chat_id,
                message.message_id,
                message_thread_id=handoff.thread_id,
                caption=texts.get(
                    "vi", "handoff_topic_citizen", text=mask_personal_numbers(caption)
                )
                if caption
                else None,
            )
    except TelegramError as exc:
        log.warning("hand-off %s: relay to the topic failed: %s", handoff.reference, exc)
        lang = await user_lang(update, context)
        await message.reply_text(texts.get(lang, "handoff_relay_failed"))
    raise ApplicationHandlerStop
