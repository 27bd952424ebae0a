"""Record search outcomes and show staff what the bot could not answer.

Every search can be logged in the ``query_log`` table with the user id hashed (HMAC from
``DVC_SECRET_KEY``) and personal numbers (bot/personal_numbers.py: ID card, tax code,
passport, phone and bank account numbers, in any spelling) masked out of the text; the bot
writes the rows through a `GroupCommit` (bot/db/group_commit.py) with `write_rows`. Staff
then ask for the most frequent questions that ended in ``none`` (nothing found) or
``clarify`` (the bot had to ask back) over a period, which is where the catalog needs new
aliases or entries.
Greetings, status questions and help requests are not counted as unanswered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import QueryLog
from bot.personal_numbers import mask_personal_numbers
from bot.search.engine import SearchOutcome
from bot.search.normalize import normalize_query

MAX_LOGGED_CHARS = 1000
UNANSWERED_DECISIONS: tuple[str, ...] = ("none", "clarify")
SEARCH_INTENTS: tuple[str, ...] = ("procedure", "unknown")


def log_row(outcome: SearchOutcome, *, user_hash: str) -> QueryLog:
    """The `QueryLog` row for an outcome (text masked and truncated)."""
    top = outcome.top
    return QueryLog(
        user_hash=user_hash,
        query=mask_personal_numbers(outcome.query)[:MAX_LOGGED_CHARS],
        intent=outcome.intent.contract,
        decision=outcome.decision.value,
        top_code=top.code if top else None,
        top_score=top.score if top else None,
        catalog_version=outcome.catalog_version,
    )


async def write_rows(session: AsyncSession, rows: list[QueryLog]) -> list[int]:
    """Batch writer for `GroupCommit`: insert the rows (one statement), return their ids."""
    session.add_all(rows)
    await session.flush()
    return [row.id for row in rows]


@dataclass(frozen=True, slots=True)
class UnansweredQuery:
    """A question (spelling variants merged) that ended without an answer."""

    query: str  # the most frequent spelling
    count: int
    none_count: int
    clarify_count: int
    last_seen: datetime | None


async def top_unanswered(
    session: AsyncSession,
    *,
    since: datetime,
    until: datetime | None = None,
    limit: int = 20,
    decisions: Sequence[str] = UNANSWERED_DECISIONS,
) -> list[UnansweredQuery]:
    """Most frequent `none`/`clarify` questions in [since, until), most frequent first.

    Rows are grouped in SQL by exact text, then merged in Python by folded text so "Làm
    sổ đỏ?" and "lam so do" count as one question.
    """
    stmt = (
        select(
            QueryLog.query,
            QueryLog.decision,
            func.count().label("n"),
            func.max(QueryLog.created_at).label("last"),
        )
        .where(QueryLog.created_at >= since)
        .where(QueryLog.decision.in_(list(decisions)))
        .where(QueryLog.intent.in_(list(SEARCH_INTENTS)))
        .group_by(QueryLog.query, QueryLog.decision)
    )
    if until is not None:
        stmt = stmt.where(QueryLog.created_at < until)
    groups: dict[str, _Group] = {}
    for text, decision, n, last in (await session.execute(stmt)).all():
        key = normalize_query(text) or text.strip().casefold()
        group = groups.setdefault(key, _Group())
        group.add(text, decision, int(n), last)
    out = [group.result() for group in groups.values()]
    out.sort(key=lambda u: (-u.count, u.query))
    return out[:limit]


@dataclass
class _Group:
    """Accumulates the rows of one folded question."""

    none_count: int = 0
    clarify_count: int = 0
    last_seen: datetime | None = None
    spellings: dict[str, int] = field(default_factory=dict)

    def add(self, text: str, decision: str, n: int, last: datetime | None) -> None:
        if decision == "none":
            self.none_count += n
        else:
            self.clarify_count += n
        if last is not None and (self.last_seen is None or last > self.last_seen):
            self.last_seen = last
        self.spellings[text] = self.spellings.get(text, 0) + n

    def result(self) -> UnansweredQuery:
        best = max(self.spellings.items(), key=lambda kv: (kv[1], kv[0]))[0]
        return UnansweredQuery(
            query=best,
            count=self.none_count + self.clarify_count,
            none_count=self.none_count,
            clarify_count=self.clarify_count,
            last_seen=self.last_seen,
        )
