"""Repository for 👍/👎 feedback and the query it answers.

Every function takes a session; the caller (`bot.feedback.FeedbackService`) owns the
transaction.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Feedback, QueryLog


async def record(
    session: AsyncSession,
    *,
    user_hash: str,
    procedure_code: str,
    helpful: bool,
    query_log_id: int | None,
) -> str | None:
    """Store the feedback; return the (masked) question it was about, if still logged."""
    query = await session.get(QueryLog, query_log_id) if query_log_id else None
    session.add(
        Feedback(
            user_hash=user_hash,
            query_log_id=query.id if query else None,
            procedure_code=procedure_code,
            helpful=helpful,
        )
    )
    return query.query if query else None
