"""Catalog versions in the database: import, current catalog, history, rollback.

Every import or rollback runs in one transaction: the new `catalog_versions` row, all its
`catalog_entries` (bulk-inserted in chunks), the switch of `is_current` and a `staff_audit`
row commit together or not at all. Versions are immutable, so readers that looked up the
current version id can read its entries at any time. Writers serialise on a PostgreSQL
advisory lock (on SQLite, on the database write lock taken by the first statement), so two
concurrent imports can never leave two current versions.

The bot reads `active_catalog(sf)` (the current version, or the bundled catalog before the
first import) at start-up and polls the cheap `current_version_id(sf)` to know when to
rebuild its search index.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Text, bindparam, cast, func, insert, literal, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import CatalogEntry, CatalogVersion, StaffAudit
from procedures_catalog.loader import BUNDLED_DIR, gc_paused, load_catalog, read_catalog
from procedures_catalog.problems import Problem
from procedures_catalog.schema import Procedure
from procedures_catalog.versions import VersionInfo

SessionFactory = async_sessionmaker[AsyncSession]
_CHUNK = 2000
_LOCK_ID = 724_031_956  # advisory lock of catalog writers (migrations use ...955)


class UnknownVersionError(LookupError):
    """The requested catalog version does not exist."""


class CatalogChangedError(RuntimeError):
    """Another writer made a new version current since the caller read `expected_current`."""


def version_info(row: CatalogVersion) -> VersionInfo:
    """The row detached from the session."""
    return VersionInfo(
        id=row.id,
        author=row.author,
        note=row.note,
        checksum=row.checksum,
        procedure_count=row.procedure_count,
        source=row.source,
        restored_from=row.restored_from,
        is_current=row.is_current,
        # SQLite hands back naive datetimes; they are UTC like everywhere else
        created_at=row.created_at.replace(tzinfo=row.created_at.tzinfo or UTC),
    )


@dataclass(frozen=True)
class ImportResult:
    """The version that is current after an import or rollback; `changed` is False when
    the catalog was identical to the current one and nothing new was written."""

    version: VersionInfo
    changed: bool


def catalog_payload(procedures: Sequence[Procedure]) -> list[tuple[str, str]]:
    """The canonical form of a catalog: (code, JSON text) per procedure, sorted by code.
    The JSON is pydantic's, keys in the schema's field order; it is stored as is."""
    ordered = sorted(procedures, key=lambda p: p.code)
    codes = [p.code for p in ordered]
    if len(set(codes)) != len(codes):
        raise ValueError("the catalog has duplicate codes; validate it first")
    return [(p.code, p.model_dump_json()) for p in ordered]


def checksum_of(payload: Sequence[tuple[str, str]]) -> str:
    """sha256 over the canonical JSON array of the catalog."""
    canonical = "[" + ",".join(data for _, data in payload) + "]"
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def catalog_checksum(procedures: Sequence[Procedure]) -> str:
    """The checksum of a catalog (independent of input order)."""
    return checksum_of(catalog_payload(procedures))


def _entry_insert(session: AsyncSession) -> Any:
    """INSERT of entries whose JSON arrives as text (no second serialisation)."""
    data: Any = bindparam("data", type_=Text)
    if session.get_bind().dialect.name == "postgresql":
        data = cast(data, JSON)
    return insert(CatalogEntry).values(
        version_id=bindparam("version_id"), code=bindparam("code"), data=data
    )


async def _lock(session: AsyncSession) -> None:
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _LOCK_ID})
    else:  # a write statement first takes SQLite's write lock for the whole transaction
        await session.execute(
            update(CatalogVersion).where(CatalogVersion.id == -1).values(is_current=False)
        )


async def _current_row(session: AsyncSession) -> CatalogVersion | None:
    query = (
        select(CatalogVersion)
        .where(CatalogVersion.is_current.is_(True))
        .order_by(CatalogVersion.id.desc())
        .limit(1)
    )
    return (await session.execute(query)).scalar_one_or_none()


async def _make_current(session: AsyncSession, version: CatalogVersion) -> None:
    await session.execute(
        update(CatalogVersion)
        .where(CatalogVersion.is_current.is_(True), CatalogVersion.id != version.id)
        .values(is_current=False)
    )
    version.is_current = True
    await session.flush()


def _audit(
    session: AsyncSession, actor: str, action: str, detail: dict[str, Any], origin: str
) -> None:
    """`origin` is where the change was made ("cli", "web" or "telegram"): the audit
    row's `source` (`detail["source"]` is where the catalog came from, e.g. a file)."""
    session.add(StaffAudit(actor=actor, action=action, detail=detail, source=origin))


async def import_catalog(
    sf: SessionFactory,
    procedures: Sequence[Procedure],
    *,
    author: str,
    note: str = "",
    source: str = "",
    origin: str = "cli",
    expected_current: int | bool | None = False,
) -> ImportResult:
    """Store `procedures` as a new current version, unless identical to the current one.

    With `expected_current` (a version id, or None for an empty database) the import is
    refused with `CatalogChangedError` when another version has become current since."""
    payload = catalog_payload(procedures)
    checksum = checksum_of(payload)
    async with sf() as session, session.begin():
        await _lock(session)
        current = await _current_row(session)
        if expected_current is not False and (current.id if current else None) != expected_current:
            raise CatalogChangedError("the current catalog version changed meanwhile")
        if current is not None and current.checksum == checksum:
            _audit(
                session,
                author,
                "catalog.import",
                {"result": "unchanged", "version": current.id, "source": source, "note": note},
                origin,
            )
            return ImportResult(version_info(current), changed=False)
        version = CatalogVersion(
            author=author,
            note=note,
            checksum=checksum,
            procedure_count=len(payload),
            source=source[:300],
            is_current=False,
        )
        session.add(version)
        await session.flush()
        statement = _entry_insert(session)
        for start in range(0, len(payload), _CHUNK):
            rows = [
                {"version_id": version.id, "code": code, "data": data}
                for code, data in payload[start : start + _CHUNK]
            ]
            await session.execute(statement, rows)
        await _make_current(session, version)
        _audit(
            session,
            author,
            "catalog.import",
            {
                "result": "created",
                "version": version.id,
                "previous": current.id if current else None,
                "procedures": len(payload),
                "checksum": checksum,
                "source": source,
                "note": note,
            },
            origin,
        )
        return ImportResult(version_info(version), changed=True)


async def import_path(
    sf: SessionFactory, path: Path, *, author: str, note: str = ""
) -> tuple[ImportResult | None, list[Problem]]:
    """Validate the catalog file or directory at `path` and import it when it has no
    problem; with any problem nothing is written and the problems are returned."""
    result = await asyncio.to_thread(read_catalog, Path(path))
    if result.problems:
        return None, result.problems
    outcome = await import_catalog(
        sf, result.procedures, author=author, note=note, source=str(path)
    )
    return outcome, []


async def rollback(
    sf: SessionFactory, version_id: int, *, author: str, note: str = "", origin: str = "cli"
) -> ImportResult:
    """Make an earlier version's catalog current again, as a new version `restored_from` it."""
    async with sf() as session, session.begin():
        await _lock(session)
        target = await session.get(CatalogVersion, version_id)
        if target is None:
            raise UnknownVersionError(f"there is no catalog version {version_id}")
        current = await _current_row(session)
        if current is not None and current.checksum == target.checksum:
            _audit(
                session,
                author,
                "catalog.rollback",
                {"result": "unchanged", "version": current.id, "target": version_id},
                origin,
            )
            return ImportResult(version_info(current), changed=False)
        version = CatalogVersion(
            author=author,
            note=note or f"rollback to version {version_id}",
            checksum=target.checksum,
            procedure_count=target.procedure_count,
            source=target.source,
            restored_from=target.id,
            is_current=False,
        )
        session.add(version)
        await session.flush()
        copy = select(literal(version.id), CatalogEntry.code, CatalogEntry.data).where(
            CatalogEntry.version_id == target.id
        )
        await session.execute(
            insert(CatalogEntry).from_select(["version_id", "code", "data"], copy)
        )
        await _make_current(session, version)
        _audit(
            session,
            author,
            "catalog.rollback",
            {
                "result": "created",
                "version": version.id,
                "restored_from": target.id,
                "previous": current.id if current else None,
                "note": version.note,
            },
            origin,
        )
        return ImportResult(version_info(version), changed=True)


async def current_version_id(sf: SessionFactory) -> int | None:
    """The id of the current catalog version (one indexed lookup), None before any import."""
    async with sf() as session:
        query = (
            select(CatalogVersion.id)
            .where(CatalogVersion.is_current.is_(True))
            .order_by(CatalogVersion.id.desc())
            .limit(1)
        )
        return (await session.execute(query)).scalar_one_or_none()


async def _entries(session: AsyncSession, version_id: int) -> list[Procedure]:
    query = (
        select(cast(CatalogEntry.data, Text))
        .where(CatalogEntry.version_id == version_id)
        .order_by(CatalogEntry.code)
    )
    rows = (await session.execute(query)).scalars().all()
    with gc_paused():
        return [Procedure.model_validate_json(data) for data in rows]


async def current_catalog(
    sf: SessionFactory,
    parsed: Callable[[str], Sequence[Procedure] | None] | None = None,
) -> tuple[VersionInfo, list[Procedure]] | None:
    """The current version and its procedures (sorted by code); None before any import.
    `parsed` may give the procedures of a content checksum already read in this process
    (a version's content never changes), which saves parsing every entry again."""
    async with sf() as session:
        row = await _current_row(session)
        if row is None:
            return None
        known = parsed(row.checksum) if parsed is not None and row.checksum else None
        if known is not None:
            return version_info(row), list(known)
        return version_info(row), await _entries(session, row.id)


async def active_catalog(
    sf: SessionFactory, fallback_dir: Path | None = None
) -> tuple[int | None, list[Procedure]]:
    """What the bot should serve: the current database version (its id and procedures), or,
    before the first import, the catalog in `fallback_dir` (default: the bundled one) with
    id None. Raises `CatalogError` when that fallback has problems."""
    current = await current_catalog(sf)
    if current is not None:
        return current[0].id, current[1]
    return None, await asyncio.to_thread(load_catalog, fallback_dir or BUNDLED_DIR)


async def version_catalog(sf: SessionFactory, version_id: int) -> list[Procedure]:
    """The procedures of any stored version."""
    async with sf() as session:
        if await session.get(CatalogVersion, version_id) is None:
            raise UnknownVersionError(f"there is no catalog version {version_id}")
        return await _entries(session, version_id)


async def entry_texts(sf: SessionFactory, version_id: int) -> dict[str, str]:
    """Code → stored JSON text of a version's procedures, unparsed (cheap to compare: equal
    procedures have equal canonical text)."""
    async with sf() as session:
        if await session.get(CatalogVersion, version_id) is None:
            raise UnknownVersionError(f"there is no catalog version {version_id}")
        query = select(CatalogEntry.code, cast(CatalogEntry.data, Text)).where(
            CatalogEntry.version_id == version_id
        )
        return {code: data for code, data in (await session.execute(query)).all()}


async def history(sf: SessionFactory, limit: int | None = None) -> list[VersionInfo]:
    """All versions, newest first."""
    async with sf() as session:
        query = select(CatalogVersion).order_by(CatalogVersion.id.desc()).limit(limit)
        return [version_info(row) for row in (await session.execute(query)).scalars()]


async def version_count(sf: SessionFactory) -> int:
    async with sf() as session:
        return int((await session.execute(select(func.count(CatalogVersion.id)))).scalar_one())
