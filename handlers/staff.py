"""Staff commands: what citizens asked that the bot could not answer (/unanswered), usage
statistics with a chart (/stats), the catalog version.

Refused to everyone not in DVC_STAFF_IDS or the staff table. The figures come from
`StaffService` (bot/staff.py); the reports are rendered by bot/render/staff.py.
"""

from __future__ import annotations

import asyncio

from telegram import Message, Update

from bot.render.handoff import waiting_list
from bot.render.html_split import split_html
from bot.render.staff import chart_labels, chart_title, render_stats, render_unanswered
from bot.render.stats_chart import daily_chart_png
from bot.telegram.context import BotContext
from bot.texts import Lang
from handlers.common import asker

DEFAULT_DAYS = 7
DEFAULT_STATS_DAYS = 30
MAX_DAYS = 365


async def _staff_request(update: Update, context: BotContext) -> tuple[Message, Lang] | None:
    """The message and the sender's language when a staff member sent it; everyone else
    gets a polite refusal (and None)."""
    asked = await asker(update, context)
    if asked is None:
        return None
    if not await context.services.staff.is_staff(asked.user.id):
        await asked.message.reply_text(context.services.texts.get(asked.lang, "staff_only"))
        return None
    return asked.message, asked.lang


def _days(context: BotContext, default: int) -> int:
    """The period asked for (`/command DAYS`), within 1…MAX_DAYS."""
    arg = context.args[0] if context.args else ""
    return min(int(arg), MAX_DAYS) if arg.isdigit() and int(arg) > 0 else default


async def unanswered(update: Update, context: BotContext) -> None:
    """/unanswered [DAYS]: the most frequent questions that ended in none or clarify."""
    asked = await _staff_request(update, context)
    if asked is None:
        return
    message, lang = asked
    services = context.services
    days = _days(context, DEFAULT_DAYS)
    rows = await services.staff.unanswered(days)
    text = render_unanswered(
        rows,
        days,
        lang,
        services.texts,
        catalog_version=services.catalog.version,
        catalog_size=len(services.catalog.procedures),
    )
    for chunk in split_html(text):
        await message.reply_text(chunk)


async def stats(update: Update, context: BotContext) -> None:
    """/stats [DAYS]: questions per day by how the bot answered, feedback, follows, a chart."""
    asked = await _staff_request(update, context)
    if asked is None:
        return
    message, lang = asked
    services = context.services
    texts = services.texts
    days = _days(context, DEFAULT_STATS_DAYS)
    figures = await services.staff.usage(days)
    await message.reply_text(render_stats(figures, days, lang, texts, services.catalog.get))
    if services.handoff.enabled:
        waiting = await services.handoff.waiting()
        hours = services.settings.handoff_wait_hours
        await message.reply_text(waiting_list(texts, lang, waiting, hours))
    if figures.questions:
        png = await asyncio.to_thread(
            daily_chart_png,
            figures,
            title=chart_title(lang, texts),
            labels=chart_labels(lang, texts),
        )
        await message.reply_photo(png, filename="stats.png")
