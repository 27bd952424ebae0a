"""👍/👎 under an answer: stored against the logged question the answer was for.

`FeedbackService` is built once in `bot.services.build_services`; it hashes the user id
(never stored in plain) and owns the transaction; the repository is `bot.db.feedback`.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db import feedback
from bot.db.feedback import Recorded
from bot.db.privacy import Privacy

__all__ = ["FeedbackService", "Recorded"]

#: The largest `query_log.id` there can be (an `Integer` column: int4 on PostgreSQL).
MAX_QUERY_LOG_ID = 2**31 - 1
MAX_CODE_LENGTH = 40  # feedback.procedure_code


class FeedbackService:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], privacy: Privacy) -> None:
        self._sessions = sessions
        self._privacy = privacy

    async def record(
        self, user_id: int, *, procedure_code: str, helpful: bool, query_log_id: int | None
    ) -> Recorded | None:
        """Store the feedback and return the (masked) question it was about, if still
        logged; None, storing nothing, when `query_log_id` is not a question of this user's.

        `query_log_id` is the `query_log` row of the answer (None or 0: not logged)."""
        if len(procedure_code) > MAX_CODE_LENGTH or (
            query_log_id is not None and not 0 <= query_log_id <= MAX_QUERY_LOG_ID
        ):
            return None
        async with self._sessions.begin() as session:
            return await feedback.record(
                session,
                user_hash=self._privacy.user_hash(user_id),
                procedure_code=procedure_code,
                helpful=helpful,
                query_log_id=query_log_id or None,
            )
