"""Claiming rows with a lease, the way every poller and sender instance shares the work.

A claim is one statement::

    UPDATE <table> SET lease_owner = :me, lease_until = :until, …
    WHERE id IN (SELECT id FROM <table> WHERE <due> AND (lease_until IS NULL OR
                 lease_until < :now) ORDER BY … LIMIT :n FOR UPDATE SKIP LOCKED)
    RETURNING *

On PostgreSQL ``FOR UPDATE SKIP LOCKED`` lets concurrent instances claim disjoint rows without
waiting for each other. SQLite has no row locks (the clause is left out) but runs every write
statement under its database-wide write lock, so the same statement is atomic there too;
SQLite is meant for a single instance, though two processes on one file stay correct.

A lease is only a promise for a while: its holder must finish (or give the row back) before
``lease_until``, and every write of the outcome is *fenced* on ``lease_owner = :me``, so an
instance that stalled past its lease cannot overwrite the work of the one that took over.
An instance that dies simply lets its leases expire; the rows are then claimable again.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import OutboxMessage, Subscription

Leased = TypeVar("Leased", Subscription, OutboxMessage)


def new_owner_id(role: str) -> str:
    """A lease owner name unique to this process and role (host, pid, random suffix)."""
    host = socket.gethostname()[:24]
    return f"{role}:{host}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def lease_free(model: type[Leased], now: datetime) -> ColumnElement[bool]:
    """Nobody holds the row, or its lease has expired."""
    return or_(model.lease_until.is_(None), model.lease_until < now)


async def claim(
    session: AsyncSession,
    model: type[Leased],
    *,
    due: ColumnElement[bool],
    order_by: Sequence[Any],
    limit: int,
    owner: str,
    until: datetime,
    now: datetime,
    values: dict[str, Any] | None = None,
) -> list[Leased]:
    """Lease up to ``limit`` due rows to ``owner`` until ``until``; return them in order."""
    if limit <= 0:
        return []
    candidates = (
        select(model.id)
        .where(due, lease_free(model, now))
        .order_by(*order_by)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    statement = (
        update(model)
        .where(model.id.in_(candidates.scalar_subquery()))
        .values(lease_owner=owner, lease_until=until, **(values or {}))
        .returning(model)
        .execution_options(synchronize_session=False)
    )
    rows = list((await session.scalars(statement)).all())
    rows.sort(key=lambda row: row.id)
    return rows


async def keep(
    session: AsyncSession,
    model: type[Leased],
    ids: Sequence[int],
    *,
    owner: str,
    until: datetime,
) -> set[int]:
    """Fence: of ``ids``, the rows ``owner`` still holds (their lease is extended to
    ``until`` and, on PostgreSQL, locked until the transaction ends)."""
    if not ids:
        return set()
    statement = (
        update(model)
        .where(model.id.in_(list(ids)), model.lease_owner == owner)
        .values(lease_until=until)
        .returning(model.id)
        .execution_options(synchronize_session=False)
    )
    return set((await session.scalars(statement)).all())


async def release(
    session: AsyncSession,
    model: type[Leased],
    ids: Sequence[int],
    *,
    owner: str,
    values: dict[str, Any] | None = None,
) -> int:
    """Give rows back without an outcome (graceful stop); only those ``owner`` holds."""
    if not ids:
        return 0
    result = await session.execute(
        update(model)
        .where(model.id.in_(list(ids)), model.lease_owner == owner)
        .values(lease_owner=None, lease_until=None, **(values or {}))
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)
