"""Repository for 👍/👎 feedback and the query it answers.

Every function takes a session; the caller (`bot.feedback.FeedbackService`) owns the
transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Feedback, QueryLog


@dataclass(frozen=True, slots=True)
class Recorded:
    """Feedback was stored; `question` is the (masked) question it was about, if logged."""

    question: str | None


async def record(
    session: AsyncSession,
    *,
    user_hash: str,
    procedure_code: str,
    helpful: bool,
    query_log_id: int | None,
) -> Recorded | None:
    """Store the feedback; None (nothing stored) when the logged question is someone else's.

    The button carries the query log's sequential id, which anyone can change: the row's
    hashed user must be the presser's. A row that is gone (deleted by /forget) leaves the
    feedback without its question."""
    query = await session.get(QueryLog, query_log_id) if query_log_id else None
    if query is not None and query.user_hash != user_hash:
        return None
    session.add(
        Feedback(
            user_hash=user_hash,
            query_log_id=query.id if query else None,
            procedure_code=procedure_code,
            helpful=helpful,
        )
    )
    return Recorded(query.query if query else None)
