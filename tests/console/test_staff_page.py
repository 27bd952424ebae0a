"""The console's staff page: admins add, change and remove staff (audited as "web"); a
viewer sees the list without the forms and a forged POST is refused; 360 px and 1280 px."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect
from sqlalchemy import select

from bot.db.models import StaffAudit
from bot.roles import Role
from bot.staff import Source
from tests.console.conftest import (
    ADMIN_ID,
    EDITOR_ID,
    VIEWER_ID,
    ConsoleRig,
    assert_fits,
    screenshot,
    sign_in,
)

# Browser tests share one Chromium per test process (tests/console/conftest.py).
pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_admin_adds_changes_and_removes_staff(page: Page, console: ConsoleRig) -> None:
    await sign_in(page, console)
    await page.get_by_role("link", name="Cán bộ", exact=True).first.click()
    await expect(page.locator("h1")).to_have_text("Cán bộ")
    await expect(page.locator(f"tr[data-user='{ADMIN_ID}']")).to_contain_text("quản trị")

    await page.fill("#staff-add input[name=user_id]", "8001")
    await page.select_option("select[name=role]", "editor")
    await page.click("#staff-add-button")
    await expect(page.locator("#flash")).to_contain_text("8001")
    await expect(page.locator("tr[data-user='8001']")).to_contain_text("biên tập")
    await page.fill("#staff-add input[name=user_id]", "8002")
    await page.click("#staff-add-button")  # viewer by default
    await expect(page.locator("tr[data-user='8002']")).to_contain_text("xem")

    await page.fill("#staff-add input[name=user_id]", str(ADMIN_ID))  # DVC_STAFF_IDS: refused
    await page.click("#staff-add-button")
    await expect(page.locator("#flash")).to_contain_text("DVC_STAFF_IDS")
    await expect(page.locator(f"tr[data-user='{ADMIN_ID}'] button")).to_have_count(0)

    await page.locator("tr[data-user='8001'] button").click()
    await expect(page.locator("tr[data-user='8001']")).to_have_count(0)
    assert await console.services.staff.role_of(8001) is None
    assert await console.services.staff.role_of(8002) is Role.VIEWER

    async with console.services.sessions() as session:
        rows = (await session.execute(select(StaffAudit).order_by(StaffAudit.id))).scalars()
        changes = [(r.actor, r.action, r.source) for r in rows if r.action.startswith("staff_")]
    actor = f"tg:{ADMIN_ID}"
    assert changes == [
        (actor, "staff_add", "web"),
        (actor, "staff_add", "web"),
        (actor, "staff_remove", "web"),
    ]
    await screenshot(page, "staff")


async def test_viewer_sees_no_forms_and_a_forged_post_is_refused(
    page: Page, console: ConsoleRig
) -> None:
    await sign_in(page, console, Role.VIEWER)
    await page.goto("/staff")
    await expect(page.locator(f"tr[data-user='{VIEWER_ID}']")).to_contain_text("xem")
    await expect(page.locator("#staff-add")).to_have_count(0)
    await expect(page.locator("#staff-add-button")).to_have_count(0)
    await expect(page.locator("#staff-list button")).to_have_count(0)

    # A well-formed POST with the viewer's own CSRF token: the role is checked on the server.
    token = await page.locator("input[name=csrf_token]").first.input_value()
    forged = await page.request.post(
        "/staff/add", form={"user_id": str(VIEWER_ID + 100), "role": "admin", "csrf_token": token}
    )
    assert forged.status == 403 and "quản trị" in await forged.text()
    assert await console.services.staff.role_of(VIEWER_ID + 100) is None
    forged = await page.request.post(
        "/staff/remove", form={"user_id": str(ADMIN_ID), "csrf_token": token}
    )
    assert forged.status == 403


async def test_a_removed_staff_member_loses_access_at_once(page: Page, console: ConsoleRig) -> None:
    await sign_in(page, console, Role.EDITOR)
    await page.goto("/staff")
    await expect(page.locator("h1")).to_have_text("Cán bộ")
    staff = console.services.staff
    await staff.remove(EDITOR_ID, actor="cli:test", source=Source.CLI)
    await page.goto("/staff")
    await page.wait_for_url(console.url + "/signin")


async def test_staff_page_fits_360_and_1280_pixels(page: Page, console: ConsoleRig) -> None:
    for user_id in (8101, 8102, 8103):
        await console.services.staff.add(
            user_id, Role.EDITOR, actor="cli:a-rather-long-operator-name", source=Source.CLI
        )
    await sign_in(page, console)
    for width in (360, 1280):
        await page.set_viewport_size({"width": width, "height": 800})
        await page.goto("/staff")
        await expect(page.locator("#staff-add-button")).to_be_visible()
        await assert_fits(page)
        await page.goto("/")
        await assert_fits(page)
    await page.set_viewport_size({"width": 360, "height": 740})
    await page.goto("/staff")
    await screenshot(page, "staff-360")
