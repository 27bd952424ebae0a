"""`StaffService`: who is staff, the unanswered questions of a period, whole Vietnamese days
for the statistics (with a fixed clock)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import session_factory
from bot.db.models import QueryLog, StaffMember
from bot.staff import StaffService

pytestmark = pytest.mark.db

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)  # 19:00 on 29/11 in Vietnam


def asked(text: str, decision: str, at: datetime, intent: str = "procedure") -> QueryLog:
    return QueryLog(user_hash="u", query=text, intent=intent, decision=decision, created_at=at)


async def test_staff_are_the_configured_ids_and_the_staff_table(engine: AsyncEngine) -> None:
    sessions = session_factory(engine)
    async with sessions.begin() as session:
        session.add(StaffMember(user_id=2, added_by="test"))
    staff = StaffService(sessions, frozenset({1}))
    assert await staff.is_staff(1) and await staff.is_staff(2)
    assert not await staff.is_staff(3)


async def test_unanswered_questions_of_the_last_days(engine: AsyncEngine) -> None:
    sessions = session_factory(engine)
    async with sessions.begin() as session:
        session.add_all(
            [
                asked("zzqx vvbn", "none", NOW - timedelta(days=1)),
                asked("Zzqx  vvbn", "clarify", NOW - timedelta(days=2)),
                asked("ly hon", "clarify", NOW - timedelta(days=3)),
                asked("cũ quá", "none", NOW - timedelta(days=8)),  # before the period
                asked("căn cước", "answer", NOW - timedelta(days=1)),  # answered
                asked("chào", "none", NOW - timedelta(days=1), intent="greeting"),
            ]
        )
    staff = StaffService(sessions, frozenset(), clock=lambda: NOW)
    rows = await staff.unanswered(7)
    assert [(r.count, r.none_count, r.clarify_count) for r in rows] == [(2, 1, 1), (1, 0, 1)]
    assert "zzqx" in rows[0].query.lower() and rows[1].query == "ly hon"
    assert [r.query for r in await staff.unanswered(7, limit=1)] == [rows[0].query]
    (last_day,) = await staff.unanswered(1)  # the period starts exactly one day ago
    assert (last_day.query, last_day.count) == ("zzqx vvbn", 1)


async def test_usage_counts_whole_vietnamese_days(engine: AsyncEngine) -> None:
    sessions = session_factory(engine)
    start_27 = datetime(2026, 11, 26, 17, 0, tzinfo=UTC)  # 27/11 00:00 in Vietnam
    async with sessions.begin() as session:
        session.add_all(
            [
                asked("a", "answer", start_27),
                asked("b", "none", start_27 - timedelta(minutes=1)),  # 26/11: outside
                asked("c", "clarify", NOW - timedelta(minutes=1)),
            ]
        )
    figures = await StaffService(sessions, frozenset(), clock=lambda: NOW).usage(3)
    assert (figures.first, figures.last) == (date(2026, 11, 27), date(2026, 11, 29))
    assert [d.total for d in figures.days] == [1, 0, 1]
    assert figures.questions == 2 and figures.count("none") == 0
