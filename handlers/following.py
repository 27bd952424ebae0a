"""Following dossiers in Telegram: the card's 🔔 button, /follow, /mine, /unfollow.

Callback data (handlers/callbacks.py): ``w:<dossier code>`` follows from a status card,
``u:<subscription id>`` stops following from the /unfollow list.

On a portal that needs the owner's ID number (one-stop platform), the number the user gave
for the status look-up is kept in memory *encrypted* (``user_data[FOLLOW_OWNER]``, set by
handlers/status.py) so the 🔔 button can use it; otherwise the bot asks for it and the reply
is handled by ``status.on_owner_id``, which calls :func:`follow_with_owner`. The number is
stored only encrypted (``Privacy.encrypt``) and erased when the subscription ends.
"""

from __future__ import annotations

import logging
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError

from bot.portal.adapters.base import normalize_owner_id
from bot.portal.codes import CodeProblem, InvalidDossierCode, extract_codes, parse_dossier_code
from bot.portal.errors import (
    DossierNotFound,
    OwnerVerificationRequired,
    PortalError,
)
from bot.portal.models import Dossier
from bot.telegram.context import BotContext
from bot.texts import Lang
from bot.tracking.notify import day, day_time, status_label
from bot.tracking.subscriptions import FollowStatus, SubscriptionInfo
from handlers.callbacks import decode, encode
from handlers.start import asker, user_lang

log = logging.getLogger(__name__)
PENDING_FOLLOW = "pending_follow_code"
FOLLOW_OWNER = "follow_owner"


def _e(value: object) -> str:
    return escape(str(value), quote=False)


def remember_owner(context: BotContext, code: str, owner_id: str) -> None:
    """Keep the owner ID used for a successful look-up, encrypted, for the 🔔 button."""
    if context.user_data is None:
        return
    try:
        clean = normalize_owner_id(owner_id)
    except OwnerVerificationRequired:
        return
    context.user_data[FOLLOW_OWNER] = (code.upper(), context.services.privacy.encrypt(clean))


def _remembered_owner(context: BotContext, code: str) -> bytes | None:
    """The encrypted owner ID of the last successful look-up, if it was for ``code``."""
    remembered = context.user_data.get(FOLLOW_OWNER) if context.user_data else None
    if remembered and remembered[0] == code.upper():
        return bytes(remembered[1])
    return None


def _ask_owner(context: BotContext, code: str) -> None:
    from handlers.status import PENDING_OWNER

    if context.user_data is not None:
        context.user_data[PENDING_OWNER] = code
        context.user_data[PENDING_FOLLOW] = code


async def start_follow(
    message: Message,
    user_id: int,
    code: str,
    lang: Lang,
    context: BotContext,
    *,
    owner_encrypted: bytes | None = None,
) -> None:
    """Look the dossier up (for the baseline status) and follow it; reply in the chat."""
    services = context.services
    texts = services.texts
    if services.portal.requires_owner_id and owner_encrypted is None:
        owner_encrypted = _remembered_owner(context, code)
    if services.portal.requires_owner_id and owner_encrypted is None:
        _ask_owner(context, code)
        await message.chat.send_message(texts.get(lang, "track_ask_owner_id"))
        return
    owner = services.privacy.decrypt(owner_encrypted) if owner_encrypted else None
    dossier: Dossier | None = None
    try:
        dossier = await services.portal.get_dossier(code, owner)
    except OwnerVerificationRequired as exc:
        _ask_owner(context, code)
        await message.chat.send_message(
            texts.get(lang, exc.text_key) + "\n\n" + texts.get(lang, "track_ask_owner_id")
        )
        return
    except (DossierNotFound, InvalidDossierCode) as exc:
        await message.chat.send_message(texts.get(lang, exc.text_key))
        return
    except PortalError as exc:  # portal down: follow anyway, the poller sets the baseline
        log.info("follow without a baseline: %s", type(exc).__name__)
    key = dossier.code if dossier is not None else code
    result = await services.tracking.follow(
        user_id, key, dossier, owner_id_encrypted=owner_encrypted
    )
    code_html = _e(key)
    if result.status is FollowStatus.LIMIT:
        text = texts.get(lang, "track_limit", limit=result.limit)
    elif result.status is FollowStatus.ALREADY:
        text = texts.get(lang, "track_already", code=code_html)
    elif result.status is FollowStatus.CLOSED:
        assert dossier is not None
        label = status_label(texts, lang, int(dossier.status), dossier.status_label)
        text = texts.get(lang, "track_closed", code=code_html, label=_e(label))
    else:
        text = texts.get(
            lang, "track_followed", code=code_html, count=result.count, limit=result.limit
        )
        if dossier is None:
            text += "\n\n" + texts.get(lang, "track_followed_unknown")
    await message.chat.send_message(text)


async def follow_with_owner(
    message: Message, user_id: int, code: str, owner_id: str, lang: Lang, context: BotContext
) -> None:
    """The owner ID number arrived for a pending follow (called by status.on_owner_id)."""
    try:
        clean = normalize_owner_id(owner_id)
    except OwnerVerificationRequired as exc:
        _ask_owner(context, code)
        await message.chat.send_message(context.services.texts.get(lang, exc.text_key))
        return
    encrypted = context.services.privacy.encrypt(clean)
    await start_follow(message, user_id, code, lang, context, owner_encrypted=encrypted)


async def follow_command(update: Update, context: BotContext) -> None:
    """/follow CODE."""
    asked = await asker(update, context)
    if asked is None:
        return
    message, user, lang = asked.message, asked.user, asked.lang
    texts = context.services.texts
    text = " ".join(context.args or [])
    if not text:
        await message.reply_text(texts.get(lang, "track_ask_code"))
        return
    found = extract_codes(text)
    parsed = found[0] if found else parse_dossier_code(text)
    if parsed is None:
        await message.reply_text(texts.get(lang, "status_err_invalid_code"))
        return
    if isinstance(parsed, CodeProblem):
        params = {k: _e(v) for k, v in parsed.params().items()}
        await message.reply_text(texts.get(lang, parsed.text_key, **params))
        return
    await start_follow(message, user.id, parsed.code, lang, context)


async def on_follow_button(update: Update, context: BotContext) -> None:
    """🔔 on a status card: ``w:<code>``."""
    query = update.callback_query
    callback = decode(query.data if query else None)
    if query is None or callback is None or not isinstance(query.message, Message):
        return
    lang = await user_lang(update, context)
    await query.answer()  # at once: the look-up below may take a moment
    code = ":".join(callback.args)
    await start_follow(query.message, query.from_user.id, code, lang, context)


def render_mine(items: list[SubscriptionInfo], lang: Lang, context: BotContext) -> str:
    texts = context.services.texts
    config = context.services.tracking.config
    if not items:
        return texts.get(lang, "track_mine_empty")
    lines = [texts.get(lang, "track_mine_title", count=len(items), limit=config.max_per_user)]
    for item in items:
        label = status_label(texts, lang, item.last_status, item.last_status_label)
        lines.append(texts.get(lang, "track_mine_item", code=_e(item.code), label=_e(label)))
        if item.last_changed_at is not None:
            lines.append(texts.get(lang, "track_mine_since", at=day_time(item.last_changed_at)))
        if item.closed_at is not None:
            ends = (item.closed_at + config.end_after).isoformat()
            lines.append(texts.get(lang, "track_mine_closed", date=day(ends)))
        elif item.appointment_at is not None:
            lines.append(
                texts.get(lang, "track_mine_appointment", date=day(item.appointment_at.isoformat()))
            )
    lines.append("")
    lines.append(texts.get(lang, "track_mine_footer"))
    return "\n".join(lines)


async def send_mine(message: Message, user_id: int, lang: Lang, context: BotContext) -> None:
    """The followed dossiers with their last known status (also the menu's button)."""
    items = await context.services.tracking.mine(user_id)
    await message.reply_text(render_mine(items, lang, context))


async def mine_command(update: Update, context: BotContext) -> None:
    """/mine."""
    asked = await asker(update, context)
    if asked is not None:
        await send_mine(asked.message, asked.user.id, asked.lang, context)


def unfollow_keyboard(
    items: list[SubscriptionInfo], lang: Lang, context: BotContext
) -> InlineKeyboardMarkup:
    texts = context.services.texts
    rows = [
        [
            InlineKeyboardButton(
                texts.get(lang, "track_btn_unfollow", code=item.code),
                callback_data=encode("u", item.id),
            )
        ]
        for item in items
    ]
    return InlineKeyboardMarkup(rows)


async def unfollow_command(update: Update, context: BotContext) -> None:
    """/unfollow shows a button per dossier; /unfollow CODE stops at once."""
    asked = await asker(update, context)
    if asked is None:
        return
    message, user, lang = asked.message, asked.user, asked.lang
    texts = context.services.texts
    tracking = context.services.tracking
    if context.args:
        removed = await tracking.unfollow(user.id, code=" ".join(context.args))
        key = "track_unfollow_done" if removed else "track_unfollow_missing"
        await message.reply_text(texts.get(lang, key, code=_e(removed or "")))
        return
    items = await tracking.mine(user.id)
    if not items:
        await message.reply_text(texts.get(lang, "track_mine_empty"))
        return
    await message.reply_text(
        texts.get(lang, "track_unfollow_pick"), reply_markup=unfollow_keyboard(items, lang, context)
    )


async def on_unfollow_button(update: Update, context: BotContext) -> None:
    """❌ in the /unfollow list: ``u:<subscription id>``."""
    query = update.callback_query
    callback = decode(query.data if query else None)
    if query is None or callback is None or not isinstance(query.message, Message):
        return
    lang = await user_lang(update, context)
    texts = context.services.texts
    try:
        subscription_id = int(callback.args[0])
    except (IndexError, ValueError):
        await query.answer()
        return
    tracking = context.services.tracking
    removed = await tracking.unfollow(query.from_user.id, subscription_id=subscription_id)
    key = "track_unfollow_done" if removed else "track_unfollow_missing"
    await query.answer()
    items = await tracking.mine(query.from_user.id)
    try:
        await query.message.edit_reply_markup(
            reply_markup=unfollow_keyboard(items, lang, context) if items else None
        )
    except TelegramError:
        log.debug("could not update the unfollow list")
    await query.message.chat.send_message(texts.get(lang, key, code=_e(removed or "")))
