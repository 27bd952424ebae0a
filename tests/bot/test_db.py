"""Migrations, repositories and privacy helpers on SQLite (and PostgreSQL in CI)."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import migrate, users
from bot.db.engine import create_engine, session_factory
from bot.db.health import ensure_reachable
from bot.db.models import ChecklistTick, User
from bot.db.privacy import Privacy
from bot.errors import StartupError
from bot.personal_numbers import mask_personal_numbers

EXPECTED_TABLES = {
    "users",
    "staff_members",
    "subscriptions",
    "outbox",
    "query_log",
    "feedback",
    "checklist_ticks",
    "catalog_versions",
    "catalog_entries",
    "staff_audit",
    "alembic_version",
}


async def test_upgrade_creates_every_table_and_is_idempotent(engine: AsyncEngine) -> None:
    await migrate.upgrade(engine)  # second run changes nothing
    async with engine.connect() as conn:
        tables = set(await conn.run_sync(lambda c: inspect(c).get_table_names()))
    assert tables >= EXPECTED_TABLES
    assert await migrate.current_revision(engine) == migrate.head_revision()


async def test_downgrade_to_base_and_back(engine: AsyncEngine) -> None:
    await migrate.downgrade(engine, "base")
    assert await migrate.current_revision(engine) is None
    await migrate.upgrade(engine)
    assert await migrate.current_revision(engine) == migrate.head_revision()


async def test_user_language_and_forget_cascades(engine: AsyncEngine) -> None:
    sessions = session_factory(engine)
    async with sessions.begin() as session:
        # The same new user twice in one batch, next to another new user.
        assert await users.ensure_users(session, [(42, "en-GB"), (7, None), (42, "vi")]) == [
            "en",
            "vi",
            "en",
        ]
    async with sessions.begin() as session:
        assert await users.ensure_users(session, [(42, "vi")]) == ["en"]  # first choice kept
    await users.set_language(sessions, 42, "vi")
    assert await users.get_language(sessions, 42) == "vi"
    async with sessions.begin() as session:
        session.add(ChecklistTick(user_id=42, procedure_code="1.001193", document_index=0))
    assert await users.delete_user(sessions, 42)
    async with sessions() as session:
        assert await session.get(User, 42) is None
        assert (await session.scalars(select(ChecklistTick))).all() == []


async def test_unreachable_database_gives_one_line() -> None:
    url = "postgresql+asyncpg://nobody:secret@127.0.0.1:1/none"
    engine = create_engine(url)
    with pytest.raises(StartupError) as info:
        await ensure_reachable(engine, url, limit_s=5)
    await engine.dispose()
    message = str(info.value)
    assert message.startswith("DVC_DATABASE_URL: cannot reach the database")
    assert "secret" not in message and "\n" not in message


def test_privacy_hash_and_encryption() -> None:
    privacy = Privacy(b"0123456789abcdef-key")
    assert privacy.user_hash(1) == Privacy(b"0123456789abcdef-key").user_hash(1)
    assert privacy.user_hash(1) != privacy.user_hash(2)
    assert len(privacy.user_hash(1)) == 64 and privacy.user_hash(1) != "1"
    token = privacy.encrypt("038123456789")
    assert b"038123456789" not in token
    assert privacy.decrypt(token) == "038123456789"
    assert Privacy(b"another-secret-key!!").decrypt(token) is None


def test_mask_personal_numbers_keeps_dossier_codes() -> None:
    text = "CCCD 038123456789, CMND 123456789, gọi 0912 345 678; hồ sơ 000.00.27.H27-250801-0001"
    masked = mask_personal_numbers(text)
    assert "038123456789" not in masked and "123456789," not in masked
    assert "0912 345 678" not in masked
    assert "000.00.27.H27-250801-0001" in masked
