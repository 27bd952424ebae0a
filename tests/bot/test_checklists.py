"""Checklist ticks through `ChecklistService`: toggling, per procedure, surviving a new service."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.checklists import ChecklistService
from bot.db.engine import session_factory
from bot.db.models import User

pytestmark = pytest.mark.db

USER = 5151
CARD = "1.014064"


async def test_toggle_ticks_then_unticks_and_creates_the_user(engine: AsyncEngine) -> None:
    sessions = session_factory(engine)
    checklists = ChecklistService(sessions)
    assert await checklists.ticks(USER, CARD) == set()
    assert await checklists.toggle(USER, CARD, 0) == {0}
    assert await checklists.toggle(USER, CARD, 2) == {0, 2}
    assert await checklists.toggle(USER, CARD, 0) == {2}
    async with sessions() as session:
        assert (await session.scalars(select(User.id))).all() == [USER]


async def test_ticks_are_per_procedure_and_per_user_and_persist(engine: AsyncEngine) -> None:
    sessions = session_factory(engine)
    await ChecklistService(sessions).toggle(USER, CARD, 1)
    await ChecklistService(sessions).toggle(USER + 1, CARD, 3)
    again = ChecklistService(sessions)  # as after a restart
    assert await again.ticks(USER, CARD) == {1}
    assert await again.ticks(USER, "1.001193") == set()
    assert await again.ticks(USER + 1, CARD) == {3}
