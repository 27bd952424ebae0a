"""The outbox: notifications written with the change that caused them, sent by the sender.

State machine of a row (``outbox.state``)::

    pending ──claim──▶ sending ──Telegram accepted──▶ sent
       ▲                 │ ├─ 429 / network error / 5xx ──▶ pending (next_attempt_at later)
       │                 │ ├─ 403 (user blocked the bot), 400, too many attempts ──▶ dead
       │                 │ └─ subscription or user gone ──▶ cancelled
       └──lease expired──┘   (the sender died: another instance takes the row over)

Every transition out of ``sending`` is fenced on ``lease_owner``: only the instance holding
the lease can record the outcome. ``attempts`` counts claims (a take-over is an attempt; a
429 is given back). Rows of one user are sent in order: a row is not claimed while an older
row of the same user is waiting for a retry or is being sent.

Dead rows stay for staff (``run_bot.py tracking dead-letters``) and can be put back
(``tracking requeue``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import aliased

from bot.db.models import OutboxMessage
from bot.tracking import leases
from bot.tracking.detect import Notice


class OutboxState(StrEnum):
    """``outbox.state`` (the stored strings are the values)."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    DEAD = "dead"
    CANCELLED = "cancelled"


async def add_notices(
    session: AsyncSession,
    rows: Sequence[tuple[int, int, Notice]],
    now: datetime,
) -> None:
    """Insert ``(subscription_id, user_id, notice)`` rows; an existing dedup key is skipped
    (``ON CONFLICT DO NOTHING``), so recording the same event twice notifies once."""
    if not rows:
        return
    values = [
        {
            "dedup_key": notice.dedup_key,
            "subscription_id": subscription_id,
            "user_id": user_id,
            "kind": notice.kind.value,
            "payload": notice.payload.to_json(),
            "state": OutboxState.PENDING,
            "attempts": 0,
            "next_attempt_at": now,
            "last_error": "",
            "created_at": now,
        }
        for subscription_id, user_id, notice in rows
    ]
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(OutboxMessage).on_conflict_do_nothing(index_elements=["dedup_key"])
    await session.execute(statement, values)


def _blocked_by_older(now: datetime) -> Any:
    """An older row of the same user is waiting (retry later) or being sent right now."""
    older = aliased(OutboxMessage)
    return exists().where(
        older.user_id == OutboxMessage.user_id,
        older.id < OutboxMessage.id,
        or_(
            and_(older.state == OutboxState.PENDING, older.next_attempt_at > now),
            and_(older.state == OutboxState.SENDING, older.lease_until >= now),
        ),
    )


async def claim(
    session: AsyncSession, *, owner: str, now: datetime, until: datetime, limit: int
) -> list[OutboxMessage]:
    """Lease due rows (pending and due, or sending with an expired lease) in id order."""
    due = and_(
        or_(
            and_(OutboxMessage.state == OutboxState.PENDING, OutboxMessage.next_attempt_at <= now),
            OutboxMessage.state == OutboxState.SENDING,
        ),
        ~_blocked_by_older(now),
    )
    return await leases.claim(
        session,
        OutboxMessage,
        due=due,
        order_by=[OutboxMessage.id],
        limit=limit,
        owner=owner,
        until=until,
        now=now,
        values={"state": OutboxState.SENDING, "attempts": OutboxMessage.attempts + 1},
    )


async def _finish(session: AsyncSession, row_id: int, owner: str, **values: Any) -> bool:
    result = await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == row_id,
            OutboxMessage.lease_owner == owner,
            OutboxMessage.state == OutboxState.SENDING,
        )
        .values(lease_owner=None, lease_until=None, **values)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


async def mark_sent(
    session: AsyncSession, row_id: int, owner: str, now: datetime, message_id: int | None
) -> bool:
    return await _finish(
        session,
        row_id,
        owner,
        state=OutboxState.SENT,
        sent_at=now,
        message_id=message_id,
        last_error="",
    )


async def retry_later(
    session: AsyncSession,
    row_id: int,
    owner: str,
    at: datetime,
    error: str,
    *,
    counts: bool = True,
) -> bool:
    """Back to pending until ``at``; ``counts=False`` gives the attempt back (a 429)."""
    extra: dict[str, Any] = {} if counts else {"attempts": OutboxMessage.attempts - 1}
    return await _finish(
        session,
        row_id,
        owner,
        state=OutboxState.PENDING,
        next_attempt_at=at,
        last_error=error[:500],
        **extra,
    )


async def mark_dead(session: AsyncSession, row_id: int, owner: str, error: str) -> bool:
    return await _finish(session, row_id, owner, state=OutboxState.DEAD, last_error=error[:500])


async def cancel(session: AsyncSession, row_id: int, owner: str, reason: str) -> bool:
    return await _finish(
        session, row_id, owner, state=OutboxState.CANCELLED, last_error=reason[:500]
    )


async def give_back(session: AsyncSession, ids: Sequence[int], owner: str) -> int:
    """Unsent rows back to pending, attempt not counted (graceful stop, lease too short)."""
    return await leases.release(
        session,
        OutboxMessage,
        ids,
        owner=owner,
        values={"state": OutboxState.PENDING, "attempts": OutboxMessage.attempts - 1},
    )


async def kill_pending_of_user(session: AsyncSession, user_id: int, reason: str) -> int:
    """Every waiting row of a user who blocked the bot becomes dead (no point trying)."""
    result = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.user_id == user_id, OutboxMessage.state == OutboxState.PENDING)
        .values(state=OutboxState.DEAD, last_error=reason[:500])
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


@dataclass(frozen=True)
class DeadLetter:
    id: int
    user_id: int
    kind: str
    code: str
    attempts: int
    last_error: str
    created_at: datetime


async def dead_letters(
    sessions: async_sessionmaker[AsyncSession], limit: int = 50
) -> list[DeadLetter]:
    """The newest undeliverable notifications, for staff."""
    async with sessions() as session:
        rows = await session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.state == OutboxState.DEAD)
            .order_by(OutboxMessage.id.desc())
            .limit(limit)
        )
        return [
            DeadLetter(
                id=row.id,
                user_id=row.user_id,
                kind=row.kind,
                code=str(row.payload.get("code", "")),
                attempts=row.attempts,
                last_error=row.last_error,
                created_at=row.created_at,
            )
            for row in rows
        ]


async def requeue(
    sessions: async_sessionmaker[AsyncSession], ids: Sequence[int], now: datetime
) -> int:
    """Dead rows back to pending (staff fixed the cause); returns how many."""
    async with sessions.begin() as session:
        result = await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(list(ids)), OutboxMessage.state == OutboxState.DEAD)
            .values(state=OutboxState.PENDING, attempts=0, next_attempt_at=now, last_error="")
            .execution_options(synchronize_session=False)
        )
    return int(getattr(result, "rowcount", 0) or 0)


async def counts(sessions: async_sessionmaker[AsyncSession]) -> dict[OutboxState, int]:
    """How many rows are in each state."""
    async with sessions() as session:
        rows = await session.execute(
            select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)
        )
        found = {state: int(n) for state, n in rows.all()}
    return {state: found.get(state, 0) for state in OutboxState}
