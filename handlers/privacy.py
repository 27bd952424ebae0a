"""/mydata shows what the bot keeps about the user; /forget deletes it after a confirmation."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot.render.place import home_label
from bot.telegram.context import BotContext
from handlers.callbacks import CallbackKind, decode, encode
from handlers.common import asker, user_lang


async def mydata(update: Update, context: BotContext) -> None:
    asked = await asker(update, context)
    if asked is None:
        return
    message, user, lang = asked.message, asked.user, asked.lang
    texts = context.services.texts
    data = await context.services.personal_data.summary(user.id)
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
            commune=home_label(
                context.services.places.unit(data.commune_code) if data.commune_code else None,
                lang,
                texts,
            ),
        )
    )


async def forget(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    lang = await user_lang(update, context)
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
    """g:1 deletes everything, g:0 keeps it."""
    query = update.callback_query
    callback = decode(query.data if query else None)
    if query is None or callback is None or not isinstance(query.message, Message):
        return
    lang = await user_lang(update, context)
    await query.answer()
    texts = context.services.texts
    if callback.args[:1] != ("1",):
        await query.message.edit_text(texts.get(lang, "privacy_kept"))
        return
    await context.services.personal_data.forget(query.from_user.id)
    await query.message.edit_text(texts.get(lang, "privacy_forgotten"))
