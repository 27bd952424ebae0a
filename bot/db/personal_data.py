"""What the bot keeps about one user (for /mydata) and deleting all of it (for /forget).

Every function takes a session; the caller (`bot.personal_data.PersonalDataService`) owns
the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import handoffs, user_places
from bot.db.models import (
    ChecklistTick,
    Feedback,
    OutboxMessage,
    QueryLog,
    Subscription,
    User,
)


@dataclass(frozen=True)
class PersonalData:
    language: str
    created_at: datetime
    ticks: int
    subscriptions: int
    queries: int
    feedback: int
    #: The code of the commune the user told the bot (/noio), if any.
    commune_code: str | None = None
    #: Conversations handed to staff (topic, times, rating; no message text).
    handoffs: int = 0


async def _count(session: AsyncSession, model: type, *where: object) -> int:
    return int(await session.scalar(select(func.count()).select_from(model).where(*where)) or 0)  # type: ignore[arg-type]


async def summary(session: AsyncSession, user_id: int, user_hash: str) -> PersonalData | None:
    user = await session.get(User, user_id)
    if user is None:
        return None
    return PersonalData(
        language=user.language,
        created_at=user.created_at,
        ticks=await _count(session, ChecklistTick, ChecklistTick.user_id == user_id),
        subscriptions=await _count(
            session, Subscription, Subscription.user_id == user_id, Subscription.active
        ),
        queries=await _count(session, QueryLog, QueryLog.user_hash == user_hash),
        feedback=await _count(session, Feedback, Feedback.user_hash == user_hash),
        commune_code=await user_places.commune_code(session, user_id),
        handoffs=await handoffs.count_for(session, user_id),
    )


async def forget(session: AsyncSession, user_id: int, user_hash: str) -> None:
    """Delete the user, their ticks, subscriptions, commune (cascade), questions, feedback,
    hand-offs and the lessons staff took from them."""
    await handoffs.forget(session, user_id, user_hash)
    await session.execute(delete(Feedback).where(Feedback.user_hash == user_hash))
    await session.execute(delete(QueryLog).where(QueryLog.user_hash == user_hash))
    await session.execute(delete(Subscription).where(Subscription.user_id == user_id))
    await session.execute(delete(ChecklistTick).where(ChecklistTick.user_id == user_id))
    await user_places.delete_user_place(session, user_id)
    await session.execute(delete(User).where(User.id == user_id))
    # outbox.user_id has no foreign key, so deleting the user does not cascade there
    await session.execute(delete(OutboxMessage).where(OutboxMessage.user_id == user_id))
