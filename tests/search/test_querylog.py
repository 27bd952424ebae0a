"""Query log: masked text, hashed user, and the staff view of unanswered questions (SQLite)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.engine import create_engine, session_factory
from bot.db.group_commit import GroupCommit
from bot.db.models import Base, QueryLog
from bot.db.privacy import Privacy
from bot.search.engine import SearchEngine
from bot.search.querylog import log_row, top_unanswered, write_rows

PRIVACY = Privacy(b"0123456789abcdef-test-key")


@pytest.fixture
async def sessions(tmp_path: Path) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'log.db'}")
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    try:
        yield session_factory(engine)
    finally:
        await engine.dispose()


async def test_record_masks_numbers_and_hashes_the_user(
    sessions: async_sessionmaker[AsyncSession], search_engine: SearchEngine
) -> None:
    outcome = search_engine.search("làm lại căn cước số 012345678901, sđt 0912345678")
    log = GroupCommit(sessions, write_rows, name="query_log")
    row_id = await log.submit(log_row(outcome, user_hash=PRIVACY.user_hash(42)))
    async with sessions() as session:
        row = (await session.execute(select(QueryLog).where(QueryLog.id == row_id))).scalar_one()
    assert "012345678901" not in row.query and "0912345678" not in row.query
    assert row.user_hash == PRIVACY.user_hash(42) and row.user_hash != "42"
    assert row.intent == "procedure" and row.decision == outcome.decision.value
    assert row.top_code == "1.014064" and row.top_score == outcome.results[0].score


@pytest.mark.parametrize(
    "spelling",
    [
        "038-095-001-234",
        "038095/001234",
        "038\u200b095\u2060001\u00ad234",
        "０３８０９５００１２３４",
        "0380_9500_1234",
        "0101234567-001",
        "C1234567",
        "+84 912-345-678",
    ],
)
async def test_the_log_keeps_no_digit_of_a_personal_number_in_any_spelling(
    sessions: async_sessionmaker[AsyncSession], search_engine: SearchEngine, spelling: str
) -> None:
    outcome = search_engine.search(f"làm lại căn cước số {spelling} bị mất")
    log = GroupCommit(sessions, write_rows, name="query_log")
    row_id = await log.submit(log_row(outcome, user_hash=PRIVACY.user_hash(42)))
    async with sessions() as session:
        row = (await session.execute(select(QueryLog).where(QueryLog.id == row_id))).scalar_one()
    assert not any(ch.isdigit() for ch in row.query), row.query
    assert "căn cước" in row.query and "bị mất" in row.query


async def test_top_unanswered_groups_spellings_and_skips_small_talk(
    sessions: async_sessionmaker[AsyncSession], search_engine: SearchEngine
) -> None:
    asked = [
        "thủ tục ly hôn thuận tình",
        "Thủ tục ly hôn thuận tình?",
        "thu tuc ly hon thuan tinh",
        "làm căn cước",
        "làm căn cước",
        "xin chào",  # decision none, but a greeting: not "unanswered"
        "xin chào",
        "xin chào",
        "làm lại căn cước bị mất",  # answered
    ]
    rows = [
        log_row(search_engine.search(text), user_hash=PRIVACY.user_hash(n))
        for n, text in enumerate(asked)
    ]
    async with sessions() as session, session.begin():
        await write_rows(session, rows)
    since = datetime.now(UTC) - timedelta(hours=1)
    async with sessions() as session:
        top = await top_unanswered(session, since=since)
    assert [u.count for u in top][:2] == [3, 2]
    assert all(u.count == u.none_count + u.clarify_count for u in top)
    assert top[0].query in asked and "ly hôn" in top[0].query.lower()
    assert top[1].query == "làm căn cước" and top[1].clarify_count == 2
    assert all("chào" not in u.query for u in top)
    assert all(u.last_seen is not None for u in top)
    async with sessions() as session:
        assert await top_unanswered(session, since=datetime.now(UTC) + timedelta(hours=1)) == []
        assert len(await top_unanswered(session, since=since, limit=1)) == 1
