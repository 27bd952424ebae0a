"""Dialogue steps kept in the database: migration 0003 up and down, a step taken once, its
expiry, a newer step replacing an older one, and /forget removing it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import migrate, personal_data, users
from bot.db.engine import session_factory
from bot.db.models import PendingStep
from bot.pending import DOSSIER_CODE, STEP_TTL, PendingSteps

USER = 4343


async def _tables(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as conn:
        return set(await conn.run_sync(lambda c: inspect(c).get_table_names()))


async def test_migration_0003_up_and_down(engine: AsyncEngine) -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    revision = script.get_revision("0003")
    assert revision is not None and revision.down_revision == "0002"
    assert "pending_steps" in await _tables(engine)
    await PendingSteps(session_factory(engine)).expect(USER, DOSSIER_CODE)
    await migrate.downgrade(engine, "0002")
    tables = await _tables(engine)
    assert "pending_steps" not in tables and "user_places" in tables
    await migrate.upgrade(engine)
    assert "pending_steps" in await _tables(engine)
    assert await migrate.current_revision(engine) == migrate.head_revision()


async def test_a_step_is_taken_once_and_expires(engine: AsyncEngine) -> None:
    now = [datetime(2026, 12, 10, 8, 0, tzinfo=UTC)]
    pending = PendingSteps(session_factory(engine), clock=lambda: now[0])
    assert not await pending.take(USER, DOSSIER_CODE)
    await pending.expect(USER, DOSSIER_CODE)  # creates the user row if missing
    assert not await pending.take(USER, "something_else")
    assert await pending.take(USER, DOSSIER_CODE)
    assert not await pending.take(USER, DOSSIER_CODE)  # answered once
    await pending.expect(USER, DOSSIER_CODE)
    now[0] += STEP_TTL + timedelta(seconds=1)
    assert not await pending.take(USER, DOSSIER_CODE)  # expired


async def test_a_newer_step_replaces_the_older_one(engine: AsyncEngine) -> None:
    sessions = session_factory(engine)
    pending = PendingSteps(sessions)
    await pending.expect(USER, "other")
    await pending.expect(USER, DOSSIER_CODE)
    async with sessions() as session:
        rows = (await session.scalars(select(PendingStep))).all()
    assert [(r.user_id, r.kind) for r in rows] == [(USER, DOSSIER_CODE)]
    assert not await pending.take(USER, "other")
    assert await pending.take(USER, DOSSIER_CODE)


async def test_forget_and_deleting_the_user_remove_the_step(engine: AsyncEngine) -> None:
    sessions = session_factory(engine)
    pending = PendingSteps(sessions)
    await pending.expect(USER, DOSSIER_CODE)
    async with sessions.begin() as session:
        await personal_data.forget(session, USER, "hash")
    async with sessions() as session:
        assert (await session.scalars(select(PendingStep))).all() == []
    await pending.expect(USER, DOSSIER_CODE)
    assert await users.delete_user(sessions, USER)
    async with sessions() as session:
        assert await session.get(PendingStep, USER) is None
