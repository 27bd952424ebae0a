"""Plain-word clarifying questions: ask one instead of listing titles, act on the answer.

When the search asks back and the candidates differ in one thing, the bot asks the plain
question of `procedures_catalog/data/clarify.yaml` that tells them apart ("Người cần làm
thẻ căn cước bao nhiêu tuổi?") with one button per answer (see `bot.clarify` for the
choice). An answer with one procedure is a `p:<code>` button: the card replaces the
question (handlers/cards.py). An answer with several procedures is `q:<attribute>:<n>:<log
id>`, handled here: another question that tells those apart, or else their titles.
"""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot.render.clarify import render_clarify_question
from bot.render.localized import title
from bot.render.procedure import render_card
from bot.search.engine import SearchResult
from bot.telegram.context import BotContext
from bot.texts import Lang
from handlers.callbacks import answer_invalid, decode, row_id, small_int
from handlers.common import user_lang
from handlers.keyboards import card_keyboard, choices_keyboard, clarify_keyboard

#: More answers than one question ever has (the index is checked against the file too).
MAX_OPTIONS = 99


def _title(context: BotContext, code: str, lang: Lang) -> str:
    procedure = context.services.catalog.get(code)
    return title(procedure, lang) if procedure is not None else code


def question_reply(
    offered: Sequence[str], lang: Lang, context: BotContext, log_id: int | None
) -> tuple[str, InlineKeyboardMarkup] | None:
    """The question and its buttons for codes `offered` (best first); None when no
    attribute tells them apart."""
    services = context.services
    catalog = services.catalog
    question = services.clarify.pick(offered, known=lambda code: catalog.get(code) is not None)
    if question is None:
        return None
    titles = {code: _title(context, code, lang) for code in question.others}
    return (
        render_clarify_question(question, lang, services.texts),
        clarify_keyboard(question, titles, lang, services.texts, log_id=log_id),
    )


async def ask_question(
    message: Message, offered: Sequence[str], lang: Lang, context: BotContext, log_id: int | None
) -> bool:
    """Reply with the plain question for `offered`; False (nothing sent) when none fits."""
    reply = question_reply(offered, lang, context, log_id)
    if reply is None:
        return False
    text, keyboard = reply
    await message.reply_text(text, reply_markup=keyboard)
    return True


async def _edit(message: Message, text: str, keyboard: InlineKeyboardMarkup) -> None:
    try:
        await message.edit_text(text, reply_markup=keyboard)
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():
            raise


async def on_clarify_option(update: Update, context: BotContext) -> None:
    """q:<attribute>:<n>:<log id> — an answer that leads to several procedures."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        await answer_invalid(update, context)
        return
    lang = await user_lang(update, context)
    services = context.services
    texts = services.texts
    catalog = services.catalog
    callback = decode(query.data)
    codes: tuple[str, ...] | None = None
    log_id: int | None = None
    if callback is not None and len(callback.args) == 3:
        attribute_id, index_text, log = callback.args
        index, log_id = small_int(index_text, high=MAX_OPTIONS), row_id(log)
        if index is not None and log_id is not None:
            codes = services.clarify.option_codes(
                attribute_id, index, known=lambda code: catalog.get(code) is not None
            )
        log_id = log_id or None
    if not codes:
        await query.answer(texts.get(lang, "stale_button"), show_alert=True)
        return
    await query.answer()
    procedure = catalog.get(codes[0])
    text: str  # Telegram HTML
    if len(codes) == 1 and procedure is not None:
        text = render_card(procedure, lang, texts)
        keyboard = card_keyboard(procedure, lang, texts, log_id=log_id)
    elif (reply := question_reply(codes, lang, context, log_id)) is not None:
        text, keyboard = reply
    else:
        choices = [SearchResult(code, _title(context, code, "vi"), 0.0) for code in codes]
        titles = {code: _title(context, code, lang) for code in codes}
        text = texts.get(lang, "clarify")
        keyboard = choices_keyboard(choices, titles, lang, texts, log_id=log_id)
    await _edit(query.message, text, keyboard)
