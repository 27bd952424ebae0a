"""The console's dashboard and audit pages in headless Chromium: a viewer reads figures that
match the logged questions, a date range changes them, the audit log filters by source,
action and date and shows each change's detail; both fit 360 px and 1280 px."""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from playwright.async_api import Page, expect

from bot.calendar import vn_date
from bot.db.models import Feedback, OutboxMessage, QueryLog, StaffAudit
from bot.roles import Role
from bot.stats import vn_period
from tests.console.conftest import ADMIN_ID, ConsoleRig, assert_fits, screenshot, sign_in

# Browser tests share one Chromium per test process (tests/console/conftest.py).
pytestmark = pytest.mark.asyncio(loop_scope="session")

CODES = ("1.001193", "1.000656", "1.000894", "1.004222", "1.001612")


def logged(at: datetime, decision: str, user: int, code: str | None) -> QueryLog:
    return QueryLog(
        user_hash=f"user-{user}",
        query="làm giấy khai sinh",
        intent="procedure",
        decision=decision,
        top_code=code,
        created_at=at,
    )


async def seed_questions(console: ConsoleRig) -> dict[str, int]:
    """40 days of questions (the last 30 busier), feedback and two dead letters; returns
    the figures the dashboard should show for its default 30 days and for 40 days."""
    rng = random.Random(11)
    today = vn_date(datetime.now(UTC))
    rows: list[QueryLog | Feedback | OutboxMessage] = []
    figures = {"q30": 0, "q40": 0, "answer30": 0, "up30": 0, "down30": 0}
    people30: set[int] = set()
    for back in range(40):
        noon = vn_period(today - timedelta(days=back), today - timedelta(days=back))[0]
        noon += timedelta(hours=12 if back else 0, minutes=1)  # today: just after midnight
        for _ in range(rng.randrange(3, 12) if back < 30 else 2):
            decision = rng.choices(["answer", "clarify", "none"], [7, 2, 1])[0]
            user = rng.randrange(60)
            code = rng.choice(CODES) if decision != "none" else None
            rows.append(logged(noon, decision, user, code))
            figures["q40"] += 1
            if back < 30:
                figures["q30"] += 1
                figures["answer30"] += decision == "answer"
                people30.add(user)
                if decision == "answer" and rng.random() < 0.3:
                    helpful = rng.random() < 0.75
                    figures["up30" if helpful else "down30"] += 1
                    rows.append(
                        Feedback(
                            user_hash=f"user-{user}",
                            procedure_code=code or "",
                            helpful=helpful,
                            created_at=noon,
                        )
                    )
    for n in range(2):
        rows.append(
            OutboxMessage(
                dedup_key=f"dead-{n}",
                user_id=555,
                kind="status_change",
                payload={"code": f"H{n:05d}"},
                state="dead",
                attempts=5,
                last_error="Forbidden: bot was blocked by the user",
            )
        )
    async with console.services.sessions.begin() as session:
        session.add_all(rows)
    figures["people30"] = len(people30)
    return figures


async def number(page: Page, selector: str) -> int:
    return int((await page.locator(selector).inner_text()).replace(",", "").strip())


async def test_viewer_reads_figures_and_a_range_changes_them(
    page: Page, console: ConsoleRig
) -> None:
    expected = await seed_questions(console)
    await page.goto("/dashboard")
    await page.wait_for_url(console.url + "/signin")  # not signed in: explained, not shown
    await sign_in(page, console, Role.VIEWER)
    await page.get_by_role("link", name="Thống kê", exact=True).first.click()
    await expect(page.locator("h1")).to_have_text("Thống kê")

    assert await number(page, "#kpi-questions .value") == expected["q30"]
    assert await number(page, "#kpi-people .value") == expected["people30"]
    assert await number(page, "#split li[data-decision=answer] b") == expected["answer30"]
    rated = expected["up30"] + expected["down30"]
    await expect(page.locator("#kpi-feedback .value")).to_have_text(
        f"{round(100 * expected['up30'] / rated)}%"
    )
    await expect(page.locator("#kpi-feedback .sub")).to_have_text(
        f"hữu ích {expected['up30']} · không {expected['down30']}"
    )
    await expect(page.locator("#daily svg.chart")).to_be_visible()
    await expect(page.locator("#daily svg.chart rect").first).to_be_attached()
    await expect(page.locator("#top tbody tr")).to_have_count(len(CODES))
    await expect(page.locator("#top tbody tr[data-code='1.001193']")).to_contain_text(
        "Đăng ký khai sinh"
    )
    await expect(page.locator("#breaker")).to_have_attribute("data-state", "closed")  # live
    assert await number(page, "#dead") == 2
    await expect(page.locator("#dead-letters")).to_contain_text("H00001")

    today = vn_date(datetime.now(UTC))
    await page.fill("#range-first", (today - timedelta(days=39)).isoformat())
    await page.click("#range-show")
    await expect(page.locator("#period")).to_contain_text("40")
    assert await number(page, "#kpi-questions .value") == expected["q40"]
    await page.fill("#range-first", today.isoformat())
    await page.fill("#range-last", today.isoformat())
    await page.click("#range-show")
    assert await number(page, "#kpi-questions .value") < expected["q30"]
    await expect(page.locator("#daily svg.chart g")).to_have_count(1)  # one day, one bar

    await page.goto("/dashboard?first=2026-13-01")  # refused: the default range, a message
    await expect(page.locator("#range-error")).to_be_visible()
    assert await number(page, "#kpi-questions .value") == expected["q30"]

    await page.goto("/dashboard")
    await screenshot(page, "dashboard")
    await page.set_viewport_size({"width": 360, "height": 740})
    await page.goto("/dashboard")
    await assert_fits(page)
    await screenshot(page, "dashboard-360")


async def test_audit_log_filters_by_source_action_and_date(page: Page, console: ConsoleRig) -> None:
    now = datetime.now(UTC)
    detail = {
        "result": "created",
        "version": 3,
        "previous": 2,
        "diff": {"added": ["1.009999"], "removed": [], "changed": {"1.001193": ["title", "fees"]}},
        "note": "thêm thủ tục mới",
    }
    async with console.services.sessions.begin() as session:
        session.add_all(
            [
                StaffAudit(
                    actor="cli:ops",
                    action="catalog.import",
                    source="cli",
                    detail=detail,
                    created_at=now - timedelta(days=3),
                ),
                StaffAudit(
                    actor="tg:7001",
                    action="catalog.edit",
                    source="web",
                    detail={"code": "1.001193", "field": {"before": "Cũ", "after": "Mới"}},
                    created_at=now - timedelta(days=1),
                ),
            ]
        )
    await sign_in(page, console, Role.VIEWER)
    await page.get_by_role("link", name="Nhật ký", exact=True).first.click()
    await expect(page.locator("h1")).to_have_text("Nhật ký thay đổi")
    rows = page.locator("#audit-list tbody tr")
    await expect(rows.first).to_be_visible()
    sources = await rows.evaluate_all("rows => rows.map(r => r.dataset.source)")
    assert {"cli", "web", "telegram"} <= set(sources)  # sign-in rows come from the others

    await page.select_option("#filter-source", "cli")
    await page.click("#filter-apply")
    await expect(page.locator("#filter-clear")).to_be_visible()
    sources = await rows.evaluate_all("rows => rows.map(r => r.dataset.source)")
    assert sources and set(sources) == {"cli"}
    imported = page.locator("#audit-list tr[data-action='catalog.import']", has_text="cli:ops")
    await expect(imported).to_contain_text("Nhập danh mục")
    await expect(imported).to_contain_text("Dòng lệnh")
    await expect(imported).to_contain_text("Thay đổi › Thêm")
    await expect(imported).to_contain_text("1.009999")
    await expect(imported).to_contain_text("title")
    await expect(imported).to_contain_text("thêm thủ tục mới")
    await screenshot(page, "audit")

    await page.select_option("#filter-source", "web")
    await page.select_option("#filter-action", "catalog.edit")
    await page.click("#filter-apply")
    await expect(rows).to_have_count(1)
    await expect(rows.first).to_contain_text("Cũ → Mới")

    await page.goto("/audit?source=web&first=" + (now + timedelta(days=2)).date().isoformat())
    await expect(page.locator("#audit-empty")).to_be_visible()
    await page.goto("/audit?source=email")  # refused: the filters cleared, a message
    await expect(page.locator("#audit-error")).to_be_visible()

    await page.set_viewport_size({"width": 360, "height": 740})
    await page.goto("/audit?source=cli")
    await assert_fits(page)
    await screenshot(page, "audit-360")


async def test_pages_in_english_with_unknown_actions_shown_as_stored(console: ConsoleRig) -> None:
    async with console.services.sessions.begin() as session:
        session.add(
            StaffAudit(
                actor="cli:ops", action="learning.dismiss", source="web", detail={"group": "abc"}
            )
        )
    link = await console.console_link(ADMIN_ID)
    async with httpx.AsyncClient(base_url=console.url, follow_redirects=True) as client:
        await client.get(link)
        home = await client.get("/")
        token = re.search(r'name="csrf_token" value="([^"]+)"', home.text)
        assert token is not None
        switched = await client.post(
            "/lang", data={"lang": "en", "next": "/dashboard", "csrf_token": token.group(1)}
        )
        assert switched.status_code == 200 and "<h1>Dashboard</h1>" in switched.text
        assert "Questions about procedures" in switched.text
        audit = await client.get("/audit", params={"action": "learning.dismiss"})
        assert audit.status_code == 200 and "<h1>Audit log</h1>" in audit.text
        assert "learning.dismiss" in audit.text and "Console" in audit.text
        assert ">group<" in audit.text and "abc" in audit.text
