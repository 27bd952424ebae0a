"""Suite-wide fixtures: a fresh database per test on SQLite, or on PostgreSQL in CI.

`DVC_TEST_DATABASE_URL` (CI sets it to PostgreSQL) switches every test that uses the
`database_url` fixture to that server; those tests are marked `db` so CI can run them a
second time on PostgreSQL with `pytest -m db`.

`DVC_HYPOTHESIS_PROFILE=ci` (CI sets it) selects the thorough hypothesis profile
(tests/helpers/profiles.py).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import migrate
from bot.db.engine import create_engine
from tests.helpers.logs import kept_logging
from tests.helpers.profiles import load_profile

PG_ENV = "DVC_TEST_DATABASE_URL"
load_profile()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "database_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.db)


@pytest.fixture(autouse=True)
def _logging_left_as_found() -> Iterator[None]:
    """Each test gets the logging configuration the previous one started with."""
    with kept_logging():
        yield


async def _reset_postgres(url: str) -> None:
    engine = create_engine(url, pool_size=1)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    finally:
        await engine.dispose()


async def fresh_database_url(tmp_path: Path) -> str:
    """An empty database: PostgreSQL when DVC_TEST_DATABASE_URL is set, else SQLite."""
    pg = os.environ.get(PG_ENV)
    if pg:
        await _reset_postgres(pg)
        return pg
    return f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
async def database_url(tmp_path: Path) -> str:
    """An empty database: PostgreSQL when DVC_TEST_DATABASE_URL is set, else SQLite."""
    return await fresh_database_url(tmp_path)


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine on a fresh database with every migration applied."""
    eng = create_engine(database_url)
    await migrate.upgrade(eng)
    try:
        yield eng
    finally:
        await eng.dispose()
