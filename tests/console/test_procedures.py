"""The procedures pages in headless Chromium: filter the list, edit a procedure and watch the
live preview change, save, and the bot answers with the new text through the fake Telegram
server; the preview without JavaScript; a viewer cannot save; 360 px wide."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Browser, Page, expect

from bot.roles import Role
from tests.console.conftest import ConsoleRig, assert_fits, screenshot, sign_in

# Browser tests share one Chromium per test process (tests/console/conftest.py).
pytestmark = pytest.mark.asyncio(loop_scope="session")

CODE = "1.014064"  # Cấp lại thẻ căn cước
QUESTION = "làm lại căn cước bị mất"
CITIZEN = 5252
NEW_SUMMARY = "Cấp lại thẻ căn cước khi bị mất: nộp tờ khai tại công an xã, nhận thẻ sau 7 ngày."


async def test_filter_edit_preview_save_and_the_bot_answers_with_it(
    page: Page, console: ConsoleRig
) -> None:
    (before,) = await console.bot.ask(CITIZEN, QUESTION)
    assert "Cấp lại thẻ căn cước" in before and NEW_SUMMARY not in before
    await sign_in(page, console, Role.EDITOR)

    await page.goto("/procedures")
    await expect(page.locator("#procedure-count")).to_contain_text("1")
    await page.fill("#filter-q", "can cuoc")  # without diacritics
    await page.select_option("#filter-kind", "curated")
    await page.click("#filter-apply")
    await expect(page.locator(f'#procedure-list tr[data-code="{CODE}"]')).to_be_visible()
    assert "q=can+cuoc" in page.url and "kind=curated" in page.url
    await screenshot(page, "procedures")

    await page.click(f'#procedure-list tr[data-code="{CODE}"] a.procedure-title')
    await page.wait_for_url(re.compile(rf"/procedures/{re.escape(CODE)}$"))
    preview_vi = page.locator('#preview [data-lang="vi"] [data-part="card"]')
    await expect(preview_vi).to_contain_text("Cấp lại thẻ căn cước")
    await expect(preview_vi.locator("b").first).to_be_visible()  # Telegram HTML shown as HTML

    # typing re-renders the preview (live, by the script) in both languages
    await page.fill("#f-summary_vi", NEW_SUMMARY)
    await expect(preview_vi).to_contain_text(NEW_SUMMARY)
    await page.fill("#f-title_en", "Re-issue of a lost ID card (edited)")
    await page.click("#preview-button")
    await expect(page.locator('#preview [data-lang="en"] [data-part="card"] b')).to_have_text(
        "Re-issue of a lost ID card (edited)"
    )
    # a mistake shows next to its field, and the preview waits for the fix
    await page.fill("#f-related", "9.999999")
    await expect(page.locator('.field-error[data-for="related"]')).to_contain_text(
        "related code 9.999999 is not in the catalog"
    )
    await expect(page.locator("#preview-blocked")).to_be_visible()
    await page.fill("#f-related", "")
    await expect(page.locator('.field-error[data-for="related"]')).to_be_hidden()
    await expect(preview_vi).to_contain_text(NEW_SUMMARY)
    await page.evaluate("window.scrollTo(0, 0)")  # the preview pane sticks to the top
    await screenshot(page, "procedure_edit")

    await page.fill("#f-note", "tóm tắt mới")
    await page.click("#save-button")
    await expect(page.locator("#flash")).to_contain_text("Đã lưu")
    version = console.services.catalog.version
    assert version is not None and f"phiên bản {version}" in await page.inner_text("#flash")

    (after,) = await console.bot.ask(CITIZEN, QUESTION)
    assert NEW_SUMMARY in after


async def test_preview_and_inline_messages_without_javascript(
    browser: Browser, console: ConsoleRig
) -> None:
    context = await browser.new_context(
        viewport={"width": 1280, "height": 800}, base_url=console.url, java_script_enabled=False
    )
    page = await context.new_page()
    try:
        await sign_in(page, console, Role.EDITOR)
        await page.goto(f"/procedures/{CODE}")
        await page.fill("#f-summary_vi", "Tóm tắt thử, chưa lưu.")
        await page.click("#preview-button")
        await page.wait_for_url(re.compile(r"/procedures/preview$"))
        card = page.locator('#preview [data-lang="vi"] [data-part="card"]')
        await expect(card).to_contain_text("Tóm tắt thử, chưa lưu.")
        await expect(page.locator("#f-summary_vi")).to_have_value("Tóm tắt thử, chưa lưu.")

        await page.fill("#f-title_vi", "")
        await page.fill("#f-documents", "- name: Tờ khai\n  quantity: -1\n")
        await page.click("#save-button")
        error = page.locator('.field-error[data-for="title_vi"]')
        await expect(error).to_contain_text("required field is missing")
        documents = page.locator('.field-error[data-for="documents"]')
        await expect(documents).to_contain_text("line 2")
        await expect(page.locator("#flash")).to_contain_text("Chưa lưu")
        procedure = console.services.catalog.get(CODE)
        assert procedure is not None and procedure.summary.vi != "Tóm tắt thử, chưa lưu."
    finally:
        await context.close()


async def test_a_viewer_sees_no_save_button_and_a_forged_save_is_refused(
    page: Page, console: ConsoleRig
) -> None:
    await sign_in(page, console, Role.VIEWER)
    await page.goto(f"/procedures/{CODE}")
    await expect(page.locator("#readonly")).to_be_visible()
    await expect(page.locator("#save-button")).to_have_count(0)
    await expect(page.locator("#preview-button")).to_be_visible()  # reading is allowed
    version = console.services.catalog.version

    form: dict[str, str | float | bool] = {
        name: await page.locator(f'#procedure-form [name="{name}"]').first.input_value()
        for name in ("csrf_token", "target", "original", "code", "title_vi", "summary_vi")
    }
    response = await page.request.post(f"/procedures/{CODE}", form=form | {"title_vi": "Giả"})
    assert response.status == 403
    assert "biên tập" in await response.text()  # the editor role is needed
    response = await page.request.post("/procedures/new", form=form)
    assert response.status == 403
    assert console.services.catalog.version == version
    procedure = console.services.catalog.get(CODE)
    assert procedure is not None and procedure.title.vi != "Giả"


async def test_the_pages_fit_360_px(page: Page, console: ConsoleRig) -> None:
    await sign_in(page, console, Role.EDITOR)
    await page.set_viewport_size({"width": 360, "height": 740})
    for path in ("/procedures", f"/procedures/{CODE}", "/procedures/new", "/procedures?page=3"):
        await page.goto(path)
        await assert_fits(page)
