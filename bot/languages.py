"""The user's language, read from the database on every update (no per-process cache).

`/lang` on one instance must hold on every other instance behind the same database, so the
language is never cached in PTB's ``user_data``. Reading it costs nothing extra: the first
handler of every update already makes sure the user row exists (``ensure_users``, batched
across concurrent updates by :class:`~bot.db.group_commit.GroupCommit`), and that write
returns the stored language. The Telegram adapter keeps the answer for the rest of the
update only (handlers/common.py).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db import users
from bot.db.group_commit import GroupCommit
from bot.db.users import Contact
from bot.texts import Lang


class Languages:
    """Each user's language: created from the client's language on first contact."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], contacts: GroupCommit[Contact, Lang]
    ) -> None:
        self._sessions = sessions
        self._contacts = contacts

    async def of(self, user_id: int, client_language: str | None) -> Lang:
        """The user's stored language; a new user gets `client_language` (vi by default)."""
        return await self._contacts.submit((user_id, client_language))

    async def set(self, user_id: int, language: Lang) -> None:
        """Remember the user's choice (/lang), for every instance."""
        await users.set_language(self._sessions, user_id, language)
