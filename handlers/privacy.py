"""/mydata shows what the bot keeps about the user; /forget deletes it after a confirmation.

Both are private-chat commands: in a group they point to the private chat (handlers/private.py).
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot.render.place import home_label
from bot.telegram.context import BotContext
from bot.texts import Lang
from handlers.callbacks import CallbackKind, answer_invalid, decode, encode
from handlers.common import asker, user_lang
from handlers.private import Payload, is_private, private_only


@private_only(Payload.MYDATA)
async def mydata(update: Update, context: BotContext) -> None:
    asked = await asker(update, context)
    if asked is not None:
        await send_mydata(asked.message, asked.user.id, asked.lang, context)


async def send_mydata(message: Message, user_id: int, lang: Lang, context: BotContext) -> None:
    """What the bot keeps about `user_id` (in the private chat only)."""
    texts = context.services.texts
    data = await context.services.personal_data.summary(user_id)
    if data is None:
        await message.reply_text(texts.get(lang, "privacy_mydata_none"))
        return
    await message.reply_text(
        texts.get(
            lang,
            "privacy_mydata",
            language=data.language,
            created=data.created_at.strftime("%d/%m/%Y"),
            ticks=data.ticks,
            subscriptions=data.subscriptions,
            queries=data.queries,
            feedback=data.feedback,
            handoffs=data.handoffs,
            commune=home_label(
                context.services.places.unit(data.commune_code) if data.commune_code else None,
                lang,
                texts,
            ),
        )
    )


@private_only(Payload.FORGET)
async def forget(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    await send_forget_confirmation(message, await user_lang(update, context), context)


async def send_forget_confirmation(message: Message, lang: Lang, context: BotContext) -> None:
    """Ask "do you really want to delete…?" with the two buttons."""
    texts = context.services.texts
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.get(lang, "privacy_forget_yes"),
                    callback_data=encode(CallbackKind.FORGET, 1),
                ),
                InlineKeyboardButton(
                    texts.get(lang, "privacy_forget_no"),
                    callback_data=encode(CallbackKind.FORGET, 0),
                ),
            ]
        ]
    )
    await message.reply_text(texts.get(lang, "privacy_forget_confirm"), reply_markup=keyboard)


async def on_forget_button(update: Update, context: BotContext) -> None:
    """g:1 deletes everything, g:0 keeps it (pressed in the private chat only)."""
    query = update.callback_query
    callback = decode(query.data if query else None)
    if (
        query is None
        or callback is None
        or callback.args not in (("0",), ("1",))
        or not isinstance(query.message, Message)
        or not is_private(query.message)
    ):
        await answer_invalid(update, context)
        return
    lang = await user_lang(update, context)
    await query.answer()
    texts = context.services.texts
    if callback.args != ("1",):
        await query.message.edit_text(texts.get(lang, "privacy_kept"))
        return
    await context.services.personal_data.forget(query.from_user.id)
    await query.message.edit_text(texts.get(lang, "privacy_forgotten"))
