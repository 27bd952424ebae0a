"""Repository for Telegram users: create on first contact, language preference, forget."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import User
from bot.texts import Lang, normalize_lang


async def get_or_create(
    sessions: async_sessionmaker[AsyncSession], user_id: int, language_code: str | None
) -> User:
    """Return the user row, creating it with the Telegram client's language the first time."""
    async with sessions() as session:
        user = await session.get(User, user_id)
        if user is not None:
            return user
        user = User(id=user_id, language=normalize_lang(language_code))
        session.add(user)
        try:
            await session.commit()
        except IntegrityError:  # another update of the same user created it first
            await session.rollback()
            existing = await session.get(User, user_id)
            assert existing is not None
            return existing
        return user


async def set_language(
    sessions: async_sessionmaker[AsyncSession], user_id: int, language: Lang
) -> None:
    async with sessions.begin() as session:
        user = await session.get(User, user_id)
        if user is None:
            session.add(User(id=user_id, language=language))
        else:
            user.language = language


async def get_language(sessions: async_sessionmaker[AsyncSession], user_id: int) -> Lang | None:
    async with sessions() as session:
        value = await session.scalar(select(User.language).where(User.id == user_id))
    return normalize_lang(value) if value else None


async def delete_user(sessions: async_sessionmaker[AsyncSession], user_id: int) -> bool:
    """Delete the user and, through cascades, their subscriptions and checklist ticks."""
    async with sessions.begin() as session:
        result = await session.execute(delete(User).where(User.id == user_id))
    return bool(result.rowcount)  # type: ignore[attr-defined]
