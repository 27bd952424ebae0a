"""The user's language, read from the database on every update (no per-process cache).

`/lang` on one instance must hold on every other instance behind the same database, so the
language is never cached in PTB's ``user_data``. Reading it costs nothing extra: the first
handler of every update already makes sure the user row exists (``ensure_users``, batched
across concurrent updates by :class:`~bot.db.group_commit.GroupCommit`), and that write
returns the stored language. The Telegram adapter keeps the answer for the rest of the
update only (handlers/common.py).

While the database is down the client's language is used instead and the update goes on:
a question can be answered from the catalog in memory, and the language must not be what
stops it (the failed write is logged once per outage by the ``GroupCommit``).
"""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db import users
from bot.db.group_commit import GroupCommit
from bot.db.users import Contact
from bot.outage import DATABASE_ERRORS
from bot.texts import Lang, normalize_lang

log = logging.getLogger(__name__)


class Languages:
    """Each user's language: created from the client's language on first contact."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], contacts: GroupCommit[Contact, Lang]
    ) -> None:
        self._sessions = sessions
        self._contacts = contacts

    async def of(self, user_id: int, client_language: str | None) -> Lang:
        """The user's stored language; a new user gets `client_language` (vi by default),
        and so does everyone while the database is down."""
        try:
            return await self._contacts.submit((user_id, client_language))
        except DATABASE_ERRORS:
            log.debug("no stored language; using the client's")
            return normalize_lang(client_language)

    async def set(self, user_id: int, language: Lang) -> None:
        """Remember the user's choice (/lang), for every instance."""
        await users.set_language(self._sessions, user_id, language)
