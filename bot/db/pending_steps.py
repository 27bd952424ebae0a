"""Repository for `pending_steps`: what the bot waits for from a user, until when.

Every function takes a session; the caller (bot/pending.py) owns the transaction. Setting a
step is an upsert, so two instances answering the same user at once do not collide; taking
one is a single conditional DELETE, so only one instance consumes it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import PendingStep, User, utcnow


def _insert(session: AsyncSession) -> Any:
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


async def set_step(session: AsyncSession, user_id: int, kind: str, until: datetime) -> None:
    """Wait for `kind` from the user until `until` (replaces any other pending step)."""
    insert = _insert(session)
    # The user row normally exists already (created on first contact); /forget may have
    # removed it a moment ago.
    await session.execute(insert(User).values(id=user_id).on_conflict_do_nothing())
    values = {"kind": kind, "until": until, "updated_at": utcnow()}
    statement = insert(PendingStep).values(user_id=user_id, **values)
    await session.execute(statement.on_conflict_do_update(index_elements=["user_id"], set_=values))


async def waiting_for(session: AsyncSession, user_id: int, now: datetime) -> str | None:
    """The kind of step the user's next message is awaited for, if one has not expired."""
    return await session.scalar(
        select(PendingStep.kind).where(PendingStep.user_id == user_id, PendingStep.until > now)
    )


async def take_step(session: AsyncSession, user_id: int, kind: str, now: datetime) -> bool:
    """End a pending step of `kind`; True when one was waiting and had not expired."""
    result = await session.execute(
        delete(PendingStep).where(
            PendingStep.user_id == user_id, PendingStep.kind == kind, PendingStep.until > now
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def clear(session: AsyncSession, user_id: int) -> None:
    await session.execute(delete(PendingStep).where(PendingStep.user_id == user_id))
