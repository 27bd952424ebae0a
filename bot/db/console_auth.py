"""Repository for the console's one-time sign-in links and sessions (hashes only).

Every function takes a session; `bot.console_auth.ConsoleAuth` owns the transaction.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ConsoleLink, ConsoleSession


def add_link(
    session: AsyncSession, token_hash: str, user_id: int, now: datetime, until: datetime
) -> None:
    session.add(
        ConsoleLink(token_hash=token_hash, user_id=user_id, created_at=now, expires_at=until)
    )


async def use_link(session: AsyncSession, token_hash: str, now: datetime) -> int | None:
    """Mark the link used if it is unused and unexpired, in one conditional UPDATE (two
    concurrent requests cannot both succeed); the user id, or None when refused."""
    result = await session.execute(
        update(ConsoleLink)
        .where(
            ConsoleLink.token_hash == token_hash,
            ConsoleLink.used_at.is_(None),
            ConsoleLink.expires_at > now,
        )
        .values(used_at=now)
        .returning(ConsoleLink.user_id)
    )
    return result.scalar_one_or_none()


async def link(session: AsyncSession, token_hash: str) -> ConsoleLink | None:
    rows = await session.execute(select(ConsoleLink).where(ConsoleLink.token_hash == token_hash))
    return rows.scalar_one_or_none()


def add_session(
    session: AsyncSession,
    session_hash: str,
    user_id: int,
    lang: str,
    now: datetime,
    until: datetime,
) -> None:
    session.add(
        ConsoleSession(
            session_hash=session_hash, user_id=user_id, lang=lang, created_at=now, expires_at=until
        )
    )


async def live_session(
    session: AsyncSession, session_hash: str, now: datetime
) -> ConsoleSession | None:
    rows = await session.execute(
        select(ConsoleSession).where(
            ConsoleSession.session_hash == session_hash, ConsoleSession.expires_at > now
        )
    )
    return rows.scalar_one_or_none()


async def set_lang(session: AsyncSession, session_hash: str, lang: str) -> None:
    await session.execute(
        update(ConsoleSession).where(ConsoleSession.session_hash == session_hash).values(lang=lang)
    )


async def end_session(session: AsyncSession, session_hash: str) -> int | None:
    """Delete the session; the user id it belonged to (None if there was none)."""
    result = await session.execute(
        delete(ConsoleSession)
        .where(ConsoleSession.session_hash == session_hash)
        .returning(ConsoleSession.user_id)
    )
    return result.scalar_one_or_none()


async def purge(session: AsyncSession, before: datetime) -> None:
    """Forget links and sessions that expired before `before`."""
    await session.execute(delete(ConsoleLink).where(ConsoleLink.expires_at < before))
    await session.execute(delete(ConsoleSession).where(ConsoleSession.expires_at < before))
