"""Repository for document checklist ticks (per user and procedure; survive restarts)."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import ChecklistTick, User


async def ticks(sessions: async_sessionmaker[AsyncSession], user_id: int, code: str) -> set[int]:
    async with sessions() as session:
        rows = await session.scalars(
            select(ChecklistTick.document_index).where(
                ChecklistTick.user_id == user_id, ChecklistTick.procedure_code == code
            )
        )
        return set(rows)


async def toggle(
    sessions: async_sessionmaker[AsyncSession], user_id: int, code: str, index: int
) -> set[int]:
    """Tick the document if it was not ticked, untick it otherwise; return the new ticks."""
    async with sessions.begin() as session:
        if await session.get(User, user_id) is None:
            session.add(User(id=user_id))
            await session.flush()
        existing = await session.get(ChecklistTick, (user_id, code, index))
        if existing is None:
            session.add(ChecklistTick(user_id=user_id, procedure_code=code, document_index=index))
        else:
            await session.execute(
                delete(ChecklistTick).where(
                    ChecklistTick.user_id == user_id,
                    ChecklistTick.procedure_code == code,
                    ChecklistTick.document_index == index,
                )
            )
    return await ticks(sessions, user_id, code)
