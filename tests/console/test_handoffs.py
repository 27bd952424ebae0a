"""Hand-offs in the console, in headless Chromium: the dashboard lists the ones left without
a staff reply past the limit (in working hours), and the questions page shows what staff
marked "the bot should know this", with their answer."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from playwright.async_api import Page, expect

from bot.calendar import VN_TZ
from bot.db.models import User
from bot.handoff import HandoffView
from tests.console.conftest import ConsoleRig, assert_fits, sign_in

pytestmark = pytest.mark.asyncio(loop_scope="session")

SUPPORT = -1001234567890


async def open_handoff(console: ConsoleRig, user_id: int, opened: datetime) -> HandoffView:
    services = console.services
    async with services.sessions.begin() as session:
        session.add(User(id=user_id))
    services.handoff.support_chat_id = SUPPORT  # as DVC_SUPPORT_CHAT_ID would
    services.handoff.clock = lambda: opened
    context = await services.handoff.write_question(
        user_id, f"visa đi Nhật, CCCD 0380950012{user_id % 100}"
    )
    begun = await services.handoff.begin(user_id, "vi", context)
    assert isinstance(begun, HandoffView)
    await services.handoff.attach_topic(begun.id, 10 + user_id)
    return begun


async def test_waiting_hand_offs_on_the_dashboard(page: Page, console: ConsoleRig) -> None:
    friday = datetime(2026, 12, 4, 9, 0, tzinfo=VN_TZ)
    waiting = await open_handoff(console, 801, friday)
    answered = await open_handoff(console, 802, friday)
    await console.services.handoff.staff_replied(answered.id)
    # Monday 9:00: Friday 9:00-11:30 and 13:30-17:00 (6 h) + Monday 7:30-9:00 (1.5 h)
    console.services.handoff.clock = lambda: friday + timedelta(days=3)
    await sign_in(page, console)
    await page.goto("/dashboard")
    rows = page.locator("#handoffs tbody tr")
    await expect(rows).to_have_count(1)
    await expect(rows.first).to_contain_text(f"#{waiting.reference}")
    await expect(rows.first).to_contain_text("7.5")
    await page.set_viewport_size({"width": 360, "height": 800})
    await assert_fits(page)


async def test_lessons_from_hand_offs_in_the_inbox(page: Page, console: ConsoleRig) -> None:
    now = datetime.now(VN_TZ)
    handoff = await open_handoff(console, 803, now)
    console.services.handoff.clock = lambda: now
    await console.services.handoff.teach(handoff.id, "Visa do Đại sứ quán Nhật cấp.", "tg:7001")
    await sign_in(page, console)
    await page.goto("/questions")
    lessons = page.locator("#lessons tbody tr")
    await expect(lessons).to_have_count(1)
    await expect(lessons.first).to_contain_text("visa đi Nhật, CCCD [số giấy tờ]")
    await expect(lessons.first).to_contain_text("Visa do Đại sứ quán Nhật cấp.")
    await expect(lessons.first).to_contain_text(f"#{handoff.reference}")
    assert "038095" not in await page.content()
