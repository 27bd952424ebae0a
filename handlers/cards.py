"""Procedure cards: open a card, switch its sections, tick documents.

Sections are edited into the card message; a section too long for one message is sent as
replies instead, split between lines.
"""

from __future__ import annotations

from telegram import Message, Update
from telegram.error import BadRequest

from bot.render.checklist import render_checklist
from bot.render.html_split import TELEGRAM_TEXT_LIMIT, split_html
from bot.render.procedure import Section, render_card, render_section
from bot.telegram.context import BotContext
from bot.texts import Lang
from handlers.callbacks import CallbackKind, decode
from handlers.common import user_lang
from handlers.keyboards import card_keyboard, checklist_keyboard
from procedures_catalog.schema import Procedure


async def send_card(
    message: Message, procedure: Procedure, lang: Lang, context: BotContext, log_id: int | None
) -> None:
    texts = context.services.texts
    await message.reply_text(
        render_card(procedure, lang, texts),
        reply_markup=card_keyboard(procedure, lang, texts, log_id=log_id),
    )


async def _edit(message: Message, text: str, **kwargs: object) -> None:
    try:
        await message.edit_text(text, **kwargs)  # type: ignore[arg-type]
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():
            raise


async def on_card_button(update: Update, context: BotContext) -> None:
    """p:<code>, n:<code>, s:<code>:<section>, c:<code>, k:<code>:<index>.

    `p` turns the message into the card; `n` sends the card as a new message, so the list
    the button was in (a life event's steps) stays readable."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        return
    lang = await user_lang(update, context)
    texts = context.services.texts
    callback = decode(query.data)
    procedure = (
        context.services.catalog.get(callback.args[0]) if callback and callback.args else None
    )
    if callback is None or procedure is None:
        await query.answer(texts.get(lang, "stale_button"), show_alert=True)
        return
    await query.answer()
    message = query.message
    if callback.kind is CallbackKind.PROCEDURE:
        await _edit(
            message,
            render_card(procedure, lang, texts),
            reply_markup=card_keyboard(procedure, lang, texts),
        )
    elif callback.kind is CallbackKind.EVENT_STEP:
        await message.reply_text(
            render_card(procedure, lang, texts),
            reply_markup=card_keyboard(procedure, lang, texts),
        )
    elif callback.kind is CallbackKind.SECTION and len(callback.args) == 2:
        await _show_section(message, procedure, callback.args[1], lang, context, query.from_user.id)
    elif callback.kind in ("c", "k"):
        user_id = query.from_user.id
        checklists = context.services.checklists
        if (
            callback.kind is CallbackKind.TICK
            and len(callback.args) == 2
            and callback.args[1].isdigit()
        ):
            ticked = await checklists.toggle(user_id, procedure.code, int(callback.args[1]))
        else:
            ticked = await checklists.ticks(user_id, procedure.code)
        await _edit(
            message,
            render_checklist(procedure, ticked, lang, texts),
            reply_markup=checklist_keyboard(procedure, ticked, lang, texts),
        )


async def _show_section(
    message: Message,
    procedure: Procedure,
    value: str,
    lang: Lang,
    context: BotContext,
    user_id: int,
) -> None:
    texts = context.services.texts
    try:
        section = Section(value)
    except ValueError:
        return
    # "Where" names the user's own commune centre once they told it (/noio).
    home = await context.services.places.home(user_id) if section is Section.WHERE else None
    text = render_section(procedure, section, lang, texts, home=home)
    keyboard = card_keyboard(procedure, lang, texts, current=section)
    if len(text) <= TELEGRAM_TEXT_LIMIT:
        await _edit(message, text, reply_markup=keyboard)
        return
    chunks = split_html(text)
    for chunk in chunks[:-1]:
        await message.reply_text(chunk)
    await message.reply_text(chunks[-1], reply_markup=keyboard)
