"""/noio ("nơi ở"): the user tells the bot their commune; questions about former communes.

h:<code>[-<code>…]   a place button: one code is remembered, several are asked again
                     (a former unit divided among them).
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot.places.data import NewUnit
from bot.places.match import Lookup, Outcome, Place
from bot.render.place import (
    choice_label,
    render_answer,
    render_choice_prompt,
    render_not_found,
    render_saved,
    save_label,
    unit_label,
)
from bot.telegram.context import BotContext
from bot.texts import Lang, Texts
from handlers.callbacks import CallbackKind, answer_invalid, decode, encode
from handlers.common import asker, user_lang

#: A message longer than this is a question, not the commune's name the bot asked for.
MAX_NAME_WORDS = 8


def _codes(units: tuple[NewUnit, ...]) -> str:
    return "-".join(u.code for u in units)


def _choices(places: tuple[Place, ...], lang: Lang, texts: Texts) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                choice_label(place, lang, texts),
                callback_data=encode(CallbackKind.PLACE, _codes(place.successors)),
            )
        ]
        for place in places
    ]
    return InlineKeyboardMarkup(rows)


def _units_keyboard(units: tuple[NewUnit, ...], lang: Lang, texts: Texts) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    save_label(u, lang, texts), callback_data=encode(CallbackKind.PLACE, u.code)
                )
            ]
            for u in units
        ]
    )


async def reply_lookup(
    message: Message, user_id: int, lookup: Lookup, lang: Lang, context: BotContext
) -> None:
    """Remember a found commune, or ask back (buttons), or say how to write it."""
    services = context.services
    texts = services.texts
    unit = lookup.unit
    if unit is not None:
        await services.places.remember(user_id, unit.code)
        await message.reply_text(render_saved(unit, lookup.old, lang, texts))
    elif lookup.outcome is Outcome.DIVIDED:
        units = lookup.places[0].successors
        await message.reply_text(
            render_choice_prompt(lookup, lang, texts),
            reply_markup=_units_keyboard(units, lang, texts),
        )
    elif lookup.outcome is Outcome.AMBIGUOUS:
        await message.reply_text(
            render_choice_prompt(lookup, lang, texts),
            reply_markup=_choices(lookup.places, lang, texts),
        )
    else:
        await services.places.ask(user_id)  # the next short message is taken as the name
        await message.reply_text(render_not_found(lookup, lang, texts))


async def noio_command(update: Update, context: BotContext) -> None:
    """/noio NAME remembers the commune; /noio alone asks for it."""
    asked = await asker(update, context)
    if asked is None:
        return
    services = context.services
    texts = services.texts
    name = " ".join(context.args or []).strip()
    if name:
        lookup = services.places.lookup(name)
        await reply_lookup(asked.message, asked.user.id, lookup, asked.lang, context)
        return
    await services.places.ask(asked.user.id)
    lines = [texts.get(asked.lang, "place_ask")]
    home = await services.places.home(asked.user.id)
    if home is not None:
        current = unit_label(home, asked.lang, texts)
        lines.insert(0, texts.get(asked.lang, "place_current", unit=current))
    await asked.message.reply_text("\n".join(lines))


async def on_place_button(update: Update, context: BotContext) -> None:
    """h:<code> remembers that unit; h:<code>-<code>… asks which of them."""
    query = update.callback_query
    callback = decode(query.data if query else None)
    if query is None or callback is None or not isinstance(query.message, Message):
        await answer_invalid(update, context)
        return
    lang = await user_lang(update, context)
    services = context.services
    texts = services.texts
    codes = callback.args[0].split("-") if len(callback.args) == 1 else []
    units = tuple(u for u in (services.places.unit(c) for c in codes) if u is not None)
    if not units or len(units) != len(codes):
        await query.answer(texts.get(lang, "stale_button"), show_alert=True)
        return
    await query.answer()
    if len(units) > 1:
        await query.message.edit_text(
            texts.get(lang, "place_divided_choose"),
            reply_markup=_units_keyboard(units, lang, texts),
        )
        return
    unit = await services.places.remember(query.from_user.id, units[0].code)
    await query.message.edit_text(render_saved(unit, None, lang, texts))


async def on_text(
    message: Message, text: str, user_id: int, lang: Lang, context: BotContext
) -> bool:
    """Before the search: the commune's name the bot asked for, or a question about a
    former commune. True when the message was answered here."""
    places = context.services.places
    short = len(text.split()) <= MAX_NAME_WORDS
    if short and message.chat.type == "private":
        # Only a text that can be a commune's name asks the database whether the bot is
        # waiting for one: ordinary questions cost no read.
        lookup = places.lookup(text)
        named = lookup.outcome is not Outcome.NOT_FOUND or places.matcher.looks_like_name(text)
        if named and await places.take_pending(user_id):
            await reply_lookup(message, user_id, lookup, lang, context)
            return True
    asked = places.question(text)
    if asked is None:
        return False
    texts = context.services.texts
    markup: InlineKeyboardMarkup | None = None
    if asked.outcome is Outcome.FOUND and asked.unit is not None:
        markup = _units_keyboard((asked.unit,), lang, texts)
    elif asked.outcome is Outcome.DIVIDED:
        markup = _units_keyboard(asked.places[0].successors, lang, texts)
    elif asked.outcome is Outcome.AMBIGUOUS:
        units = {u.code: u for place in asked.places for u in place.successors}
        markup = _units_keyboard(tuple(units.values()), lang, texts)
    await message.reply_text(render_answer(asked, places.matcher, lang, texts), reply_markup=markup)
    return True
