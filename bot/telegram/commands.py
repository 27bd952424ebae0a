"""The command menu Telegram shows beside the text field, in each language."""

from __future__ import annotations

from telegram import Bot, BotCommand

from bot.texts import LANGS, Texts

# (command, text key) shown in Telegram's menu, in both languages.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "cmd_start"),
    ("help", "cmd_help"),
    ("lang", "cmd_lang"),
    ("status", "cmd_status"),
    ("follow", "cmd_follow"),
    ("mine", "cmd_mine"),
    ("unfollow", "cmd_unfollow"),
    ("noio", "cmd_noio"),
    ("mydata", "cmd_mydata"),
    ("forget", "cmd_forget"),
    ("hoicanbo", "cmd_hoicanbo"),
)


async def register_commands(bot: Bot, texts: Texts) -> None:
    """Register the command menu: Vietnamese as default, English for English clients."""
    for lang in LANGS:
        commands = [BotCommand(name, texts.get(lang, key)) for name, key in COMMANDS]
        await bot.set_my_commands(commands, language_code=None if lang == "vi" else lang)
