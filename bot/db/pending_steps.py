"""Repository for `pending_steps`: what the bot waits for from a user, until when.

Every function takes a session; the caller (bot/pending.py) owns the transaction. Setting a
step is an upsert, so two instances answering the same user at once do not collide; taking
one is a single conditional ``DELETE … RETURNING``, so only one instance consumes it, and it
gets the payload of exactly the row it deleted.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import Row, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import PendingStep, User, utcnow

#: A step as read: its kind, its payload (JSON) and its encrypted secret.
StepRow = Row[tuple[str, dict[str, Any] | None, bytes | None]]


def _insert(session: AsyncSession) -> Any:
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


async def set_step(
    session: AsyncSession,
    user_id: int,
    kind: str,
    until: datetime,
    *,
    payload: dict[str, Any] | None = None,
    secret: bytes | None = None,
) -> None:
    """Wait for `kind` from the user until `until` (replaces any other pending step).

    `secret` must already be encrypted (``Privacy.encrypt``); `payload` is stored as JSON.
    """
    insert = _insert(session)
    # The user row normally exists already (created on first contact); /forget may have
    # removed it a moment ago.
    await session.execute(insert(User).values(id=user_id).on_conflict_do_nothing())
    values = {
        "kind": kind,
        "until": until,
        "updated_at": utcnow(),
        "payload": payload,
        "secret": secret,
    }
    statement = insert(PendingStep).values(user_id=user_id, **values)
    await session.execute(statement.on_conflict_do_update(index_elements=["user_id"], set_=values))


async def current_step(session: AsyncSession, user_id: int, now: datetime) -> StepRow | None:
    """The user's step that has not expired: kind, payload, secret."""
    result = await session.execute(
        select(PendingStep.kind, PendingStep.payload, PendingStep.secret).where(
            PendingStep.user_id == user_id, PendingStep.until > now
        )
    )
    return result.first()


async def waiting_for(session: AsyncSession, user_id: int, now: datetime) -> str | None:
    """The kind of step the user's next message is awaited for, if one has not expired."""
    return await session.scalar(
        select(PendingStep.kind).where(PendingStep.user_id == user_id, PendingStep.until > now)
    )


async def take_step(
    session: AsyncSession, user_id: int, kinds: Collection[str], now: datetime
) -> StepRow | None:
    """End the user's pending step if it is of one of `kinds` and has not expired; return
    it (kind, payload, secret), or None when no such step was waiting."""
    result = await session.execute(
        delete(PendingStep)
        .where(
            PendingStep.user_id == user_id,
            PendingStep.kind.in_(list(kinds)),
            PendingStep.until > now,
        )
        .returning(PendingStep.kind, PendingStep.payload, PendingStep.secret)
    )
    return result.first()


async def clear(session: AsyncSession, user_id: int) -> None:
    await session.execute(delete(PendingStep).where(PendingStep.user_id == user_id))
