"""`HandoffService` on a real database: one open hand-off per citizen (also when two
instances confirm at once), closing once, rating once and only one's own, the consent step
never reading another user's question, and the waiting list in working hours."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.calendar import VN_TZ, WorkCalendar
from bot.db.engine import session_factory
from bot.db.models import User
from bot.db.privacy import Privacy
from bot.handoff import AlreadyOpen, HandoffService, HandoffView
from bot.office_hours import DEFAULT_SESSIONS, OfficeHours, parse_sessions

SUPPORT = -1001234567890
WEDNESDAY = datetime(2026, 12, 2, 9, 0, tzinfo=VN_TZ)


@pytest.fixture
async def service(engine: AsyncEngine) -> HandoffService:
    sessions = session_factory(engine)
    async with sessions.begin() as session:
        session.add_all([User(id=1), User(id=2)])
    return HandoffService(
        sessions,
        Privacy(b"test-secret-key-0123456789"),
        OfficeHours(WorkCalendar(), parse_sessions(DEFAULT_SESSIONS)),
        support_chat_id=SUPPORT,
        wait_limit=timedelta(hours=4),
        clock=lambda: WEDNESDAY,
    )


async def test_one_open_hand_off_per_citizen_even_at_once(service: HandoffService) -> None:
    context = await service.write_question(1, "hỏi về đất")
    results = await asyncio.gather(*(service.begin(1, "vi", context) for _ in range(4)))
    opened = [r for r in results if isinstance(r, HandoffView)]
    assert len(opened) == 1
    assert all(r.handoff.id == opened[0].id for r in results if isinstance(r, AlreadyOpen))
    other = await service.begin(2, "en", await service.last_context(2))
    assert isinstance(other, HandoffView) and other.reference != opened[0].reference


async def test_close_once_and_rate_once_by_the_citizen_only(service: HandoffService) -> None:
    begun = await service.begin(1, "vi", await service.write_question(1, "hỏi"))
    assert isinstance(begun, HandoffView)
    assert not await service.rate(begun.id, 1, True)  # not closed yet
    assert await service.close(begun.id, "tg:9")
    assert not await service.close(begun.id, "tg:10")
    assert not await service.rate(begun.id, 2, False)  # someone else's
    assert await service.rate(begun.id, 1, True)
    assert not await service.rate(begun.id, 1, False)  # once
    after = await service.get(begun.id)
    assert after is not None and not after.is_open and after.rating == 1
    again = await service.begin(1, "vi", await service.write_question(1, "câu khác"))
    assert isinstance(again, HandoffView)  # a new one once the first is closed


async def test_the_consent_step_reads_only_ones_own_question(service: HandoffService) -> None:
    mine = await service.write_question(1, "CCCD 038095001234 bị mất")
    assert mine.question == "CCCD [số giấy tờ] bị mất"
    payload = service.payload(mine)
    assert "038095001234" not in str(payload) and "CCCD" not in str(payload)
    assert (await service.from_payload(1, payload)).question == mine.question
    stolen = await service.from_payload(2, payload)
    assert stolen.question == "" and stolen.query_id is None
    junk = await service.from_payload(1, {"query_id": "1; drop", "decision": 5, "code": []})
    assert junk == type(junk)()


async def test_waiting_counts_working_hours_only(service: HandoffService) -> None:
    begun = await service.begin(1, "vi", await service.write_question(1, "hỏi"))
    replied = await service.begin(2, "vi", await service.write_question(2, "hỏi"))
    assert isinstance(begun, HandoffView) and isinstance(replied, HandoffView)
    await service.staff_replied(replied.id)
    service.clock = lambda: WEDNESDAY.replace(hour=16)  # 7 hours, lunch (2 h) not counted
    [waiting] = await service.waiting()
    assert waiting.reference == begun.reference and waiting.waited == timedelta(hours=5)
    service.clock = lambda: WEDNESDAY.replace(hour=13)  # 2.5 working hours
    assert await service.waiting() == []


async def test_without_a_support_group_nothing_is_begun(service: HandoffService) -> None:
    service.support_chat_id = None
    assert not service.enabled
    with pytest.raises(RuntimeError):
        await service.begin(1, "vi", await service.last_context(1))
