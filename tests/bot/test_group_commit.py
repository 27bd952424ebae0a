"""Group commit: concurrent writes share transactions, results come back only once
committed, a failed batch fails exactly its own callers, and nothing is left behind."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bot.db import users
from bot.db.engine import session_factory
from bot.db.group_commit import GroupCommit
from bot.db.models import QueryLog, User
from bot.search.querylog import write_rows


def row(text: str) -> QueryLog:
    return QueryLog(user_hash="h", query=text, intent="procedure", decision="none")


async def test_concurrent_submits_share_transactions_and_get_their_own_ids(
    engine: AsyncEngine,
) -> None:
    sessions = session_factory(engine)
    log = GroupCommit(sessions, write_rows, name="query_log")
    texts = [f"câu hỏi {i}" for i in range(200)]
    ids = await asyncio.gather(*(log.submit(row(t)) for t in texts))
    assert len(set(ids)) == 200
    assert log.items == 200 and log.batches < 20  # far fewer transactions than writes
    async with sessions() as session:
        stored = dict((await session.execute(select(QueryLog.id, QueryLog.query))).all())
    assert [stored[i] for i in ids] == texts  # each caller got the id of its own row


async def test_a_result_means_the_row_is_committed(engine: AsyncEngine) -> None:
    sessions = session_factory(engine)
    log = GroupCommit(sessions, write_rows, name="query_log")
    row_id = await log.submit(row("làm lại cccd"))
    async with sessions() as other:  # a different session sees it at once
        assert await other.get(QueryLog, row_id) is not None


async def test_users_are_created_once_with_their_client_language(engine: AsyncEngine) -> None:
    sessions = session_factory(engine)
    contacts = GroupCommit(sessions, users.ensure_users, name="users")
    langs = await asyncio.gather(
        contacts.submit((1, "en-US")), contacts.submit((1, "vi")), contacts.submit((2, None))
    )
    assert langs == ["en", "en", "vi"]
    await users.set_language(sessions, 2, "en")
    assert await contacts.submit((2, "vi")) == "en"  # a choice made with /lang wins
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(User)) == 2


async def test_a_failed_batch_fails_its_callers_and_the_next_batch_works(
    engine: AsyncEngine,
) -> None:
    sessions = session_factory(engine)
    failing = {"on": True}

    async def write(session: AsyncSession, rows: list[QueryLog]) -> list[int]:
        if failing["on"]:
            raise OperationalError("INSERT", {}, Exception("disk I/O error"))
        return await write_rows(session, rows)

    log = GroupCommit(sessions, write, name="query_log")
    results = await asyncio.gather(
        *(log.submit(row(f"q{i}")) for i in range(5)), return_exceptions=True
    )
    assert all(isinstance(r, OperationalError) for r in results)
    failing["on"] = False
    assert await log.submit(row("again")) > 0
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(QueryLog)) == 1


async def test_a_cancelled_caller_does_not_disturb_the_others(engine: AsyncEngine) -> None:
    sessions = session_factory(engine)
    log = GroupCommit(sessions, write_rows, name="query_log")
    gave_up = asyncio.create_task(log.submit(row("gave up")))
    kept = asyncio.create_task(log.submit(row("kept")))
    await asyncio.sleep(0)
    gave_up.cancel()
    assert await kept > 0
    await log.drain()
    with pytest.raises(asyncio.CancelledError):
        await gave_up


async def test_drain_waits_for_everything_submitted(engine: AsyncEngine) -> None:
    sessions = session_factory(engine)
    log = GroupCommit(sessions, write_rows, name="query_log")
    pending = [asyncio.create_task(log.submit(row(f"q{i}"))) for i in range(50)]
    await asyncio.sleep(0)
    await log.drain()
    async with sessions() as session:  # committed before any caller looked at its result
        assert await session.scalar(select(func.count()).select_from(QueryLog)) == 50
    assert len(set(await asyncio.gather(*pending))) == 50


async def test_batch_size_must_be_positive(engine: AsyncEngine) -> None:
    with pytest.raises(ValueError, match="max_batch"):
        GroupCommit(session_factory(engine), write_rows, name="x", max_batch=0)


async def test_callers_are_released_when_the_writer_is_torn_down(engine: AsyncEngine) -> None:
    sessions = session_factory(engine)
    entered = asyncio.Event()

    async def stuck(session: AsyncSession, rows: list[QueryLog]) -> list[int]:
        entered.set()
        await asyncio.Event().wait()  # a write that never ends
        return []

    log = GroupCommit(sessions, stuck, name="query_log")
    callers = [asyncio.create_task(log.submit(row(f"q{i}"))) for i in range(3)]
    await asyncio.wait_for(entered.wait(), 5)
    late = asyncio.create_task(log.submit(row("late")))  # queued behind the stuck batch
    await asyncio.sleep(0)
    assert log._flusher is not None
    log._flusher.cancel()
    results = await asyncio.wait_for(asyncio.gather(*callers, late, return_exceptions=True), 5)
    assert all(isinstance(r, asyncio.CancelledError) for r in results)
