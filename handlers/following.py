"""Followed dossiers (`/mine`); filled in by the dossier-following feature."""

from __future__ import annotations

from telegram import Message

from bot.context import BotContext
from bot.texts import Lang


async def send_mine(message: Message, user_id: int, lang: Lang, context: BotContext) -> None:
    await message.reply_text(context.services.texts.get(lang, "not_available_yet"))
