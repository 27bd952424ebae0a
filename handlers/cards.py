"""Procedure cards: open a card, switch its sections, tick documents.

Sections are edited into the card message; a section too long for one message is sent as
replies instead, split between lines. A tick's index must be one of the procedure's
documents, and a section one the card has; anything else is "no longer valid".
"""

from __future__ import annotations

from telegram import Message, Update
from telegram.error import BadRequest

from bot.render.checklist import render_checklist
from bot.render.html_split import TELEGRAM_TEXT_LIMIT, split_html
from bot.render.procedure import Section, render_card, render_section
from bot.telegram.context import BotContext
from bot.texts import Lang
from handlers.callbacks import CallbackKind, answer_invalid, decode, small_int
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
    callback = decode(query.data if query else None)
    if query is None or callback is None or not isinstance(query.message, Message):
        await answer_invalid(update, context)
        return
    lang = await user_lang(update, context)
    texts = context.services.texts
    procedure = context.services.catalog.get(callback.args[0]) if callback.args else None
    if procedure is None:
        await query.answer(texts.get(lang, "stale_button"), show_alert=True)
        return
    tick = _tick_index(callback.args, procedure) if callback.kind is CallbackKind.TICK else None
    if not _args_fit(callback.kind, callback.args) or (
        callback.kind is CallbackKind.TICK and tick is None
    ):
        await answer_invalid(update, context)
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
    elif callback.kind is CallbackKind.SECTION:
        await _show_section(
            message, procedure, Section(callback.args[1]), lang, context, query.from_user.id
        )
    else:  # the checklist, or a tick on it
        user_id = query.from_user.id
        checklists = context.services.checklists
        if tick is not None:
            ticked = await checklists.toggle(user_id, procedure.code, tick)
        else:
            ticked = await checklists.ticks(user_id, procedure.code)
        await _edit(
            message,
            render_checklist(procedure, ticked, lang, texts),
            reply_markup=checklist_keyboard(procedure, ticked, lang, texts),
        )


def _args_fit(kind: CallbackKind, args: tuple[str, ...]) -> bool:
    """The arguments a card button of this kind carries (the code is checked already)."""
    if kind is CallbackKind.SECTION:
        return len(args) == 2 and args[1] in tuple(Section)
    return len(args) == (2 if kind is CallbackKind.TICK else 1)


def _tick_index(args: tuple[str, ...], procedure: Procedure) -> int | None:
    """The document a tick button names: an index below the procedure's document count."""
    documents = len(procedure.documents)
    if len(args) != 2 or not documents:
        return None
    return small_int(args[1], high=documents - 1)


async def _show_section(
    message: Message,
    procedure: Procedure,
    section: Section,
    lang: Lang,
    context: BotContext,
    user_id: int,
) -> None:
    texts = context.services.texts
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
