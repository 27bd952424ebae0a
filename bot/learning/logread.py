"""Read the query log for the learning loop (queries only; the caller owns the session).

`unanswered_texts` gives, per logged text of a period, how often it ended in ``none`` or
``clarify`` and how many of its *answered* rows got a 👎 (a none/clarify row with a 👎 is
counted once, as none/clarify). `logged_texts` gives every search question of the period
with its count, the set the effect preview re-runs; `stamp` tells whether anything was logged
since a grouping was computed. Only search questions count (intent
``procedure`` or ``unknown``): greetings and status questions are not the catalog's
business. Texts are as stored: ID and phone numbers already masked.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Feedback, QueryLog
from bot.learning.grouping import LoggedText
from bot.search.querylog import SEARCH_INTENTS, UNANSWERED_DECISIONS


def _utc(value: datetime | None) -> datetime:
    if value is None:
        return datetime.fromtimestamp(0, UTC)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _period(since: datetime, until: datetime | None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [
        QueryLog.created_at >= since,
        QueryLog.intent.in_(list(SEARCH_INTENTS)),
    ]
    if until is not None:
        conditions.append(QueryLog.created_at < until)
    return conditions


async def unanswered_texts(
    session: AsyncSession, *, since: datetime, until: datetime | None = None
) -> list[LoggedText]:
    """Per logged text: none / clarify / 👎-on-an-answer counts and first/last dates."""
    counts: dict[str, list[int]] = {}
    dates: dict[str, tuple[datetime, datetime]] = {}

    def note(text: str, slot: int, n: int, first: datetime | None, last: datetime | None) -> None:
        counts.setdefault(text, [0, 0, 0])[slot] += n
        lo, hi = _utc(first), _utc(last)
        known = dates.get(text)
        dates[text] = (min(known[0], lo), max(known[1], hi)) if known else (lo, hi)

    rows = await session.execute(
        select(
            QueryLog.query,
            QueryLog.decision,
            func.count(),
            func.min(QueryLog.created_at),
            func.max(QueryLog.created_at),
        )
        .where(*_period(since, until), QueryLog.decision.in_(list(UNANSWERED_DECISIONS)))
        .group_by(QueryLog.query, QueryLog.decision)
    )
    for text, decision, n, first, last in rows.all():
        note(text, 0 if decision == "none" else 1, int(n), first, last)
    disliked = await session.execute(
        select(
            QueryLog.query,
            func.count(func.distinct(QueryLog.id)),
            func.min(QueryLog.created_at),
            func.max(QueryLog.created_at),
        )
        .join(Feedback, Feedback.query_log_id == QueryLog.id)
        .where(*_period(since, until), Feedback.helpful.is_(False))
        .where(QueryLog.decision.not_in(list(UNANSWERED_DECISIONS)))
        .group_by(QueryLog.query)
    )
    for text, n, first, last in disliked.all():
        note(text, 2, int(n), first, last)
    return [
        LoggedText(text, none, clarify, bad, *dates[text])
        for text, (none, clarify, bad) in counts.items()
    ]


async def stamp(session: AsyncSession) -> tuple[int, int]:
    """The newest query_log and feedback ids: when neither moved, nothing was logged since
    (two primary-key lookups)."""
    last_query = await session.scalar(select(func.max(QueryLog.id)))
    last_feedback = await session.scalar(select(func.max(Feedback.id)))
    return int(last_query or 0), int(last_feedback or 0)


async def logged_texts(
    session: AsyncSession, *, since: datetime, until: datetime | None = None
) -> list[tuple[str, int]]:
    """Every search question of the period: (text, times asked), most asked first."""
    n = func.count().label("n")
    rows = await session.execute(
        select(QueryLog.query, n)
        .where(*_period(since, until))
        .group_by(QueryLog.query)
        .order_by(n.desc(), QueryLog.query)
    )
    return [(text, int(count)) for text, count in rows.all()]
