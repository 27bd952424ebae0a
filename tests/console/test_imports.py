"""Import, export and versions in headless Chromium: an XLSX with an error shows its row and
column; a good one shows the diff and is imported on confirmation (the bot answers from it);
export downloads; the versions page compares two versions and an admin rolls back; editors
and viewers are refused what their role does not allow, buttons and forged POSTs alike."""

from __future__ import annotations

import io

import openpyxl
import pytest
from playwright.async_api import FilePayload, Page, expect

from bot.catalog_admin.exports import export_bytes
from bot.roles import Role
from tests.console.conftest import ConsoleRig, assert_fits, screenshot, sign_in

# Browser tests share one Chromium per test process (tests/console/conftest.py).
pytestmark = pytest.mark.asyncio(loop_scope="session")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CODE = "1.014064"
QUESTION = "làm lại căn cước bị mất"
CITIZEN = 5353
NEW_TITLE = "Cấp lại thẻ căn cước (từ tệp Excel)"


def workbook(console: ConsoleRig, cells: dict[str, str]) -> bytes:
    """Two procedures of the served catalog as a workbook, with cells overwritten."""
    procedure = console.services.catalog.get(CODE)
    other = console.services.catalog.get("1.001193")
    assert procedure is not None and other is not None
    data = export_bytes([procedure, other], "xlsx", "test").data
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["Thủ tục"]
    for cell, value in cells.items():
        sheet[cell] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def upload(page: Page, name: str, data: bytes) -> None:
    await page.goto("/import")
    payload: FilePayload = {"name": name, "mimeType": XLSX, "buffer": data}
    await page.set_input_files("#upload-file", files=[payload])
    await page.click("#upload-check")


async def test_upload_errors_then_the_diff_confirm_and_roll_back(
    page: Page, console: ConsoleRig
) -> None:
    await sign_in(page, console, Role.ADMIN)
    first_version = console.services.catalog.version
    # row 3 is the second procedure (1.014064 sorts after 1.001193); column G is the level
    await upload(page, "sai.xlsx", workbook(console, {"G3": "", "K2": "online | mười | | x"}))
    await expect(page.locator("#import-problems-summary")).to_contain_text("2 lỗi")
    rows = page.locator("#import-problems tr.problem")
    await expect(rows).to_have_count(2)
    await expect(rows.nth(0).locator(".where")).to_contain_text("row 2, column K 'Phí, lệ phí'")
    await expect(rows.nth(1).locator(".where")).to_have_text(
        "sheet 'Thủ tục', row 3, column G 'Cấp thực hiện'"
    )
    await expect(rows.nth(1)).to_contain_text("required field is missing")
    await expect(page.locator("#import-confirm")).to_have_count(0)
    assert console.services.catalog.version == first_version

    await upload(page, "dung.xlsx", workbook(console, {"B3": NEW_TITLE}))
    await expect(page.locator("#import-ok")).to_be_visible()
    await expect(page.locator("#diff-summary")).to_contain_text("sửa 1")
    change = page.locator(f'#diff-changed li[data-code="{CODE}"] tr[data-path="title.vi"]')
    await expect(change.locator(".new")).to_contain_text(NEW_TITLE)
    await expect(change.locator(".old")).to_contain_text("Cấp lại thẻ căn cước")
    await screenshot(page, "import_diff")
    await page.fill("#import-note", "tên mới từ Excel")
    await page.click("#import-confirm")
    await expect(page.locator("#flash")).to_contain_text("Đã nhập")
    imported = console.services.catalog.version
    assert imported is not None and imported != first_version
    (answer,) = await console.bot.ask(CITIZEN, QUESTION)
    assert NEW_TITLE in answer

    # export: the current catalog as a download
    async with page.expect_download() as info:
        await page.click("#export-xlsx")
    download = await info.value
    assert download.suggested_filename == f"catalog-v{imported}.xlsx"

    # versions: the diff between the two, then roll back
    await page.goto("/versions")
    await expect(page.locator(f'#version-list tr[data-version="{imported}"]')).to_contain_text(
        "tên mới từ Excel"
    )
    await page.click(f'#version-list tr[data-version="{imported}"] a.diff-prev')
    await expect(page.locator("h1")).to_contain_text(f"phiên bản {first_version}")
    await expect(page.locator(f'#diff-changed li[data-code="{CODE}"]')).to_contain_text(NEW_TITLE)
    await page.goto("/versions")
    await screenshot(page, "versions")
    await page.click(f"#rollback-{first_version}")
    await expect(page.locator("#flash")).to_contain_text(f"Đã khôi phục phiên bản {first_version}")
    (answer,) = await console.bot.ask(CITIZEN, QUESTION)
    assert NEW_TITLE not in answer and "Cấp lại thẻ căn cước" in answer

    await page.set_viewport_size({"width": 360, "height": 740})
    for path in ("/import", "/versions", f"/versions/diff?old={first_version}&new={imported}"):
        await page.goto(path)
        await assert_fits(page)


async def test_editors_cannot_roll_back_and_viewers_cannot_import(
    page: Page, console: ConsoleRig
) -> None:
    await sign_in(page, console, Role.EDITOR)
    version = console.services.catalog.version
    await page.goto("/versions")
    await expect(page.locator("#version-list")).to_be_visible()
    await expect(page.locator(".rollback-form")).to_have_count(0)
    token = await page.locator('input[name="csrf_token"]').first.input_value()
    response = await page.request.post(f"/versions/{version}/rollback", form={"csrf_token": token})
    assert response.status == 403

    await page.context.clear_cookies()
    await sign_in(page, console, Role.VIEWER)
    await page.goto("/import")
    await expect(page.locator("#readonly")).to_be_visible()
    await expect(page.locator("#upload-form")).to_have_count(0)
    await expect(page.locator("#export-csv")).to_be_visible()
    token = await page.locator('input[name="csrf_token"]').first.input_value()
    response = await page.request.post(
        "/import",
        multipart={
            "csrf_token": token,
            "mode": "replace",
            "file": {"name": "x.xlsx", "mimeType": XLSX, "buffer": workbook(console, {})},
        },
    )
    assert response.status == 403
    response = await page.request.post(
        "/import/confirm", form={"csrf_token": token, "token": "x.y"}
    )
    assert response.status == 403
    assert console.services.catalog.version == version
