"""👍/👎 under an answer, and "none of these" under a clarification."""

from __future__ import annotations

from telegram import Message, Update

from bot.render.localized import title
from bot.telegram.context import BotContext
from handlers.callbacks import decode
from handlers.common import user_lang
from handlers.keyboards import choices_keyboard
from handlers.questions import contacts, send_not_found


async def on_feedback(update: Update, context: BotContext) -> None:
    """f:<code>:<log id>:<1|0>."""
    query = update.callback_query
    callback = decode(query.data if query else None)
    if query is None or callback is None or len(callback.args) != 3:
        return
    lang = await user_lang(update, context)
    texts = context.services.texts
    code, log_id, value = callback.args
    helpful = value == "1"
    question = await context.services.feedback.record(
        query.from_user.id,
        procedure_code=code,
        helpful=helpful,
        query_log_id=int(log_id) if log_id.isdigit() else None,
    )
    await query.answer(texts.get(lang, "feedback_thanks"))
    if helpful or not isinstance(query.message, Message):
        return
    others = []
    if question:
        outcome = context.services.catalog.search(question)
        others = [r for r in outcome.results if r.code != code][:4]
    if others:
        titles = {}
        for result in others:
            procedure = context.services.catalog.get(result.code)
            titles[result.code] = title(procedure, lang) if procedure else result.title
        await query.message.reply_text(
            texts.get(lang, "feedback_sorry") + "\n\n" + contacts(lang, context),
            reply_markup=choices_keyboard(others, titles, lang, texts),
        )
    else:
        await query.message.reply_text(
            texts.get(lang, "feedback_sorry_none") + "\n" + contacts(lang, context)
        )


async def on_none_of_these(update: Update, context: BotContext) -> None:
    """x:<log id> — the user rejected every candidate."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        return
    lang = await user_lang(update, context)
    await query.answer()
    await send_not_found(query.message, lang, context)
