"""Dossier status: `/status CODE`, a code pasted in free text, or the menu's button.

A question about one's own dossier without a code ("làm căn cước 3 tháng rồi chưa thấy
trả") gets where to find the code, the official lookup and — when it names a procedure —
that procedure's usual time and what to do when late (bot/render/status_guide.py), with a
"✍️ Nhập mã hồ sơ" button (e:code). Pressing it makes the bot wait, in the database
(bot/pending.py), for the code: the next code-like message is looked up as one.

When the portal needs the owner's ID number, the bot asks for it, deletes the message that
contains it, uses it for one lookup and keeps it nowhere (not even in the logs: the logging
filter masks ID-like numbers) — except, encrypted with ``Privacy.encrypt`` and in memory
only, for the card's 🔔 button; a subscription stores it encrypted (handlers/following.py).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from datetime import datetime
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError

from bot.calendar import VN_TZ
from bot.pending import DOSSIER_CODE
from bot.portal.adapters import NATIONAL_LOOKUP_URL
from bot.portal.codes import CodeProblem, DossierCode, extract_codes, parse_dossier_code
from bot.portal.errors import OwnerVerificationRequired, PortalError
from bot.portal.models import Dossier
from bot.render.dossier import render_dossier
from bot.render.status_guide import render_status_guide
from bot.search.engine import SearchResult
from bot.telegram.context import BotContext
from bot.texts import Lang
from handlers.callbacks import encode
from handlers.following import PENDING_FOLLOW, follow_with_owner, remember_owner
from handlers.start import user_lang

log = logging.getLogger(__name__)
PENDING_OWNER = "pending_owner_code"
# CCCD (12 digits), old CMND (9), tax code (10 or 13), passport (a letter and 7–8 digits).
OWNER_ID = re.compile(r"^(?:\d{9}|\d{10}|\d{12}|\d{13}|[A-Za-z]\d{7,8})$")
ENTER_CODE = "e:code"  # callback data of the "✍️ Nhập mã hồ sơ" button
# A message that may be the code the bot waits for: short, with a code's share of digits.
CODE_REPLY_MAX_WORDS = 8
CODE_REPLY_MIN_DIGITS = 6


async def status_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    lang = await user_lang(update, context)
    text = " ".join(context.args or [])
    if not text:
        await send_guide(message, None, lang, context)
        return
    found = extract_codes(text)
    parsed = found[0] if found else parse_dossier_code(text)
    await _lookup_parsed(message, parsed, lang, context)


async def reply_for_codes(
    message: Message,
    codes: Sequence[str],
    lang: Lang,
    context: BotContext,
    procedure: SearchResult | None = None,
) -> None:
    """Free text whose intent is "status": look up the first code, or say where to find one
    (with the usual time of `procedure`, the one the question names, if any)."""
    if not codes:
        found = extract_codes(message.text or "")
        if found:
            await _lookup_parsed(message, found[0], lang, context)
            return
        await send_guide(message, procedure.code if procedure else None, lang, context)
        return
    await _lookup_parsed(message, parse_dossier_code(codes[0]), lang, context)


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
        return
    lang = await user_lang(update, context)
    await query.answer()
    await context.services.pending.expect(query.from_user.id, DOSSIER_CODE)
    await query.message.reply_text(context.services.texts.get(lang, "status_ask_code"))


def _may_be_code(text: str) -> bool:
    digits = sum(ch.isdigit() for ch in text)
    return digits >= CODE_REPLY_MIN_DIGITS and len(text.split()) <= CODE_REPLY_MAX_WORDS


async def on_pending_code(
    message: Message, text: str, user_id: int, lang: Lang, context: BotContext
) -> bool:
    """If the bot waits for a dossier code and `text` may be one, look it up.

    Returns True when the message was taken as the code. A malformed code is explained and
    the bot keeps waiting for the corrected one; other text is a new question.
    """
    if not _may_be_code(text):
        return False  # no database read for ordinary questions
    pending = context.services.pending
    if not await pending.take(user_id, DOSSIER_CODE):
        return False
    found = extract_codes(text)
    parsed = found[0] if found else parse_dossier_code(text)
    if not isinstance(parsed, DossierCode):
        await pending.expect(user_id, DOSSIER_CODE)  # the retry is taken as the code too
    await _lookup_parsed(message, parsed, lang, context)
    return True


async def _lookup_parsed(
    message: Message,
    parsed: DossierCode | CodeProblem | None,
    lang: Lang,
    context: BotContext,
) -> None:
    texts = context.services.texts
    if parsed is None:
        await message.reply_text(texts.get(lang, "status_err_invalid_code"))
        return
    if isinstance(parsed, CodeProblem):
        params = {k: escape(v, quote=False) for k, v in parsed.params().items()}
        await message.reply_text(texts.get(lang, parsed.text_key, **params))
        return
    portal = context.services.portal
    if portal.requires_owner_id:
        if context.user_data is not None:
            context.user_data[PENDING_OWNER] = parsed.code
        await message.reply_text(texts.get(lang, "status_ask_owner_id"))
        return
    await lookup_and_reply(message, parsed.code, None, lang, context)


async def on_owner_id(message: Message, lang: Lang, context: BotContext) -> bool:
    """If a lookup waits for the owner's ID number and this message is one, use it once.

    Returns True when the message was consumed (it is then deleted from the chat).
    """
    if context.user_data is None or PENDING_OWNER not in context.user_data:
        return False
    candidate = re.sub(r"[\s.]", "", message.text or "")
    code = context.user_data.pop(PENDING_OWNER)
    following = context.user_data.pop(PENDING_FOLLOW, None) == code
    if not OWNER_ID.match(candidate):
        return False  # the user moved on; treat the message as a new question
    try:
        await message.delete()
    except TelegramError:
        log.warning("could not delete a message holding an ID number")
    if following and message.from_user is not None:
        await follow_with_owner(message, message.from_user.id, code, candidate, lang, context)
        return True
    await lookup_and_reply(message, code, candidate, lang, context)
    return True


def follow_keyboard(
    dossier: Dossier, lookup_url: str, lang: Lang, context: BotContext
) -> InlineKeyboardMarkup:
    texts = context.services.texts
    rows = []
    if not dossier.is_closed:
        rows.append(
            [
                InlineKeyboardButton(
                    texts.get(lang, "btn_follow"), callback_data=encode("w", dossier.code)
                )
            ]
        )
    rows.append([InlineKeyboardButton(texts.get(lang, "btn_official_lookup"), url=lookup_url)])
    return InlineKeyboardMarkup(rows)


async def lookup_and_reply(
    message: Message, code: str, owner_id: str | None, lang: Lang, context: BotContext
) -> None:
    """Ask the portal and send the status card, or a clear message for every failure."""
    services = context.services
    texts = services.texts
    lookup_url = services.portal.official_lookup_url(code)
    try:
        dossier = await services.portal.get_dossier(code, owner_id)
    except OwnerVerificationRequired as exc:
        if context.user_data is not None:
            context.user_data[PENDING_OWNER] = code
        await message.chat.send_message(
            texts.get(lang, exc.text_key) + "\n\n" + texts.get(lang, "status_ask_owner_id")
        )
        return
    except PortalError as exc:
        log.info("dossier lookup failed: %s", type(exc).__name__)
        link = texts.get(lang, "status_official_lookup", url=escape(lookup_url, quote=False))
        await message.chat.send_message(texts.get(lang, exc.text_key) + "\n\n" + link)
        return
    if owner_id is not None:  # kept encrypted in memory so the 🔔 button can use it
        remember_owner(context, dossier.code, owner_id)
    card = render_dossier(
        dossier,
        today=datetime.now(VN_TZ).date(),
        calendar=services.calendar,
        lang=lang,
        texts=texts,
        lookup_url=lookup_url,
    )
    await message.chat.send_message(
        card, reply_markup=follow_keyboard(dossier, lookup_url, lang, context)
    )
