"""Dossier status in Telegram: `/status CODE`, a code in free text, the guide's button.

Thin: read the update, call ``services.dossiers`` (bot/dossiers/: the code is read once,
the portal's error policy, the owner-ID dialogue), render the typed result
(bot/render/status_reply.py) and reply.

A question about one's own dossier without a code gets where to find the code, the official
lookup and — when it names a procedure — that procedure's usual time and what to do when
late (bot/render/status_guide.py), with a "✍️ Nhập mã hồ sơ" button (e:code). Pressing it
makes the bot wait, in the database, for the code.

While the portal is asked the chat shows "typing…" after a second (handlers/waiting.py);
a portal that does not answer is given up in time to say so within ten seconds
(bot/dossiers/lookup.py).

When the portal needs the owner's ID number the bot asks for it (the wait is in the
database, so another instance may take the answer), deletes the message that holds it,
uses it for the look-up and keeps it only encrypted, for the card's 🔔 button. That makes
a look-up personal on the one-stop portal: in a group, /status and a code point to the
private chat there (handlers/private.py). A status card in a group has no 🔔 button.
"""

from __future__ import annotations

import logging
from datetime import datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError

from bot.calendar import VN_TZ
from bot.dossiers import read_code
from bot.dossiers.results import (
    Followed,
    FollowReply,
    LookupResult,
    MalformedCode,
    NotACode,
    OwnerAsk,
    OwnerIdNeeded,
    StatusFound,
)
from bot.portal.adapters import NATIONAL_LOOKUP_URL
from bot.portal.codes import CodeProblem, DossierCode
from bot.render.follow import render_followed
from bot.render.status_guide import render_status_guide
from bot.render.status_reply import render_lookup
from bot.search.engine import SearchOutcome
from bot.telegram.context import BotContext
from bot.texts import Lang
from handlers.callbacks import CallbackKind, answer_invalid, encode
from handlers.common import asker, user_lang
from handlers.private import Payload, is_private, needs_owner_id, private_only, send_to_private
from handlers.waiting import showing_progress

log = logging.getLogger(__name__)
ENTER_CODE = encode(CallbackKind.ENTER_CODE, "code")  # the "✍️ Nhập mã hồ sơ" button


@private_only(Payload.STATUS, when=needs_owner_id)
async def status_command(update: Update, context: BotContext) -> None:
    """/status CODE (the guide without a code)."""
    asked = await asker(update, context)
    if asked is None:
        return
    text = " ".join(context.args or [])
    if not text:
        await send_guide(asked.message, None, asked.lang, context)
        return
    async with showing_progress(asked.message):
        result = await context.services.dossiers.check(asked.user.id, read_code(text))
    await send_result(asked.message, result, asked.lang, context)


async def reply_for_status(
    message: Message, outcome: SearchOutcome, user_id: int, lang: Lang, context: BotContext
) -> None:
    """Free text whose intent is "status": look up the first code the search found (read
    once, by the search), or say where to find one (with the usual time of the procedure
    the question names, if any)."""
    signals = outcome.signals
    found: list[DossierCode | CodeProblem] = []
    if signals is not None:
        found = [*signals.codes, *signals.near_codes]
    if found and not is_private(message) and needs_owner_id(context):
        await send_to_private(message, lang, context, Payload.STATUS)
        return
    if not found:
        procedure = outcome.procedure.code if outcome.procedure else None
        await send_guide(message, procedure, lang, context)
        return
    async with showing_progress(message):
        result = await context.services.dossiers.check(user_id, found[0])
    await send_result(message, result, lang, context)


async def on_awaited_answer(
    message: Message, text: str, user_id: int, lang: Lang, context: BotContext
) -> bool:
    """The dossier code or the owner's ID number the bot asked for; False for a question.

    A message holding an ID number is deleted from the chat before the portal is asked.
    """
    dossiers = context.services.dossiers
    awaited = await dossiers.take_answer(user_id, text, private=message.chat.type == "private")
    if awaited is None:
        return False
    if awaited.holds_owner_id:
        try:
            await message.delete()
        except TelegramError:
            log.warning("could not delete a message holding an ID number")
    async with showing_progress(message):
        result = await dossiers.answer(user_id, awaited)
    await send_result(message, result, lang, context, deleted=awaited.holds_owner_id)
    return True


def general_lookup_url(context: BotContext) -> str:
    """The official lookup page when no code is known yet."""
    configured = context.services.settings.portal_lookup_url
    return configured if configured and "{code}" not in configured else NATIONAL_LOOKUP_URL


async def send_guide(
    message: Message, procedure_code: str | None, lang: Lang, context: BotContext
) -> None:
    """Where to find the dossier code, the official lookup, the procedure's usual time."""
    services = context.services
    texts = services.texts
    url = general_lookup_url(context)
    procedure = services.catalog.get(procedure_code) if procedure_code else None
    text = render_status_guide(
        procedure, lang, texts, lookup_url=url, hotline=services.settings.hotline
    )
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.get(lang, "status_btn_enter_code"), callback_data=ENTER_CODE
                )
            ],
            [InlineKeyboardButton(texts.get(lang, "btn_official_lookup"), url=url)],
        ]
    )
    await message.reply_text(text, reply_markup=keyboard)


async def on_enter_code_button(update: Update, context: BotContext) -> None:
    """ "✍️ Nhập mã hồ sơ": wait (in the database) for the code, and ask for it."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        await answer_invalid(update, context)
        return
    lang = await user_lang(update, context)
    await query.answer()
    await context.services.dossiers.await_code(query.from_user.id)
    await query.message.reply_text(context.services.texts.get(lang, "status_ask_code"))


def follow_keyboard(
    found: StatusFound, lang: Lang, context: BotContext, *, private: bool = True
) -> InlineKeyboardMarkup:
    """The card's buttons: 🔔 (in a private chat, unless the dossier is finished) and the
    official page."""
    texts = context.services.texts
    rows = []
    if found.followable and private:
        data = encode(CallbackKind.FOLLOW, found.dossier.code)
        rows.append([InlineKeyboardButton(texts.get(lang, "btn_follow"), callback_data=data)])
    official = InlineKeyboardButton(texts.get(lang, "btn_official_lookup"), url=found.lookup_url)
    rows.append([official])
    return InlineKeyboardMarkup(rows)


def _answers_at_once(result: LookupResult | FollowReply) -> bool:
    """A reply that needed no portal request (quoted, as the answer to the message)."""
    if isinstance(result, OwnerIdNeeded):
        return result.why is OwnerAsk.FIRST
    return isinstance(result, NotACode | MalformedCode)


async def send_result(
    message: Message,
    result: LookupResult | FollowReply,
    lang: Lang,
    context: BotContext,
    *,
    deleted: bool = False,
) -> None:
    """Send the reply to a look-up (or to a follow finished by an awaited ID number)."""
    services = context.services
    if isinstance(result, Followed):
        await message.chat.send_message(render_followed(result, lang, services.texts))
        return
    today = datetime.now(VN_TZ).date()
    text = render_lookup(result, lang, services.texts, today=today, calendar=services.calendar)
    keyboard = (
        follow_keyboard(result, lang, context, private=is_private(message))
        if isinstance(result, StatusFound)
        else None
    )
    if _answers_at_once(result) and not deleted:
        await message.reply_text(text, reply_markup=keyboard)
    else:
        await message.chat.send_message(text, reply_markup=keyboard)
