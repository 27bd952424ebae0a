"""👍/👎 through `FeedbackService`: linked to the logged question, the user only hashed."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import session_factory
from bot.db.models import Feedback, QueryLog
from bot.db.privacy import Privacy
from bot.feedback import FeedbackService

pytestmark = pytest.mark.db

PRIVACY = Privacy(b"0123456789abcdef-test-key")
USER = 7171


async def test_feedback_on_a_logged_answer_returns_its_question(engine: AsyncEngine) -> None:
    sessions = session_factory(engine)
    async with sessions.begin() as session:
        row = QueryLog(user_hash="x", query="lam lai cccd", intent="procedure", decision="answer")
        session.add(row)
        await session.flush()
        log_id = row.id
    service = FeedbackService(sessions, PRIVACY)
    question = await service.record(
        USER, procedure_code="1.014064", helpful=False, query_log_id=log_id
    )
    assert question == "lam lai cccd"
    async with sessions() as session:
        (stored,) = (await session.scalars(select(Feedback))).all()
    assert stored.query_log_id == log_id and stored.helpful is False
    assert stored.user_hash == PRIVACY.user_hash(USER) and str(USER) not in stored.user_hash


@pytest.mark.parametrize("log_id", [None, 0, 999])
async def test_feedback_without_a_logged_question_is_kept_alone(
    engine: AsyncEngine, log_id: int | None
) -> None:
    sessions = session_factory(engine)
    service = FeedbackService(sessions, PRIVACY)
    assert (
        await service.record(USER, procedure_code="1.014064", helpful=True, query_log_id=log_id)
        is None
    )
    async with sessions() as session:
        (stored,) = (await session.scalars(select(Feedback))).all()
    assert stored.query_log_id is None and stored.helpful is True
