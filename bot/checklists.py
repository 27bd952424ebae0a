"""Document checklists: which documents of a procedure a user has ticked as ready.

`ChecklistService` is built once in `bot.services.build_services`; each method owns its
transaction and calls the repository (`bot.db.checklists`), which takes the session.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db import checklists


class ChecklistService:
    """Ticks per user and procedure, kept in the database so they survive restarts."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def ticks(self, user_id: int, code: str) -> set[int]:
        """The indexes of the documents the user ticked for the procedure `code`."""
        async with self._sessions() as session:
            return await checklists.ticks(session, user_id, code)

    async def toggle(self, user_id: int, code: str, index: int) -> set[int]:
        """Tick document `index` if it was not ticked, untick it otherwise; the new ticks."""
        async with self._sessions.begin() as session:
            await checklists.toggle(session, user_id, code, index)
            return await checklists.ticks(session, user_id, code)
