"""Catalog versions in the database (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.db import catalog_store as store
from bot.db.models import CatalogEntry, StaffAudit
from procedures_catalog.loader import BUNDLED_DIR, read_catalog, write_catalog
from procedures_catalog.schema import Procedure
from tests.catalog.conftest import CatalogDb


def _edited(catalog: list[Procedure]) -> list[Procedure]:
    """The catalog with one fee changed and one procedure removed."""
    first = catalog[0].model_copy(deep=True)
    first.title.vi = first.title.vi + " (sửa)"
    return [first, *catalog[2:]]


async def _audit(db: CatalogDb) -> list[StaffAudit]:
    async with db.sf() as session:
        return list((await session.execute(select(StaffAudit).order_by(StaffAudit.id))).scalars())


async def test_empty_database(catalog_db: CatalogDb) -> None:
    assert await store.current_catalog(catalog_db.sf) is None
    assert await store.current_version_id(catalog_db.sf) is None
    assert await store.history(catalog_db.sf) == []


async def test_import_makes_a_current_version(
    catalog_db: CatalogDb, sample_catalog: list[Procedure]
) -> None:
    result = await store.import_catalog(
        catalog_db.sf, list(reversed(sample_catalog)), author="lan", note="đầu tiên", source="x"
    )
    assert result.changed
    version = result.version
    assert version.is_current and version.procedure_count == len(sample_catalog)
    assert version.checksum == store.catalog_checksum(sample_catalog)
    current = await store.current_catalog(catalog_db.sf)
    assert current is not None
    assert current[0] == version
    assert current[1] == sample_catalog  # sorted by code, equal objects
    assert await store.current_version_id(catalog_db.sf) == version.id
    (audit,) = await _audit(catalog_db)
    assert (audit.actor, audit.action, audit.detail["result"]) == (
        "lan",
        "catalog.import",
        "created",
    )


async def test_unchanged_reimport_creates_no_version(
    catalog_db: CatalogDb, sample_catalog: list[Procedure]
) -> None:
    first = await store.import_catalog(catalog_db.sf, sample_catalog, author="lan")
    again = await store.import_catalog(catalog_db.sf, sample_catalog[::-1], author="minh")
    assert not again.changed and again.version.id == first.version.id
    assert await store.version_count(catalog_db.sf) == 1
    assert [a.detail["result"] for a in await _audit(catalog_db)] == ["created", "unchanged"]


async def test_history_and_rollback_restore_exactly(
    catalog_db: CatalogDb, sample_catalog: list[Procedure]
) -> None:
    v1 = (await store.import_catalog(catalog_db.sf, sample_catalog, author="lan")).version
    edited = _edited(sample_catalog)
    v2 = (await store.import_catalog(catalog_db.sf, edited, author="minh", note="sửa")).version
    assert [v.id for v in await store.history(catalog_db.sf)] == [v2.id, v1.id]
    assert (await store.current_catalog(catalog_db.sf) or (None, []))[1] == edited

    back = await store.rollback(catalog_db.sf, v1.id, author="lan")
    assert back.changed and back.version.restored_from == v1.id
    assert back.version.checksum == v1.checksum
    current = await store.current_catalog(catalog_db.sf)
    assert current is not None and current[0].id == back.version.id
    assert current[1] == sample_catalog
    history = await store.history(catalog_db.sf)
    assert [v.id for v in history] == [back.version.id, v2.id, v1.id]
    assert [v.is_current for v in history] == [True, False, False]
    assert await store.version_catalog(catalog_db.sf, v2.id) == edited

    again = await store.rollback(catalog_db.sf, back.version.id, author="lan")
    assert not again.changed
    actions = [(a.action, a.detail["result"]) for a in await _audit(catalog_db)]
    assert actions == [
        ("catalog.import", "created"),
        ("catalog.import", "created"),
        ("catalog.rollback", "created"),
        ("catalog.rollback", "unchanged"),
    ]


async def test_rollback_to_unknown_version(catalog_db: CatalogDb) -> None:
    with pytest.raises(store.UnknownVersionError):
        await store.rollback(catalog_db.sf, 42, author="lan")
    assert await store.version_count(catalog_db.sf) == 0


async def test_duplicate_codes_are_refused_before_writing(
    catalog_db: CatalogDb, sample_catalog: list[Procedure]
) -> None:
    with pytest.raises(ValueError, match="duplicate"):
        await store.import_catalog(catalog_db.sf, sample_catalog + sample_catalog[:1], author="x")
    assert await store.version_count(catalog_db.sf) == 0


async def test_concurrent_imports_leave_one_current_version(
    catalog_db: CatalogDb, sample_catalog: list[Procedure]
) -> None:
    catalogs = [sample_catalog, _edited(sample_catalog), sample_catalog[1:]]
    results = await asyncio.gather(
        *(store.import_catalog(catalog_db.sf, c, author=f"s{i}") for i, c in enumerate(catalogs))
    )
    history = await store.history(catalog_db.sf)
    assert len(history) == 3 and sum(v.is_current for v in history) == 1
    current = await store.current_catalog(catalog_db.sf)
    assert current is not None and current[0].id == max(r.version.id for r in results)


async def test_readers_see_a_whole_catalog_during_imports(
    catalog_db: CatalogDb, sample_catalog: list[Procedure]
) -> None:
    await store.import_catalog(catalog_db.sf, sample_catalog, author="lan")
    catalogs = [_edited(sample_catalog), sample_catalog[1:], sample_catalog]
    seen: list[tuple[int, int, int]] = []

    async def read() -> None:
        for _ in range(15):
            current = await store.current_catalog(catalog_db.sf)
            assert current is not None
            seen.append((current[0].id, current[0].procedure_count, len(current[1])))

    async def write() -> None:
        for catalog in catalogs:
            await store.import_catalog(catalog_db.sf, catalog, author="minh")

    await asyncio.gather(read(), write(), read())
    assert all(count == length for _, count, length in seen)


async def test_round_trips_through_the_database(
    catalog_db: CatalogDb, sample_dir: Path, tmp_path: Path
) -> None:
    """YAML → DB → XLSX → DB and YAML → CSV → DB give the identical catalog."""
    for source in (sample_dir, BUNDLED_DIR):
        loaded = read_catalog(source)
        if not loaded.procedures:
            continue
        assert loaded.problems == []
        first, _ = await store.import_path(catalog_db.sf, source, author="lan")
        assert first is not None
        current = await store.current_catalog(catalog_db.sf)
        assert current is not None and current[1] == loaded.procedures
        for fmt in ("xlsx", "csv"):
            out = tmp_path / f"{source.name}.{fmt}"
            assert write_catalog(current[1], out, fmt) == []
            outcome, problems = await store.import_path(catalog_db.sf, out, author="lan")
            assert problems == [] and outcome is not None
            assert not outcome.changed  # same checksum: nothing new
            again = await store.current_catalog(catalog_db.sf)
            assert again is not None and again[1] == loaded.procedures


async def test_entries_are_stored_as_json(
    catalog_db: CatalogDb, sample_catalog: list[Procedure]
) -> None:
    version = (await store.import_catalog(catalog_db.sf, sample_catalog, author="lan")).version
    async with catalog_db.sf() as session:
        rows = (
            await session.execute(select(CatalogEntry).where(CatalogEntry.version_id == version.id))
        ).scalars()
        data = {row.code: row.data for row in rows}
    assert data["1.001193"]["title"]["vi"] == "Thủ tục đăng ký khai sinh"
    assert Procedure.model_validate(data["1.004222"]) in sample_catalog


async def test_active_catalog_falls_back_to_files(
    catalog_db: CatalogDb, sample_dir: Path, sample_catalog: list[Procedure]
) -> None:
    assert await store.active_catalog(catalog_db.sf, sample_dir) == (None, sample_catalog)
    edited = _edited(sample_catalog)
    version = (await store.import_catalog(catalog_db.sf, edited, author="lan")).version
    assert await store.active_catalog(catalog_db.sf, sample_dir) == (version.id, edited)
