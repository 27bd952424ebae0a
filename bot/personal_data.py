"""/mydata and /forget: what the bot keeps about one user, and deleting all of it.

`PersonalDataService` is built once in `bot.services.build_services`; it owns the
transactions (one per call, so /forget deletes everything or nothing) and hashes the user
id for the tables that keep only the hash. The queries are in `bot.db.personal_data`.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db import personal_data
from bot.db.personal_data import PersonalData
from bot.db.privacy import Privacy

__all__ = ["PersonalData", "PersonalDataService"]


class PersonalDataService:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], privacy: Privacy) -> None:
        self._sessions = sessions
        self._privacy = privacy

    async def summary(self, user_id: int) -> PersonalData | None:
        """What is kept about the user (counts, language, commune); None if nothing."""
        async with self._sessions() as session:
            return await personal_data.summary(session, user_id, self._privacy.user_hash(user_id))

    async def forget(self, user_id: int) -> None:
        """Delete everything kept about the user, in one transaction."""
        async with self._sessions.begin() as session:
            await personal_data.forget(session, user_id, self._privacy.user_hash(user_id))
