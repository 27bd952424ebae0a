"""Repository for `user_places`: the commune a user lives in and a pending /noio question.

Every function takes a session; the caller (bot/places/service.py, bot/db/personal_data.py)
owns the transaction. Writes are upserts, so two instances answering the same user at once
do not collide.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import User, UserPlace, utcnow


def _insert(session: AsyncSession) -> Any:
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


async def _upsert(session: AsyncSession, user_id: int, values: dict[str, Any]) -> None:
    insert = _insert(session)
    # The user row normally exists already (created on first contact); /forget may have
    # removed it a moment ago.
    await session.execute(insert(User).values(id=user_id).on_conflict_do_nothing())
    values = {**values, "updated_at": utcnow()}
    statement = insert(UserPlace).values(user_id=user_id, **values)
    await session.execute(statement.on_conflict_do_update(index_elements=["user_id"], set_=values))


async def commune_code(session: AsyncSession, user_id: int) -> str | None:
    return await session.scalar(select(UserPlace.commune_code).where(UserPlace.user_id == user_id))


async def set_commune(session: AsyncSession, user_id: int, code: str) -> None:
    """Remember the commune; a pending question is answered by it."""
    await _upsert(session, user_id, {"commune_code": code, "ask_until": None})


async def set_asking(session: AsyncSession, user_id: int, until: datetime) -> None:
    """Wait for the user to type the commune's name until `until`."""
    await _upsert(session, user_id, {"ask_until": until})


async def asking_until(session: AsyncSession, user_id: int) -> datetime | None:
    return await session.scalar(select(UserPlace.ask_until).where(UserPlace.user_id == user_id))


async def take_asking(session: AsyncSession, user_id: int, now: datetime) -> bool:
    """End a pending question; True when one was waiting and had not expired."""
    result = await session.execute(
        update(UserPlace)
        .where(UserPlace.user_id == user_id, UserPlace.ask_until > now)
        .values(ask_until=None)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def delete_user_place(session: AsyncSession, user_id: int) -> None:
    await session.execute(delete(UserPlace).where(UserPlace.user_id == user_id))
