"""Repository for Telegram users: create on first contact, language preference, forget."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import User
from bot.texts import Lang, normalize_lang

#: A first contact: the Telegram user id and the client's language code.
Contact = tuple[int, str | None]


async def ensure_users(session: AsyncSession, contacts: list[Contact]) -> list[Lang]:
    """Batch form of `get_or_create` for `GroupCommit`: one SELECT for all ids, one INSERT …
    ON CONFLICT DO NOTHING for the new ones; returns each contact's language, in order."""
    ids = sorted({user_id for user_id, _ in contacts})
    rows = await session.execute(select(User.id, User.language).where(User.id.in_(ids)))
    known: dict[int, Lang] = {user_id: normalize_lang(lang) for user_id, lang in rows.all()}
    new: dict[int, Lang] = {}
    for user_id, code in contacts:
        if user_id not in known and user_id not in new:
            new[user_id] = normalize_lang(code)
    if new:
        insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        await session.execute(
            insert(User).on_conflict_do_nothing(index_elements=["id"]),
            [{"id": user_id, "language": lang} for user_id, lang in new.items()],
        )
    return [known.get(user_id) or new[user_id] for user_id, _ in contacts]


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
