"""The user's commune in the database: migration 0002 up and down, the repository through
`PlaceService`, the pending /noio question with its expiry, /mydata and /forget."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import migrate, users
from bot.db.engine import session_factory
from bot.db.models import User, UserPlace
from bot.db.privacy import Privacy
from bot.personal_data import PersonalDataService
from bot.places.service import PlaceService

USER = 4242


async def _tables(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as conn:
        return set(await conn.run_sync(lambda c: inspect(c).get_table_names()))


async def test_migration_0002_up_and_down(engine: AsyncEngine) -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    revision = script.get_revision("0002")
    assert revision is not None and revision.down_revision == "0001"
    assert "user_places" in await _tables(engine)
    sessions = session_factory(engine)
    await PlaceService(sessions).remember(USER, "18619")
    await migrate.downgrade(engine, "0001")
    tables = await _tables(engine)
    assert "user_places" not in tables and "users" in tables
    assert await migrate.current_revision(engine) == "0001"
    async with sessions() as session:  # the rest of the schema is untouched
        assert await session.get(User, USER) is not None
    await migrate.upgrade(engine)
    assert "user_places" in await _tables(engine)
    assert await migrate.current_revision(engine) == migrate.head_revision()


async def test_remember_home_and_change(engine: AsyncEngine) -> None:
    places = PlaceService(session_factory(engine))
    assert await places.home(USER) is None
    unit = await places.remember(USER, "18619")  # creates the user row if missing
    assert unit.name == "Đồng Tiến"
    home = await places.home(USER)
    assert home is not None and home.code == "18619"
    await places.remember(USER, "18073")
    home = await places.home(USER)
    assert home is not None and home.name == "Thành Sen"


async def test_pending_question_is_taken_once_and_expires(engine: AsyncEngine) -> None:
    now = [datetime(2026, 12, 3, 8, 0, tzinfo=UTC)]
    places = PlaceService(session_factory(engine), clock=lambda: now[0])
    async with session_factory(engine).begin() as session:
        await users.ensure_users(session, [(USER, "vi")])
    assert not await places.take_pending(USER)
    await places.ask(USER)
    assert await places.take_pending(USER)
    assert not await places.take_pending(USER)  # answered once
    await places.ask(USER)
    now[0] += timedelta(minutes=11)
    assert not await places.take_pending(USER)  # expired
    await places.ask(USER)
    await places.remember(USER, "18619")  # the answer ends the question
    assert not await places.take_pending(USER)


async def test_mydata_lists_and_forget_deletes_the_commune(engine: AsyncEngine) -> None:
    sessions = session_factory(engine)
    personal_data = PersonalDataService(sessions, Privacy(b"0123456789abcdef-test-key"))
    await PlaceService(sessions).remember(USER, "18775")
    data = await personal_data.summary(USER)
    assert data is not None and data.commune_code == "18775"
    await personal_data.forget(USER)
    async with sessions() as session:
        assert (await session.scalars(select(UserPlace))).all() == []
    assert await personal_data.summary(USER) is None


async def test_deleting_the_user_cascades_to_the_commune(engine: AsyncEngine) -> None:
    sessions = session_factory(engine)
    await PlaceService(sessions).remember(USER, "18775")
    assert await users.delete_user(sessions, USER)
    async with sessions() as session:
        assert await session.get(UserPlace, USER) is None
