"""Usage statistics for staff: how many questions, how the bot answered them, per day.

Everything is aggregated in SQL from what the bot already keeps (``query_log``, ``feedback``,
``subscriptions``), so the figures hold no text and no user: people are counted by their
hashed id. Days are Vietnamese calendar days (UTC+7, no daylight saving), so "today" for a
one-stop centre is the same day in the chart.

The queries read the index ``ix_query_log_decision_period`` (decision, created_at, intent,
top_code, user_hash; migration 0007) and never the table, so the console's dashboard stays
well under 300 ms for 90 days of 100,000 questions (benchmarks/console_bench.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import (
    ColumnElement,
    DateTime,
    Integer,
    ScalarSelect,
    column,
    func,
    select,
    values,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.calendar import VN_TZ, vn_date
from bot.db.models import Feedback, QueryLog, Subscription
from bot.search.querylog import SEARCH_INTENTS

DECISIONS = ("answer", "clarify", "none")


@dataclass(frozen=True, slots=True)
class DayCount:
    """Questions of one Vietnamese day by decision."""

    day: date
    answer: int = 0
    clarify: int = 0
    none: int = 0

    @property
    def total(self) -> int:
        return self.answer + self.clarify + self.none


@dataclass(frozen=True, slots=True)
class UsageStats:
    """What staff see with /stats for the days ``first`` … ``last`` (inclusive)."""

    first: date
    last: date
    days: tuple[DayCount, ...]
    people: int
    top_answered: tuple[tuple[str, int], ...]  # (procedure code, answers), most first
    helpful: int
    not_helpful: int
    follows_new: int
    follows_active: int

    @property
    def questions(self) -> int:
        return sum(d.total for d in self.days)

    def count(self, decision: str) -> int:
        return sum(getattr(d, decision) for d in self.days)

    @property
    def rated(self) -> int:
        """Answers that got a 👍 or a 👎."""
        return self.helpful + self.not_helpful

    @property
    def helpful_share(self) -> float | None:
        """👍 among the rated answers (0…1), None when nothing was rated."""
        return self.helpful / self.rated if self.rated else None


def vn_period(first: date, last: date) -> tuple[datetime, datetime]:
    """The UTC instants [since, until) covering the Vietnamese days ``first`` … ``last``.

    In UTC, like the stored timestamps (SQLite compares them as text)."""
    since = datetime.combine(first, time(), tzinfo=VN_TZ).astimezone(UTC)
    until = datetime.combine(last + timedelta(days=1), time(), tzinfo=VN_TZ).astimezone(UTC)
    return since, until


def _day_spans(since: datetime, until: datetime) -> list[tuple[int, datetime, datetime]]:
    """(index, start, end) of each Vietnamese day that [since, until) touches, clipped."""
    first, last = vn_date(since), vn_date(until - timedelta(microseconds=1))
    spans = []
    for index in range((last - first).days + 1):
        start, end = vn_period(first + timedelta(days=index), first + timedelta(days=index))
        spans.append((index, max(start, since), min(end, until)))
    return spans


async def _per_day(session: AsyncSession, since: datetime, until: datetime) -> list[dict[str, int]]:
    """Questions by decision for each Vietnamese day of [since, until), oldest first.

    One statement: a VALUES list of the days' bounds and, per decision, a correlated count
    that is a range scan of the (decision, created_at, intent, …) index. Grouping the rows by
    a computed day instead sorts every row of the period; this reads only the index.
    """
    spans = _day_spans(since, until)
    bound = DateTime(timezone=True)
    days = (
        values(column("n", Integer), column("lo", bound), column("hi", bound), name="days")
        .data(spans)
        .cte("days")
    )

    def counted(decision: str) -> ScalarSelect[int]:
        return (
            select(func.count())
            .where(
                QueryLog.decision == decision,
                QueryLog.created_at >= days.c.lo,
                QueryLog.created_at < days.c.hi,
                QueryLog.intent.in_(list(SEARCH_INTENTS)),
            )
            .scalar_subquery()
        )

    rows = await session.execute(
        select(days.c.n, *(counted(decision) for decision in DECISIONS)).order_by(days.c.n)
    )
    return [
        {decision: int(count or 0) for decision, count in zip(DECISIONS, row[1:], strict=True)}
        for row in rows.all()
    ]


def _asked(since: datetime, until: datetime) -> ColumnElement[bool]:
    return (
        (QueryLog.created_at >= since)
        & (QueryLog.created_at < until)
        & QueryLog.intent.in_(list(SEARCH_INTENTS))
    )


async def _people(session: AsyncSession, since: datetime, until: datetime) -> int:
    # Every decision named, so the (decision, created_at, …) index serves the range; grouped
    # rather than count(DISTINCT), which sorts on SQLite.
    searched = QueryLog.decision.in_(DECISIONS) & _asked(since, until)
    people = await session.scalar(
        select(func.count()).select_from(
            select(QueryLog.user_hash).where(searched).group_by(QueryLog.user_hash).subquery()
        )
    )
    return int(people or 0)


async def _top_answered(
    session: AsyncSession, since: datetime, until: datetime, top: int
) -> tuple[tuple[str, int], ...]:
    answered = await session.execute(
        select(QueryLog.top_code, func.count().label("n"))
        .where(QueryLog.decision == "answer", _asked(since, until), QueryLog.top_code.is_not(None))
        .group_by(QueryLog.top_code)
        .order_by(func.count().desc(), QueryLog.top_code)
        .limit(top)
    )
    return tuple((str(code), int(n)) for code, n in answered.all())


async def _feedback(session: AsyncSession, since: datetime, until: datetime) -> dict[bool, int]:
    rows = await session.execute(
        select(Feedback.helpful, func.count())
        .where(Feedback.created_at >= since, Feedback.created_at < until)
        .group_by(Feedback.helpful)
    )
    return {bool(helpful): int(n) for helpful, n in rows.all()}


async def _follows(session: AsyncSession, since: datetime, until: datetime) -> tuple[int, int]:
    new = await session.scalar(
        select(func.count())
        .select_from(Subscription)
        .where(Subscription.created_at >= since, Subscription.created_at < until)
    )
    active = await session.scalar(
        select(func.count()).select_from(Subscription).where(Subscription.active.is_(True))
    )
    return int(new or 0), int(active or 0)


async def usage_stats(
    session: AsyncSession, *, since: datetime, until: datetime, top: int = 5
) -> UsageStats:
    """Figures for questions asked in [since, until)."""
    first, last = vn_date(since), vn_date(until - timedelta(microseconds=1))
    per_day = await _per_day(session, since, until)
    feedback = await _feedback(session, since, until)
    follows_new, follows_active = await _follows(session, since, until)
    return UsageStats(
        first=first,
        last=last,
        days=tuple(
            DayCount(first + timedelta(days=index), **counts)
            for index, counts in enumerate(per_day)
        ),
        people=await _people(session, since, until),
        top_answered=await _top_answered(session, since, until, top),
        helpful=feedback.get(True, 0),
        not_helpful=feedback.get(False, 0),
        follows_new=follows_new,
        follows_active=follows_active,
    )
