"""Free text: search the catalog and answer with a card, a question back, or honesty.

A question the search cannot answer confidently but that tells of a life event ("vợ em
mới đẻ", "bố tôi mất") gets the event's card: its procedures in order, one button each.

In private chats every text is a question. In groups the bot answers only when it is
mentioned or replied to (commands are handled elsewhere).
"""

from __future__ import annotations

import logging
import re
from functools import partial
from html import escape

from sqlalchemy.exc import SQLAlchemyError
from telegram import Message, MessageEntity, Update

from bot.life_events import available_steps
from bot.render.life_event import render_life_event
from bot.search.decision import Decision
from bot.search.engine import SearchOutcome
from bot.search.intent import Intent
from bot.search.offcatalog import likely_field
from bot.search.querylog import log_row
from bot.telegram.context import BotContext
from bot.texts import Lang
from handlers import places, status
from handlers.cards import send_card
from handlers.clarify import ask_question
from handlers.keyboards import choices_keyboard, life_event_keyboard, main_menu
from handlers.start import user_lang

log = logging.getLogger(__name__)


def addressed_text(message: Message, bot_username: str) -> str | None:
    """The question in `message`, or None when a group message is not meant for the bot."""
    text = message.text or ""
    if message.chat.type == "private":
        return text
    mention = f"@{bot_username}".lower()
    mentioned = any(
        text[e.offset : e.offset + e.length].lower() == mention
        for e in message.entities
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
    if message is None or message.text is None or update.effective_user is None:
        return
    question = addressed_text(message, context.bot.username)
    if question is None:
        return
    lang = await user_lang(update, context)
    if message.chat.type == "private" and await status.on_owner_id(message, lang, context):
        return
    if await status.on_pending_code(message, question, update.effective_user.id, lang, context):
        return  # the dossier code the bot asked for ("✍️ Nhập mã hồ sơ")
    if not question:
        await message.reply_text(context.services.texts.get(lang, "menu_find_prompt"))
        return
    if await places.on_text(message, question, update.effective_user.id, lang, context):
        return  # the commune's name the bot asked for, or "xã X cũ giờ là xã nào?"
    outcome = context.services.catalog.search(question)
    await answer(message, outcome, lang, context, update.effective_user.id)


async def answer(
    message: Message, outcome: SearchOutcome, lang: Lang, context: BotContext, user_id: int
) -> None:
    """Reply to one search outcome (also used after 👎 and by the status hand-off)."""
    texts = context.services.texts
    if outcome.intent is Intent.STATUS:
        await status.reply_for_codes(
            message, outcome.dossier_codes, lang, context, outcome.procedure
        )
        return
    if outcome.intent in (Intent.GREETING, Intent.THANKS, Intent.HELP):
        key = {Intent.GREETING: "greeting_reply", Intent.THANKS: "thanks_reply"}.get(
            outcome.intent, "help"
        )
        await message.reply_text(texts.get(lang, key), reply_markup=main_menu(lang, texts))
        return
    services = context.services
    log_id: int | None = None
    try:
        log_id = await services.query_log.submit(
            log_row(outcome, user_hash=services.privacy.user_hash(user_id))
        )
    except SQLAlchemyError:
        # The answer is in memory: give it rather than an apology (feedback on it is then
        # stored without the question).
        log.exception("could not record the search outcome")
    catalog = context.services.catalog
    top = outcome.top
    procedure = catalog.get(top.code) if top else None
    if outcome.decision is Decision.ANSWER and procedure is not None:
        await send_card(message, procedure, lang, context, log_id)
    elif await send_life_event(message, outcome.query, lang, context):
        pass  # not a confident answer, but a situation ("bố tôi mất"): its procedures
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
    lines = [texts.get(lang, "not_found")]
    field = likely_field(outcome, partial(_field_of, context)) if outcome is not None else None
    if field:
        lines.append(texts.get(lang, "not_found_field", field=escape(field, quote=False)))
    lines += [
        texts.get(lang, "not_found_portal"),
        texts.get(lang, "not_found_rephrase"),
        "",
        contacts(lang, context),
    ]
    await message.reply_text("\n".join(lines), reply_markup=main_menu(lang, texts))


def _field_of(context: BotContext, code: str) -> str | None:
    procedure = context.services.catalog.get(code)
    return procedure.field if procedure is not None else None


def contacts(lang: Lang, context: BotContext) -> str:
    hotline = escape(context.services.settings.hotline, quote=False)
    return context.services.texts.get(lang, "contacts", hotline=hotline)
