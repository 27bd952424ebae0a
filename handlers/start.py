"""/start, /help and /lang, plus the bookkeeping handler that remembers each user."""

from __future__ import annotations

from telegram import Bot, BotCommand, Update

from bot.context import BotContext
from bot.db import users
from bot.texts import LANGS, Lang, Texts, normalize_lang

LANG_KEY = "lang"

# (command, text key) shown in Telegram's menu, in both languages.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "cmd_start"),
    ("help", "cmd_help"),
    ("lang", "cmd_lang"),
)


async def register_commands(bot: Bot, texts: Texts) -> None:
    """Register the command menu: Vietnamese as default, English for English clients."""
    for lang in LANGS:
        commands = [BotCommand(name, texts.get(lang, key)) for name, key in COMMANDS]
        await bot.set_my_commands(commands, language_code=None if lang == "vi" else lang)


async def user_lang(update: Update, context: BotContext) -> Lang:
    """The user's language: cached per process, the database being the truth."""
    user = update.effective_user
    if user is None:
        return "vi"
    cached = context.user_data.get(LANG_KEY) if context.user_data is not None else None
    if cached in LANGS:
        return cached
    row = await users.get_or_create(context.services.sessions, user.id, user.language_code)
    lang = normalize_lang(row.language)
    if context.user_data is not None:
        context.user_data[LANG_KEY] = lang
    return lang


async def remember_user(update: Update, context: BotContext) -> None:
    """Group -1: make sure the user exists before any answer is built."""
    await user_lang(update, context)


async def start(update: Update, context: BotContext) -> None:
    lang = await user_lang(update, context)
    if update.effective_message:
        await update.effective_message.reply_text(context.services.texts.get(lang, "welcome"))


async def help_command(update: Update, context: BotContext) -> None:
    lang = await user_lang(update, context)
    if update.effective_message:
        await update.effective_message.reply_text(context.services.texts.get(lang, "help"))


async def switch_language(update: Update, context: BotContext) -> None:
    """/lang toggles; /lang en or /lang vi sets it."""
    user = update.effective_user
    if user is None or update.effective_message is None:
        return
    current = await user_lang(update, context)
    wanted = context.args[0].lower() if context.args else ""
    new: Lang = wanted if wanted in LANGS else ("en" if current == "vi" else "vi")
    await users.set_language(context.services.sessions, user.id, new)
    if context.user_data is not None:
        context.user_data[LANG_KEY] = new
    await update.effective_message.reply_text(context.services.texts.get(new, "lang_set"))
