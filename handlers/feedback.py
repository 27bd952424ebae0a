"""👍/👎 under an answer, and "none of these" under a clarification.

The 👍/👎 data carries the id of the logged question (``f:<code>:<log id>:<1|0>``); the
feedback service stores nothing when that question is not the presser's, so a changed id
neither records feedback on someone else's question nor shows what they asked about.
"""

from __future__ import annotations

from telegram import Message, Update

from bot.render.localized import title
from bot.telegram.context import BotContext
from handlers.callbacks import answer_invalid, decode, row_id
from handlers.common import user_lang
from handlers.handoff import with_handoff
from handlers.keyboards import choices_keyboard
from handlers.private import is_private
from handlers.questions import contacts, send_not_found


async def on_feedback(update: Update, context: BotContext) -> None:
    """f:<code>:<log id>:<1|0>."""
    query = update.callback_query
    callback = decode(query.data if query else None)
    if query is None or callback is None or len(callback.args) != 3:
        await answer_invalid(update, context)
        return
    code, log, value = callback.args
    log_id = row_id(log)
    if log_id is None or value not in ("0", "1") or context.services.catalog.get(code) is None:
        await answer_invalid(update, context)
        return
    lang = await user_lang(update, context)
    texts = context.services.texts
    helpful = value == "1"
    recorded = await context.services.feedback.record(
        query.from_user.id, procedure_code=code, helpful=helpful, query_log_id=log_id
    )
    if recorded is None:
        # Someone else's question: in a group, another member's answer; else a forged id.
        private = query.message is not None and is_private(query.message)
        key = "button_invalid" if private else "feedback_not_yours"
        await query.answer(texts.get(lang, key), show_alert=True)
        return
    await query.answer(texts.get(lang, "feedback_thanks"))
    if helpful or not isinstance(query.message, Message):
        return
    others = []
    if recorded.question:
        outcome = context.services.catalog.search(recorded.question)
        others = [r for r in outcome.results if r.code != code][:4]
    if others:
        titles = {}
        for result in others:
            procedure = context.services.catalog.get(result.code)
            titles[result.code] = title(procedure, lang) if procedure else result.title
        await query.message.reply_text(
            texts.get(lang, "feedback_sorry") + "\n\n" + contacts(lang, context),
            reply_markup=with_handoff(choices_keyboard(others, titles, lang, texts), context, lang),
        )
    else:
        await query.message.reply_text(
            texts.get(lang, "feedback_sorry_none") + "\n" + contacts(lang, context),
            reply_markup=with_handoff(None, context, lang),
        )


async def on_none_of_these(update: Update, context: BotContext) -> None:
    """x:<log id> — the user rejected every candidate."""
    query = update.callback_query
    callback = decode(query.data if query else None)
    log_id = row_id(callback.args[0]) if callback and len(callback.args) == 1 else None
    if query is None or log_id is None or not isinstance(query.message, Message):
        await answer_invalid(update, context)
        return
    lang = await user_lang(update, context)
    await query.answer()
    await send_not_found(query.message, lang, context)
