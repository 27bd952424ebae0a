"""Usage statistics for staff: how many questions, how the bot answered them, per day.

Everything is aggregated in SQL from what the bot already keeps (``query_log``, ``feedback``,
``subscriptions``), so the figures hold no text and no user: people are counted by their
hashed id. Days are Vietnamese calendar days (UTC+7, no daylight saving), so "today" for a
one-stop centre is the same day in the chart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, Date, SQLColumnExpression, cast, func, literal_column, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.calendar import vn_date
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


def _vn_day(session: AsyncSession, column: SQLColumnExpression[datetime]) -> ColumnElement[date]:
    """The Vietnamese calendar day of a stored UTC timestamp, computed by the database."""
    if session.get_bind().dialect.name == "postgresql":
        # The zone inline, not bound: the GROUP BY must repeat the very same expression.
        return cast(func.timezone(literal_column("'Asia/Ho_Chi_Minh'"), column), Date)
    # SQLite keeps UTC text; its date() shifts by the modifier.
    return func.date(column, literal_column("'+7 hours'"))


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


async def usage_stats(
    session: AsyncSession, *, since: datetime, until: datetime, top: int = 5
) -> UsageStats:
    """Figures for questions asked in [since, until)."""
    day = _vn_day(session, QueryLog.created_at)
    in_period = (QueryLog.created_at >= since) & (QueryLog.created_at < until)
    searched = in_period & QueryLog.intent.in_(list(SEARCH_INTENTS))
    per_day: dict[date, dict[str, int]] = {}
    rows = await session.execute(
        select(day, QueryLog.decision, func.count())
        .where(searched, QueryLog.decision.in_(DECISIONS))
        .group_by(day, QueryLog.decision)
    )
    for value, decision, n in rows.all():
        per_day.setdefault(_as_date(value), {})[decision] = int(n)
    first, last = vn_date(since), vn_date(until - timedelta(microseconds=1))
    days = tuple(
        DayCount(first + timedelta(days=i), **per_day.get(first + timedelta(days=i), {}))
        for i in range((last - first).days + 1)
    )
    people = await session.scalar(
        select(func.count(func.distinct(QueryLog.user_hash))).where(searched)
    )
    answered = await session.execute(
        select(QueryLog.top_code, func.count().label("n"))
        .where(searched, QueryLog.decision == "answer", QueryLog.top_code.is_not(None))
        .group_by(QueryLog.top_code)
        .order_by(func.count().desc(), QueryLog.top_code)
        .limit(top)
    )
    feedback = dict(
        (
            await session.execute(
                select(Feedback.helpful, func.count())
                .where(Feedback.created_at >= since, Feedback.created_at < until)
                .group_by(Feedback.helpful)
            )
        ).all()
    )
    follows_new = await session.scalar(
        select(func.count())
        .select_from(Subscription)
        .where(Subscription.created_at >= since, Subscription.created_at < until)
    )
    follows_active = await session.scalar(
        select(func.count()).select_from(Subscription).where(Subscription.active.is_(True))
    )
    return UsageStats(
        first=first,
        last=last,
        days=days,
        people=int(people or 0),
        top_answered=tuple((str(code), int(n)) for code, n in answered.all()),
        helpful=int(feedback.get(True, 0)),
        not_helpful=int(feedback.get(False, 0)),
        follows_new=int(follows_new or 0),
        follows_active=int(follows_active or 0),
    )
