"""What no other handler takes: unknown buttons, unknown commands, messages without text.

* A button whose data matches no kind (an old bot's, a forged one) is answered with "this
  button is no longer valid", so its spinner never stays.
* An unknown command gets a short pointer to /help: in a private chat, or in a group when
  it names this bot (`/foo@this_bot`); a bare `/foo` in a group may be another bot's.
* A photo or document whose caption has words is a question like a text message
  (handlers/questions.py). Anything else without text (a photo without caption, a sticker,
  a voice message…) gets "I read text", in a private chat only: in a group the bot does
  not answer every picture.

bot/telegram/app.py registers the first two as fallbacks (bot/telegram/fallback.py), so
they never take what another handler takes.
"""

from __future__ import annotations

from telegram import Update

from bot.telegram.context import BotContext
from handlers import questions
from handlers.callbacks import answer_invalid
from handlers.common import user_lang
from handlers.private import is_private


async def on_unknown_button(update: Update, context: BotContext) -> None:
    await answer_invalid(update, context)


async def on_unknown_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None or not message.text:
        return
    command = message.text.split(maxsplit=1)[0]
    _, _, addressee = command.partition("@")
    if addressee:
        if addressee.lower() != (context.bot.username or "").lower():
            return  # another bot's command
    elif not is_private(message):
        return
    lang = await user_lang(update, context)
    await message.reply_text(context.services.texts.get(lang, "unknown_command"))


def usable_caption(caption: str | None) -> bool:
    """A caption with a letter or a digit can be read as a question."""
    return caption is not None and any(char.isalnum() for char in caption)


async def on_media(update: Update, context: BotContext) -> None:
    """A photo, document, sticker, voice message…: its caption as a question, or "I read
    text" (privately)."""
    message = update.effective_message
    if message is None:
        return
    if usable_caption(message.caption):
        await questions.on_text(update, context)
        return
    if is_private(message):
        lang = await user_lang(update, context)
        await message.reply_text(context.services.texts.get(lang, "non_text"))
