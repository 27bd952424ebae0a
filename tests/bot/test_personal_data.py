"""/mydata and /forget through `PersonalDataService`: what is counted, and that /forget
deletes every row of the user (by id and by hashed id) and nobody else's."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.db.engine import session_factory
from bot.db.models import (
    ChecklistTick,
    Feedback,
    OutboxMessage,
    QueryLog,
    Subscription,
    User,
)
from bot.db.privacy import Privacy
from bot.personal_data import PersonalDataService

pytestmark = pytest.mark.db

PRIVACY = Privacy(b"0123456789abcdef-test-key")
USER, OTHER = 8181, 8282
MODELS = (User, ChecklistTick, Subscription, QueryLog, Feedback, OutboxMessage)


async def _keep_things_about(sessions: async_sessionmaker[AsyncSession], user_id: int) -> None:
    user_hash = PRIVACY.user_hash(user_id)
    async with sessions.begin() as session:
        session.add(User(id=user_id, language="en"))
        await session.flush()
        session.add_all(
            [
                ChecklistTick(user_id=user_id, procedure_code="1.014064", document_index=0),
                ChecklistTick(user_id=user_id, procedure_code="1.014064", document_index=1),
                Subscription(user_id=user_id, dossier_code=f"H{user_id}", portal_kind="sim"),
                QueryLog(user_hash=user_hash, query="…", intent="procedure", decision="none"),
                Feedback(user_hash=user_hash, procedure_code="1.014064", helpful=True),
                OutboxMessage(dedup_key=f"k{user_id}", user_id=user_id, kind="status_change"),
            ]
        )


async def _count(sessions: async_sessionmaker[AsyncSession], model: type) -> int:
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_summary_counts_what_is_kept(engine: AsyncEngine) -> None:
    sessions = session_factory(engine)
    service = PersonalDataService(sessions, PRIVACY)
    assert await service.summary(USER) is None
    await _keep_things_about(sessions, USER)
    await _keep_things_about(sessions, OTHER)
    data = await service.summary(USER)
    assert data is not None
    assert (data.language, data.ticks, data.subscriptions) == ("en", 2, 1)
    assert (data.queries, data.feedback, data.commune_code) == (1, 1, None)


async def test_forget_deletes_the_user_everywhere_and_only_them(engine: AsyncEngine) -> None:
    sessions = session_factory(engine)
    service = PersonalDataService(sessions, PRIVACY)
    await _keep_things_about(sessions, USER)
    await _keep_things_about(sessions, OTHER)
    await service.forget(USER)
    assert await service.summary(USER) is None
    for model in MODELS:
        assert await _count(sessions, model) == (2 if model is ChecklistTick else 1), model
    other = await service.summary(OTHER)
    assert other is not None and other.ticks == 2 and other.queries == 1
    await service.forget(USER)  # nothing left: still fine
