"""👍/👎 through `FeedbackService`: linked to the logged question, the user only hashed;
nothing stored on someone else's question or on an id no row can have."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.db.engine import session_factory
from bot.db.models import Feedback, QueryLog
from bot.db.privacy import Privacy
from bot.feedback import FeedbackService

pytestmark = pytest.mark.db

PRIVACY = Privacy(b"0123456789abcdef-test-key")
USER = 7171
OTHER = 7272


async def logged_question(sessions: async_sessionmaker[AsyncSession], user: int) -> int:
    async with sessions.begin() as session:
        row = QueryLog(
            user_hash=PRIVACY.user_hash(user),
            query="lam lai cccd",
            intent="procedure",
            decision="answer",
        )
        session.add(row)
        await session.flush()
        return row.id


async def stored(sessions: async_sessionmaker[AsyncSession]) -> list[Feedback]:
    async with sessions() as session:
        return list((await session.scalars(select(Feedback))).all())


async def test_feedback_on_a_logged_answer_returns_its_question(engine: AsyncEngine) -> None:
    sessions = session_factory(engine)
    log_id = await logged_question(sessions, USER)
    service = FeedbackService(sessions, PRIVACY)
    recorded = await service.record(
        USER, procedure_code="1.014064", helpful=False, query_log_id=log_id
    )
    assert recorded is not None and recorded.question == "lam lai cccd"
    (row,) = await stored(sessions)
    assert row.query_log_id == log_id and row.helpful is False
    assert row.user_hash == PRIVACY.user_hash(USER) and str(USER) not in row.user_hash


@pytest.mark.parametrize("log_id", [None, 0, 999])
async def test_feedback_without_a_logged_question_is_kept_alone(
    engine: AsyncEngine, log_id: int | None
) -> None:
    sessions = session_factory(engine)
    service = FeedbackService(sessions, PRIVACY)
    recorded = await service.record(
        USER, procedure_code="1.014064", helpful=True, query_log_id=log_id
    )
    assert recorded is not None and recorded.question is None
    (row,) = await stored(sessions)
    assert row.query_log_id is None and row.helpful is True


async def test_feedback_on_someone_elses_question_stores_nothing(engine: AsyncEngine) -> None:
    sessions = session_factory(engine)
    log_id = await logged_question(sessions, OTHER)
    service = FeedbackService(sessions, PRIVACY)
    assert (
        await service.record(USER, procedure_code="1.014064", helpful=False, query_log_id=log_id)
        is None
    )
    assert await stored(sessions) == []


@pytest.mark.parametrize(
    ("code", "log_id"), [("1.014064", 2**31), ("1.014064", 10**20), ("1.014064", -1), ("x" * 41, 0)]
)
async def test_values_no_row_can_hold_store_nothing(
    engine: AsyncEngine, code: str, log_id: int
) -> None:
    sessions = session_factory(engine)
    service = FeedbackService(sessions, PRIVACY)
    assert (
        await service.record(USER, procedure_code=code, helpful=True, query_log_id=log_id) is None
    )
    assert await stored(sessions) == []
