"""Render the staff reports (/unanswered, /stats) as Telegram HTML.

Pure functions of (figures, period, language, texts, catalog lookups) → `Html` (a markupsafe
``Markup``). Citizens' questions and catalog values (titles, codes, version) are passed to
the templates of bot/texts/staff.py as plain text and escaped there, once, by `Texts.get`;
the templates carry the only tags. A question is masked again on display
(bot/personal_numbers.py), for rows logged before a spelling was known.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.personal_numbers import mask_personal_numbers
from bot.render.localized import title
from bot.search.querylog import UnansweredQuery
from bot.stats import DECISIONS, UsageStats
from bot.texts import Lang, Texts
from bot.texts.markup import Html, lines
from procedures_catalog.schema import Procedure

#: A question longer than this is cut in the report.
MAX_QUESTION_CHARS = 200

ProcedureLookup = Callable[[str], Procedure | None]


def render_unanswered(
    rows: Sequence[UnansweredQuery],
    days: int,
    lang: Lang,
    texts: Texts,
    *,
    catalog_version: int | str | None,
    catalog_size: int,
) -> Html:
    """The numbered questions (most frequent first) and the catalog version under them;
    the "nothing unanswered" sentence when `rows` is empty."""
    if not rows:
        return texts.get(lang, "staff_unanswered_empty", days=days)
    out = [texts.get(lang, "staff_unanswered_title", days=days)]
    for n, row in enumerate(rows, start=1):
        out.append(
            texts.get(
                lang,
                "staff_unanswered_line",
                n=n,
                query=mask_personal_numbers(row.query)[:MAX_QUESTION_CHARS],
                count=row.count,
                none=row.none_count,
                clarify=row.clarify_count,
            )
        )
    version = catalog_version or "-"
    out += [Html(), texts.get(lang, "staff_catalog", version=version, count=catalog_size)]
    return lines(out)


def render_stats(
    figures: UsageStats, days: int, lang: Lang, texts: Texts, procedure: ProcedureLookup
) -> Html:
    """Questions by how the bot answered, feedback, follows, and the procedures answered
    most (titled from the catalog through `procedure`, the code when it is gone)."""
    t = texts.get
    out = [
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
        out.append(t(lang, "staff_stats_empty", days=days))
    else:
        out.append(t(lang, "staff_stats_questions", total=total, people=figures.people))
        for decision in DECISIONS:
            count = figures.count(decision)
            share = round(100 * count / total)
            out.append(t(lang, f"staff_stats_{decision}", count=count, share=share))
    out += [
        t(lang, "staff_stats_feedback", helpful=figures.helpful, not_helpful=figures.not_helpful),
        t(lang, "staff_stats_follows", new=figures.follows_new, active=figures.follows_active),
    ]
    if figures.top_answered:
        out += [Html(), t(lang, "staff_stats_top_title")]
        for n, (code, count) in enumerate(figures.top_answered, start=1):
            found = procedure(code)
            out.append(
                t(
                    lang,
                    "staff_stats_top_line",
                    n=n,
                    title=title(found, lang) if found else code,
                    code=code,
                    count=count,
                )
            )
    return lines(out)


def chart_title(lang: Lang, texts: Texts) -> str:
    """The daily chart's title, as plain text (the chart is an image, not HTML)."""
    return texts.get(lang, "staff_stats_chart_title").unescape()


def chart_labels(lang: Lang, texts: Texts) -> dict[str, str]:
    """The legend of the daily chart, one plain-text label per decision."""
    return {d: texts.get(lang, f"staff_stats_label_{d}").unescape() for d in DECISIONS}
