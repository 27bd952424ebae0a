"""Signing in to the staff console in headless Chromium with the link /console sends:
once only, within ten minutes; sign-out; the CSRF token on every form; the language."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from playwright.async_api import Page, expect

from bot.roles import Role
from tests.console.conftest import ADMIN_ID, ConsoleRig, screenshot, sign_in

# Browser tests share one Chromium per test process (tests/console/conftest.py).
pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_sign_in_with_the_link_from_the_bot(page: Page, console: ConsoleRig) -> None:
    await page.goto("/")
    await page.wait_for_url(console.url + "/signin")
    await expect(page.locator("main")).to_contain_text("/console")
    await screenshot(page, "signin")

    await sign_in(page, console)
    await expect(page.locator("h1")).to_have_text("Trang chủ")
    await expect(page.locator("header")).to_contain_text(str(ADMIN_ID))
    cookie = next(c for c in await page.context.cookies() if c["name"] == "dvc_console")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and not cookie["secure"]
    await screenshot(page, "home")


async def test_a_link_works_only_once(page: Page, console: ConsoleRig) -> None:
    link = await console.console_link(ADMIN_ID)
    await page.goto(link)
    await page.wait_for_url(console.url + "/")
    # The same link again, in a browser without the session (another device).
    other = await page.context.browser.new_context()  # type: ignore[union-attr]
    try:
        again = await other.new_page()
        response = await again.goto(link)
        assert response is not None and response.status == 403
        await expect(again.locator("#refusal")).to_contain_text("đã được dùng")
        await again.goto(console.url + "/")
        await again.wait_for_url(console.url + "/signin")
    finally:
        await other.close()


async def test_a_link_older_than_ten_minutes_is_refused(page: Page, console: ConsoleRig) -> None:
    link = await console.console_link(ADMIN_ID)
    auth = console.services.console_auth
    real_clock = auth.clock
    auth.clock = lambda: real_clock() + timedelta(minutes=10, seconds=1)
    try:
        response = await page.goto(link + "?lang=en")
    finally:
        auth.clock = real_clock
    assert response is not None and response.status == 403
    await expect(page.locator("#refusal")).to_contain_text("expired")
    assert not [c for c in await page.context.cookies() if c["name"] == "dvc_console"]


async def test_unknown_link_and_head_requests(page: Page, console: ConsoleRig) -> None:
    response = await page.goto("/signin/made-up-token")
    assert response is not None and response.status == 403
    await expect(page.locator("#refusal")).to_contain_text("không đúng")
    link = await console.console_link(ADMIN_ID)
    async with httpx.AsyncClient() as client:  # a link preview's HEAD does not use it up
        assert (await client.head(link)).status_code == 200
    await page.goto(link)
    await page.wait_for_url(console.url + "/")


async def test_a_post_without_the_csrf_token_is_refused(page: Page, console: ConsoleRig) -> None:
    await sign_in(page, console)
    form: dict[str, str | float | bool] = {"user_id": "8123", "role": "editor"}
    refused = await page.request.post("/staff/add", form=form)
    assert refused.status == 403 and "mã chống giả mạo" in await refused.text()
    wrong = await page.request.post("/staff/add", form={**form, "csrf_token": "0" * 64})
    assert wrong.status == 403
    assert await console.services.staff.role_of(8123) is None

    token = await page.locator("input[name=csrf_token]").first.input_value()
    accepted = await page.request.post("/staff/add", form={**form, "csrf_token": token})
    assert accepted.ok
    assert await console.services.staff.role_of(8123) is Role.EDITOR
    by_header = await page.request.post(
        "/staff/remove", form={"user_id": "8123"}, headers={"X-CSRF-Token": token}
    )
    assert by_header.ok and await console.services.staff.role_of(8123) is None


async def test_language_switch_and_sign_out(page: Page, console: ConsoleRig) -> None:
    await sign_in(page, console)
    await page.get_by_role("button", name="English").click()
    await expect(page.locator("h1")).to_have_text("Home")
    await page.goto("/staff")  # the language is kept in the session
    await expect(page.locator("h1")).to_have_text("Staff")
    await page.get_by_role("button", name="Sign out").click()
    await page.wait_for_url(console.url + "/signin")
    await page.goto("/")
    await page.wait_for_url(console.url + "/signin")
