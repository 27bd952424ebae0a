"""Staff commands: what citizens asked that the bot could not answer, catalog version.

Refused to everyone not in DVC_STAFF_IDS or the staff table.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from html import escape

from telegram import Update

from bot.context import BotContext
from bot.db.models import StaffMember
from bot.render.html_split import split_html
from bot.search.querylog import top_unanswered
from handlers.start import user_lang

DEFAULT_DAYS = 7
MAX_DAYS = 365


async def is_staff(user_id: int, context: BotContext) -> bool:
    if user_id in context.services.settings.staff_ids:
        return True
    async with context.services.sessions() as session:
        return await session.get(StaffMember, user_id) is not None


async def unanswered(update: Update, context: BotContext) -> None:
    """/unanswered [DAYS]: the most frequent questions that ended in none or clarify."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    lang = await user_lang(update, context)
    texts = context.services.texts
    if not await is_staff(user.id, context):
        await message.reply_text(texts.get(lang, "staff_only"))
        return
    arg = context.args[0] if context.args else ""
    days = min(int(arg), MAX_DAYS) if arg.isdigit() and int(arg) > 0 else DEFAULT_DAYS
    since = datetime.now(UTC) - timedelta(days=days)
    async with context.services.sessions() as session:
        rows = await top_unanswered(session, since=since, limit=30)
    if not rows:
        await message.reply_text(texts.get(lang, "staff_unanswered_empty", days=days))
        return
    lines = [texts.get(lang, "staff_unanswered_title", days=days)]
    for n, row in enumerate(rows, start=1):
        lines.append(
            texts.get(
                lang,
                "staff_unanswered_line",
                n=n,
                query=escape(row.query[:200], quote=False),
                count=row.count,
                none=row.none_count,
                clarify=row.clarify_count,
            )
        )
    catalog = context.services.catalog
    lines += [
        "",
        texts.get(
            lang, "staff_catalog", version=catalog.version or "-", count=len(catalog.procedures)
        ),
    ]
    for chunk in split_html("\n".join(lines)):
        await message.reply_text(chunk)
