"""👍/👎 under an answer: stored against the logged question the answer was for.

`FeedbackService` is built once in `bot.services.build_services`; it hashes the user id
(never stored in plain) and owns the transaction; the repository is `bot.db.feedback`.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db import feedback
from bot.db.privacy import Privacy


class FeedbackService:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], privacy: Privacy) -> None:
        self._sessions = sessions
        self._privacy = privacy

    async def record(
        self, user_id: int, *, procedure_code: str, helpful: bool, query_log_id: int | None
    ) -> str | None:
        """Store the feedback; return the (masked) question it was about, if still logged.

        `query_log_id` is the `query_log` row of the answer (None or 0: not logged)."""
        async with self._sessions.begin() as session:
            return await feedback.record(
                session,
                user_hash=self._privacy.user_hash(user_id),
                procedure_code=procedure_code,
                helpful=helpful,
                query_log_id=query_log_id or None,
            )
