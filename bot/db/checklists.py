"""Repository for document checklist ticks (per user and procedure; survive restarts).

Every function takes a session; the caller (`bot.checklists.ChecklistService`) owns the
transaction.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ChecklistTick, User


async def ticks(session: AsyncSession, user_id: int, code: str) -> set[int]:
    """The indexes of the documents the user ticked for the procedure."""
    rows = await session.scalars(
        select(ChecklistTick.document_index).where(
            ChecklistTick.user_id == user_id, ChecklistTick.procedure_code == code
        )
    )
    return set(rows)


async def toggle(session: AsyncSession, user_id: int, code: str, index: int) -> None:
    """Tick the document if it was not ticked, untick it otherwise."""
    if await session.get(User, user_id) is None:
        session.add(User(id=user_id))
        await session.flush()
    existing = await session.get(ChecklistTick, (user_id, code, index))
    if existing is None:
        session.add(ChecklistTick(user_id=user_id, procedure_code=code, document_index=index))
        await session.flush()
    else:
        await session.execute(
            delete(ChecklistTick).where(
                ChecklistTick.user_id == user_id,
                ChecklistTick.procedure_code == code,
                ChecklistTick.document_index == index,
            )
        )
