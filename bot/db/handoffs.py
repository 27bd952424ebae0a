"""Queries for hand-offs and the lessons staff take from them (the caller owns the session).

`bot.handoff.service.HandoffService` owns the transactions; see `Handoff` and
`HandoffLesson` in bot/db/models.py for what is kept (no message text).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Handoff, HandoffLesson, QueryLog

OPEN = "open"
CLOSED = "closed"


async def open_of(session: AsyncSession, user_id: int) -> Handoff | None:
    return (
        await session.scalars(
            select(Handoff).where(Handoff.user_id == user_id, Handoff.state == OPEN)
        )
    ).first()


async def at_topic(session: AsyncSession, chat_id: int, thread_id: int) -> Handoff | None:
    """The hand-off of a support-group topic (open or closed; the newest if several)."""
    return (
        await session.scalars(
            select(Handoff)
            .where(Handoff.support_chat_id == chat_id, Handoff.thread_id == thread_id)
            .order_by(Handoff.id.desc())
        )
    ).first()


async def mark_first_reply(session: AsyncSession, handoff_id: int, now: datetime) -> None:
    await session.execute(
        update(Handoff)
        .where(Handoff.id == handoff_id, Handoff.first_reply_at.is_(None))
        .values(first_reply_at=now)
    )


async def close(session: AsyncSession, handoff_id: int, now: datetime, actor: str) -> bool:
    """Close an open hand-off; False when it was closed already (by someone else)."""
    result = await session.execute(
        update(Handoff)
        .where(Handoff.id == handoff_id, Handoff.state == OPEN)
        .values(state=CLOSED, closed_at=now, closed_by=actor)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def rate(session: AsyncSession, handoff_id: int, user_id: int, rating: int) -> bool:
    """Record the citizen's rating of a closed hand-off of theirs (once)."""
    result = await session.execute(
        update(Handoff)
        .where(
            Handoff.id == handoff_id,
            Handoff.user_id == user_id,
            Handoff.state == CLOSED,
            Handoff.rating.is_(None),
        )
        .values(rating=rating)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def waiting(session: AsyncSession) -> list[Handoff]:
    """Open hand-offs that no staff member has answered yet, oldest first."""
    return list(
        (
            await session.scalars(
                select(Handoff)
                .where(Handoff.state == OPEN, Handoff.first_reply_at.is_(None))
                .order_by(Handoff.opened_at)
            )
        ).all()
    )


async def question_of(session: AsyncSession, handoff: Handoff) -> str:
    if handoff.query_id is None:
        return ""
    return str(
        await session.scalar(select(QueryLog.query).where(QueryLog.id == handoff.query_id)) or ""
    )


async def lessons(
    session: AsyncSession, *, since: datetime, limit: int = 50
) -> list[HandoffLesson]:
    return list(
        (
            await session.scalars(
                select(HandoffLesson)
                .where(HandoffLesson.created_at >= since)
                .order_by(HandoffLesson.created_at.desc())
                .limit(limit)
            )
        ).all()
    )


async def count_for(session: AsyncSession, user_id: int) -> int:
    return int(
        await session.scalar(
            select(func.count()).select_from(Handoff).where(Handoff.user_id == user_id)
        )
        or 0
    )


async def forget(session: AsyncSession, user_id: int, user_hash: str) -> None:
    """Delete the user's hand-off records and the lessons taken from their questions."""
    await session.execute(delete(HandoffLesson).where(HandoffLesson.user_hash == user_hash))
    await session.execute(delete(Handoff).where(Handoff.user_id == user_id))
