"""`SearchLog`: each outcome becomes one `query_log` row (user hashed, numbers masked);
a failed write gives None instead of an error, so the answer is still sent."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import session_factory
from bot.db.group_commit import GroupCommit
from bot.db.models import QueryLog
from bot.db.privacy import Privacy
from bot.search.decision import Decision
from bot.search.engine import SearchOutcome, SearchResult
from bot.search.intent import Intent
from bot.search.querylog import write_rows
from bot.search_log import SearchLog

pytestmark = pytest.mark.db

PRIVACY = Privacy(b"0123456789abcdef-test-key")
OUTCOME = SearchOutcome(
    query="mất căn cước 012345678901",
    intent=Intent.PROCEDURE,
    decision=Decision.ANSWER,
    results=(SearchResult("1.014064", "Cấp lại thẻ căn cước", 0.9),),
)


async def test_record_returns_the_row_id(engine: AsyncEngine) -> None:
    sessions = session_factory(engine)
    search_log = SearchLog(GroupCommit(sessions, write_rows, name="query_log"), PRIVACY)
    first = await search_log.record(OUTCOME, 42)
    second = await search_log.record(OUTCOME, 43)
    assert first is not None and second is not None and first != second
    async with sessions() as session:
        row = await session.get(QueryLog, first)
        assert row is not None
        assert row.user_hash == PRIVACY.user_hash(42) and row.top_code == "1.014064"
        assert "012345678901" not in row.query


async def test_a_failed_write_gives_none(
    engine: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(session: object, rows: object) -> list[int]:
        raise OperationalError("INSERT INTO query_log", {}, Exception("database is locked"))

    sessions = session_factory(engine)
    search_log = SearchLog(GroupCommit(sessions, broken, name="query_log"), PRIVACY)
    with caplog.at_level(logging.ERROR, logger="bot.search_log"):
        assert await search_log.record(OUTCOME, 42) is None
    assert "could not record" in caplog.text
    async with sessions() as session:
        assert (await session.scalars(select(QueryLog))).all() == []
