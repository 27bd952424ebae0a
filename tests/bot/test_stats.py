"""Staff statistics: questions per Vietnamese day by decision, people, the procedures
answered most, feedback and follows (SQLite, and PostgreSQL in CI); and the chart."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import session_factory
from bot.db.models import Feedback, QueryLog, Subscription, User
from bot.render.stats_chart import daily_chart_png
from bot.stats import DayCount, UsageStats, usage_stats

# 23:59 and 00:01 in Vietnam (UTC+7) on either side of midnight of 28 → 29 November.
LATE_28 = datetime(2026, 11, 28, 16, 59, tzinfo=UTC)
EARLY_29 = datetime(2026, 11, 28, 17, 1, tzinfo=UTC)
SINCE = datetime(2026, 11, 26, 17, 0, tzinfo=UTC)  # 27/11 00:00 in Vietnam
UNTIL = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
OLD = SINCE - timedelta(days=9)


def asked(at: datetime, decision: str, user: str, code: str | None = None) -> QueryLog:
    return QueryLog(
        user_hash=user,
        query="…",
        intent="procedure",
        decision=decision,
        top_code=code,
        created_at=at,
    )


async def test_figures_per_vietnamese_day(engine: AsyncEngine) -> None:
    sessions = session_factory(engine)
    async with sessions.begin() as session:
        session.add_all(
            [
                asked(LATE_28, "answer", "a", "1.014064"),
                asked(LATE_28, "none", "b"),
                asked(EARLY_29, "answer", "a", "1.014064"),
                asked(EARLY_29, "answer", "c", "1.001193"),
                asked(EARLY_29, "clarify", "c", "1.001193"),
                asked(SINCE - timedelta(minutes=1), "answer", "z", "9.999999"),  # before
                asked(UNTIL, "answer", "z", "9.999999"),  # the end is excluded
                QueryLog(
                    user_hash="g",
                    query="chào",
                    intent="greeting",
                    decision="none",
                    created_at=EARLY_29,
                ),
                Feedback(
                    user_hash="a", procedure_code="1.014064", helpful=True, created_at=EARLY_29
                ),
                Feedback(
                    user_hash="c", procedure_code="1.001193", helpful=False, created_at=EARLY_29
                ),
                User(id=1),
            ]
        )
    async with sessions.begin() as session:
        session.add_all(
            [
                Subscription(user_id=1, dossier_code="A", portal_kind="igate", created_at=EARLY_29),
                Subscription(user_id=1, dossier_code="B", portal_kind="igate", created_at=OLD),
            ]
        )
    async with sessions() as session:
        stats = await usage_stats(session, since=SINCE, until=UNTIL)
    assert stats.days == (
        DayCount(date(2026, 11, 27)),
        DayCount(date(2026, 11, 28), answer=1, none=1),
        DayCount(date(2026, 11, 29), answer=2, clarify=1),
    )
    assert (stats.questions, stats.people) == (5, 3)
    assert stats.top_answered == (("1.014064", 2), ("1.001193", 1))
    assert (stats.helpful, stats.not_helpful) == (1, 1)
    assert (stats.follows_new, stats.follows_active) == (1, 2)


def test_the_chart_is_a_png_that_grows_with_the_period() -> None:
    def chart(days: int) -> bytes:
        first = date(2026, 11, 1)
        figures = UsageStats(
            first=first,
            last=first + timedelta(days=days - 1),
            days=tuple(
                DayCount(first + timedelta(days=i), answer=i, clarify=i % 3, none=1)
                for i in range(days)
            ),
            people=3,
            top_answered=(),
            helpful=0,
            not_helpful=0,
            follows_new=0,
            follows_active=0,
        )
        labels = {"answer": "Trả lời ngay", "clarify": "Hỏi lại", "none": "Chưa tìm được"}
        return daily_chart_png(figures, title="Câu hỏi mỗi ngày", labels=labels)

    short, long = chart(3), chart(90)
    assert short.startswith(b"\x89PNG\r\n\x1a\n") and long.startswith(b"\x89PNG\r\n\x1a\n")
    assert short != long
