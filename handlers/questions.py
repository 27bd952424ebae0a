"""Free text: search the catalog and answer with a card, a question back, or honesty.

A question the search cannot answer confidently but that tells of a life event ("vợ em
mới đẻ", "bố tôi mất") gets the event's card: its procedures in order, one button each.
One that staff marked "not a procedure we handle" (the console's questions page) gets
their short reply.

In private chats every text is a question. In groups the bot answers only when it is
mentioned or replied to (commands are handled elsewhere). A photo's or a document's
caption is a question like a text (handlers/fallbacks.py sends it here).
"""

from __future__ import annotations

import re
from functools import partial

from telegram import Message, MessageEntity, Update

from bot.learning.replies import render_staff_reply
from bot.life_events import available_steps
from bot.render.life_event import render_life_event
from bot.render.not_found import render_contacts, render_not_found
from bot.search.decision import Decision
from bot.search.engine import SearchOutcome
from bot.search.intent import Intent
from bot.search.offcatalog import likely_field
from bot.search.snapshot import CatalogSnapshot
from bot.telegram.context import BotContext
from bot.texts import Lang
from handlers import places, status
from handlers.cards import send_card
from handlers.clarify import ask_question
from handlers.common import user_lang
from handlers.handoff import with_handoff
from handlers.keyboards import choices_keyboard, life_event_keyboard, main_menu


def addressed_text(message: Message, bot_username: str) -> str | None:
    """The question in `message` (its text, or its caption), or None when a group message
    is not meant for the bot."""
    text, entities = (
        (message.text, message.entities)
        if message.text is not None
        else (message.caption or "", message.caption_entities)
    )
    if message.chat.type == "private":
        return text
    mention = f"@{bot_username}".lower()
    mentioned = any(
        text[e.offset : e.offset + e.length].lower() == mention
        for e in entities
        if e.type == MessageEntity.MENTION
    )
    replied = bool(
        message.reply_to_message
        and message.reply_to_message.from_user
        and message.reply_to_message.from_user.username == bot_username
    )
    if not (mentioned or replied):
        return None
    return re.sub(re.escape(mention), " ", text, flags=re.IGNORECASE).strip()


async def on_text(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None or update.effective_user is None:
        return
    if message.text is None and message.caption is None:
        return
    question = addressed_text(message, context.bot.username)
    if question is None:
        return
    lang = await user_lang(update, context)
    if await status.on_awaited_answer(message, question, update.effective_user.id, lang, context):
        return  # the dossier code or the owner's ID number the bot asked for
    if not question:
        await message.reply_text(context.services.texts.get(lang, "menu_find_prompt"))
        return
    if await places.on_text(message, question, update.effective_user.id, lang, context):
        return  # the commune's name the bot asked for, or "xã X cũ giờ là xã nào?"
    snapshot = context.services.catalog.current  # one catalog version for the whole update
    outcome = snapshot.search(question)
    await answer(message, outcome, lang, context, update.effective_user.id, snapshot)


async def answer(
    message: Message,
    outcome: SearchOutcome,
    lang: Lang,
    context: BotContext,
    user_id: int,
    snapshot: CatalogSnapshot | None = None,
) -> None:
    """Reply to one search outcome (also used after 👎 and by the status hand-off)."""
    texts = context.services.texts
    if outcome.intent is Intent.STATUS:
        await status.reply_for_status(message, outcome, user_id, lang, context)
        return
    if outcome.intent in (Intent.GREETING, Intent.THANKS, Intent.HELP):
        key = {Intent.GREETING: "greeting_reply", Intent.THANKS: "thanks_reply"}.get(
            outcome.intent, "help"
        )
        await message.reply_text(texts.get(lang, key), reply_markup=main_menu(lang, texts))
        return
    # None when the row could not be written: the answer is given anyway.
    log_id = await context.services.search_log.record(outcome, user_id)
    catalog = snapshot if snapshot is not None else context.services.catalog.current
    top = outcome.top
    procedure = catalog.get(top.code) if top else None
    if outcome.decision is Decision.ANSWER and procedure is not None:
        await send_card(message, procedure, lang, context, log_id)
    elif await send_life_event(message, outcome.query, lang, context):
        pass  # not a confident answer, but a situation ("bố tôi mất"): its procedures
    elif await send_staff_reply(message, outcome, lang, context):
        pass  # staff marked such questions "not a procedure we handle", with a reply
    elif outcome.decision is Decision.CLARIFY and outcome.results:
        choices = outcome.choices or outcome.results[:4]
        # siblings that differ in one thing: one plain question ("how old?"), else titles
        if await ask_question(message, [c.code for c in choices], lang, context, log_id):
            return
        titles = {c.code: _title(context, c.code, lang) for c in choices}
        await message.reply_text(
            texts.get(lang, "clarify"),
            reply_markup=choices_keyboard(choices, titles, lang, texts, log_id=log_id),
        )
    else:
        await send_not_found(message, lang, context, outcome)


async def send_life_event(message: Message, text: str, lang: Lang, context: BotContext) -> bool:
    """Reply with the life-event card when `text` is about one; False when it is not."""
    services = context.services
    event = services.life_events.match(text)
    steps = available_steps(event, services.catalog.get) if event is not None else []
    if event is None or not steps:
        return False
    await message.reply_text(
        render_life_event(event, steps, lang, services.texts),
        reply_markup=life_event_keyboard(steps, lang, services.texts),
    )
    return True


async def send_staff_reply(
    message: Message, outcome: SearchOutcome, lang: Lang, context: BotContext
) -> bool:
    """Reply with the staff's "not ours" text when the question matches such a group of
    questions (bot/learning/replies.py); False when none does."""
    services = context.services
    decided = await services.learning.replies.reply_for(outcome)
    if decided is None:
        return False
    text = render_staff_reply(decided, services.settings.hotline, lang, services.texts)
    keyboard = with_handoff(main_menu(lang, services.texts), context, lang)
    await message.reply_text(text, reply_markup=keyboard)
    return True


def _title(context: BotContext, code: str, lang: Lang) -> str:
    procedure = context.services.catalog.get(code)
    if procedure is None:
        return code
    return procedure.title.en if lang == "en" and procedure.title.en else procedure.title.vi


async def send_not_found(
    message: Message, lang: Lang, context: BotContext, outcome: SearchOutcome | None = None
) -> None:
    """Say plainly that the bot does not have the procedure: the field it most likely
    belongs to (never a guessed procedure), the portal's search page and the hotline.
    A message with no words to search ("2", "hả", "...") gets the prompt instead."""
    texts = context.services.texts
    if outcome is not None and outcome.signals is not None and outcome.signals.no_content:
        await message.reply_text(
            texts.get(lang, "not_found_no_words"), reply_markup=main_menu(lang, texts)
        )
        return
    field = likely_field(outcome, partial(_field_of, context)) if outcome is not None else None
    text = render_not_found(field, context.services.settings.hotline, lang, texts)
    await message.reply_text(text, reply_markup=with_handoff(main_menu(lang, texts), context, lang))


def _field_of(context: BotContext, code: str) -> str | None:
    procedure = context.services.catalog.get(code)
    return procedure.field if procedure is not None else None


def contacts(lang: Lang, context: BotContext) -> str:
    return render_contacts(context.services.settings.hotline, lang, context.services.texts)
