"""Staff commands: what citizens asked that the bot could not answer (/unanswered), usage
statistics with a chart (/stats), the catalog version.

Refused to everyone not in DVC_STAFF_IDS or the staff table.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, time, timedelta
from html import escape

from telegram import Message, Update

from bot.calendar import VN_TZ, vn_date
from bot.db.models import StaffMember
from bot.render.html_split import split_html
from bot.render.stats_chart import daily_chart_png
from bot.search.querylog import top_unanswered
from bot.stats import DECISIONS, UsageStats, usage_stats
from bot.telegram.context import BotContext
from bot.texts import Lang
from handlers.start import asker

DEFAULT_DAYS = 7
DEFAULT_STATS_DAYS = 30
MAX_DAYS = 365


async def is_staff(user_id: int, context: BotContext) -> bool:
    if user_id in context.services.settings.staff_ids:
        return True
    async with context.services.sessions() as session:
        return await session.get(StaffMember, user_id) is not None


async def _staff_request(update: Update, context: BotContext) -> tuple[Message, Lang] | None:
    """The message and the sender's language when a staff member sent it; everyone else
    gets a polite refusal (and None)."""
    asked = await asker(update, context)
    if asked is None:
        return None
    if not await is_staff(asked.user.id, context):
        await asked.message.reply_text(context.services.texts.get(asked.lang, "staff_only"))
        return None
    return asked.message, asked.lang


async def unanswered(update: Update, context: BotContext) -> None:
    """/unanswered [DAYS]: the most frequent questions that ended in none or clarify."""
    asked = await _staff_request(update, context)
    if asked is None:
        return
    message, lang = asked
    texts = context.services.texts
    days = _days(context, DEFAULT_DAYS)
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


def _days(context: BotContext, default: int) -> int:
    """The period asked for (`/command DAYS`), within 1…MAX_DAYS."""
    arg = context.args[0] if context.args else ""
    return min(int(arg), MAX_DAYS) if arg.isdigit() and int(arg) > 0 else default


async def stats(update: Update, context: BotContext) -> None:
    """/stats [DAYS]: questions per day by how the bot answered, feedback, follows, a chart."""
    asked = await _staff_request(update, context)
    if asked is None:
        return
    message, lang = asked
    texts = context.services.texts
    days = _days(context, DEFAULT_STATS_DAYS)
    # Whole Vietnamese days: today and the days - 1 before it.
    until = datetime.now(UTC)
    first = vn_date(until) - timedelta(days=days - 1)
    since = datetime.combine(first, time(), tzinfo=VN_TZ)
    async with context.services.sessions() as session:
        figures = await usage_stats(session, since=since, until=until)
    await message.reply_text(stats_text(figures, days, lang, context))
    if figures.questions:
        png = await asyncio.to_thread(
            daily_chart_png,
            figures,
            title=texts.get(lang, "staff_stats_chart_title"),
            labels={d: texts.get(lang, f"staff_stats_label_{d}") for d in DECISIONS},
        )
        await message.reply_photo(png, filename="stats.png")


def stats_text(figures: UsageStats, days: int, lang: Lang, context: BotContext) -> str:
    texts, catalog = context.services.texts, context.services.catalog
    t = texts.get
    lines = [
        t(
            lang,
            "staff_stats_title",
            days=days,
            first=f"{figures.first:%d/%m/%Y}",
            last=f"{figures.last:%d/%m/%Y}",
        )
    ]
    total = figures.questions
    if not total:
        lines.append(t(lang, "staff_stats_empty", days=days))
    else:
        lines.append(t(lang, "staff_stats_questions", total=total, people=figures.people))
        for decision in DECISIONS:
            count = figures.count(decision)
            share = round(100 * count / total)
            lines.append(t(lang, f"staff_stats_{decision}", count=count, share=share))
    lines += [
        t(lang, "staff_stats_feedback", helpful=figures.helpful, not_helpful=figures.not_helpful),
        t(lang, "staff_stats_follows", new=figures.follows_new, active=figures.follows_active),
    ]
    if figures.top_answered:
        lines += ["", t(lang, "staff_stats_top_title")]
        for n, (code, count) in enumerate(figures.top_answered, start=1):
            procedure = catalog.get(code)
            title = procedure.title.vi if procedure else code
            if procedure and lang == "en" and procedure.title.en:
                title = procedure.title.en
            lines.append(
                t(
                    lang,
                    "staff_stats_top_line",
                    n=n,
                    title=escape(title, quote=False),
                    code=escape(code, quote=False),
                    count=count,
                )
            )
    return "\n".join(lines)
