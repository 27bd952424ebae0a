"""Fixtures of the catalog tests: sample catalog files and a fresh database per test.

`catalog_db` runs each database test on SQLite and, when `DVC_TEST_DATABASE_URL` is set,
on PostgreSQL too. SQLite tests copy a migrated template file (migrating once per session);
PostgreSQL tests get their own schema (tables and `alembic_version` included), dropped
afterwards, so they never touch other tests' tables in the same database.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

import run_bot
from bot.db import migrate
from bot.db.catalog_store import SessionFactory
from bot.db.engine import create_engine, session_factory
from bot.search.snapshot import CatalogSnapshot
from bot.search.synonyms import load_synonyms
from bot.texts import Texts
from procedures_catalog.loader import BUNDLED_DIR, SYNONYMS_FILE, load_bundled, load_catalog
from procedures_catalog.schema import Procedure

SAMPLE_DIR = Path(__file__).resolve().parent / "data"


@dataclass
class CatalogDb:
    url: str
    engine: AsyncEngine
    sf: SessionFactory


def _postgres_url() -> str | None:
    raw = os.environ.get("DVC_TEST_DATABASE_URL", "").strip()
    if not raw:
        return None
    url = make_url(raw)
    if url.get_backend_name() != "postgresql":
        return None
    return url.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)


def _backends() -> list[str]:
    return ["sqlite", "postgresql"] if _postgres_url() else ["sqlite"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the database tests `db`, like the suite-wide fixture does (CI selects them)."""
    for item in items:
        if {"catalog_db", "sqlite_url"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.db)


@pytest.fixture
def sample_dir() -> Path:
    return SAMPLE_DIR


@pytest.fixture
def sample_catalog() -> list[Procedure]:
    return load_catalog(SAMPLE_DIR)


async def _migrate(url: str) -> None:
    engine = create_engine(url)
    try:
        await migrate.upgrade(engine)
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("catalog-template") / "template.db"
    asyncio.run(_migrate(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    """A migrated SQLite database file of this test (for the CLI tests)."""
    target = tmp_path / "catalog.db"
    shutil.copyfile(sqlite_template, target)
    return f"sqlite+aiosqlite:///{target}"


@pytest.fixture(params=_backends())
async def catalog_db(
    request: pytest.FixtureRequest, sqlite_template: Path, tmp_path: Path
) -> AsyncIterator[CatalogDb]:
    if request.param == "sqlite":
        target = tmp_path / "catalog.db"
        shutil.copyfile(sqlite_template, target)
        url = f"sqlite+aiosqlite:///{target}"
        engine = create_engine(url)
        try:
            yield CatalogDb(url, engine, session_factory(engine))
        finally:
            await engine.dispose()
        return
    base = _postgres_url()
    assert base is not None
    schema = f"test_catalog_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    async with admin.begin() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = create_engine(base, connect_args={"server_settings": {"search_path": schema}})
    try:
        await migrate.upgrade(engine)
        yield CatalogDb(base, engine, session_factory(engine))
    finally:
        await engine.dispose()
        async with admin.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        await admin.dispose()


@pytest.fixture(scope="session")
def catalog() -> dict[str, Procedure]:
    """The bundled catalog by code (it must load without a problem)."""
    return {p.code: p for p in load_bundled()}


@pytest.fixture(scope="session")
def texts() -> Texts:
    return Texts()


@pytest.fixture(scope="session")
def search(catalog: dict[str, Procedure]) -> CatalogSnapshot:
    synonyms = load_synonyms(BUNDLED_DIR / SYNONYMS_FILE)
    return CatalogSnapshot.build(list(catalog.values()), synonyms)


Runner = Callable[..., tuple[int, str]]


@pytest.fixture
def cli(
    monkeypatch: pytest.MonkeyPatch, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> Runner:
    """`run_bot.py catalog …` in process on this test's SQLite database: (exit code, stdout)."""
    monkeypatch.setenv("DVC_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("DVC_LOG_LEVEL", "WARNING")
    # only this area's commands: the others may not be importable while they are written
    monkeypatch.setattr(run_bot, "COMMAND_MODULES", ("bot.cli.catalog",))

    def run(*argv: str | Path) -> tuple[int, str]:
        capsys.readouterr()
        code = run_bot.main(["catalog", *map(str, argv)])
        return code, capsys.readouterr().out

    return run
