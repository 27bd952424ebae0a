"""The console's "what citizens asked" page, end to end: citizens ask through the fake
Telegram server, the group shows with its count, an editor previews the effect of attaching
it to a procedure and saves, and the bot then answers the same question with that card; a
"not ours" reply is what the bot says next; viewers get no forms and forged POSTs are
refused; a refused change says why; 360 px wide fits."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect
from sqlalchemy import select

from bot.db.models import StaffAudit
from bot.roles import Role
from tests.console.conftest import EDITOR_ID, ConsoleRig, assert_fits, screenshot, sign_in

# Browser tests share one Chromium per test process (tests/console/conftest.py).
pytestmark = pytest.mark.asyncio(loop_scope="session")

BIRTH = "1.001193"  # Đăng ký khai sinh
ASKED = "xin giấy ra đời cho bé"
VISA = "xin visa đi Nhật"
VISA_REPLY = "Thị thực (visa) do Đại sứ quán của nước đó cấp, không phải thủ tục ở xã."
NOT_FOUND = "chưa có thủ tục này"


async def audit_actions(console: ConsoleRig) -> list[tuple[str, str, str]]:
    async with console.services.sessions() as session:
        rows = (await session.execute(select(StaffAudit).order_by(StaffAudit.id))).scalars()
        return [(r.actor, r.action, r.source) for r in rows if r.action.startswith("questions.")]


async def test_attaching_a_group_makes_the_bot_answer_it_with_that_card(
    page: Page, console: ConsoleRig
) -> None:
    bot = console.bot
    for user in (101, 102, 103):
        replies = await bot.ask(user, ASKED)
        assert NOT_FOUND in replies[-1]
    await bot.ask(104, "Xin giấy ra đời cho bé ạ?")  # the same question, spelled otherwise
    await sign_in(page, console, Role.EDITOR)
    await page.get_by_role("link", name="Người dân hỏi", exact=True).first.click()
    row = page.locator("#q-groups tr", has_text=ASKED)
    await expect(row.locator(".q-count")).to_have_text("4")
    await screenshot(page, "questions")

    await row.locator("a").click()
    await expect(page.locator("#q-group-label")).to_contain_text(ASKED)
    await expect(page.locator("#q-wordings li")).to_have_count(2)
    await page.fill("#q-attach-phrase", "giấy ra đời")
    await page.check(f"input[name=code][value='{BIRTH}']")
    version = console.services.catalog.version
    await page.click("#q-attach-preview")
    # the effect first: the group's 4 questions would be answered with the birth card
    await expect(page.locator("#q-effect-group")).to_contain_text("4/4 lượt")
    changes = page.locator("#q-changes")
    await expect(changes).to_contain_text("chưa tìm được")
    await expect(changes).to_contain_text(f"Đăng ký khai sinh ({BIRTH})")
    assert console.services.catalog.version == version  # nothing saved by the preview
    await screenshot(page, "questions_group")
    await page.fill("#q-save-form input[name=note]", "người dân gọi là giấy ra đời")
    await page.click("#q-save")

    await expect(page.locator("#flash")).to_contain_text(BIRTH)
    assert console.services.catalog.version != version
    # the bot serves the new catalog version: the same question now gets the card
    replies = await bot.ask(105, ASKED)
    assert "Đăng ký khai sinh" in replies[0] and NOT_FOUND not in replies[0]
    await page.click("#tab-handled")
    await expect(page.locator("#q-groups")).to_contain_text(ASKED)
    actor = f"tg:{EDITOR_ID}"
    assert await audit_actions(console) == [(actor, "questions.attach", "web")]


async def test_the_bot_gives_the_staff_reply_to_questions_marked_not_ours(
    page: Page, console: ConsoleRig
) -> None:
    bot = console.bot
    for user in (201, 202):
        assert NOT_FOUND in (await bot.ask(user, VISA))[-1]
    await sign_in(page, console, Role.EDITOR)
    await page.goto("/questions")
    await page.locator("#q-groups tr", has_text=VISA).locator("a").click()
    await page.click("#q-not-ours-save")  # empty: the browser asks for the reply first
    await expect(page.locator("#q-group-label")).to_contain_text(VISA)
    await page.fill("#q-reply-vi", VISA_REPLY)
    await page.click("#q-not-ours-save")
    await expect(page.locator("#flash")).to_be_visible()
    await expect(page.locator("#q-groups")).to_have_count(0)  # no open group left

    replies = await bot.ask(203, "Xin visa đi Nhật Bản")  # a close question, not the same
    assert VISA_REPLY in replies[0] and NOT_FOUND not in replies[0]
    assert NOT_FOUND in (await bot.ask(203, "xin giấy phép nuôi chó mèo"))[-1]
    assert await audit_actions(console) == [(f"tg:{EDITOR_ID}", "questions.not_ours", "web")]


async def test_viewer_reads_without_forms_and_forged_posts_are_refused(
    page: Page, console: ConsoleRig
) -> None:
    await console.bot.ask(301, VISA)
    await sign_in(page, console, Role.VIEWER)
    await page.goto("/questions")
    link = page.locator("#q-groups tr", has_text=VISA).locator("a")
    await link.click()
    await expect(page.locator("#q-viewer-note")).to_be_visible()
    await expect(page.locator("form[action*='/questions/']")).to_have_count(0)
    gid = page.url.split("/questions/")[1].split("?")[0]
    token = await page.evaluate(
        "() => document.querySelector('input[name=csrf_token]').value"
    )  # the language switch's form carries it
    forged = await page.request.post(
        f"/questions/{gid}/not-ours", form={"csrf_token": token, "reply_vi": "x"}
    )
    assert forged.status == 403
    no_token = await page.request.post(f"/questions/{gid}/dismiss", form={"note": "x"})
    assert no_token.status == 403
    gone = await page.goto("/questions/000000000000?days=30")
    assert gone is not None and gone.status == 404
    await expect(page.locator("#q-missing")).to_be_visible()
    assert await audit_actions(console) == []


async def test_pages_fit_360_px(page: Page, console: ConsoleRig) -> None:
    await console.bot.ask(401, ASKED)
    await sign_in(page, console, Role.EDITOR)
    await page.set_viewport_size({"width": 360, "height": 740})
    await page.goto("/questions")
    await assert_fits(page)
    await page.locator("#q-groups a").first.click()
    await page.check(f"input[name=code][value='{BIRTH}']")
    await page.fill("#q-attach-phrase", "giấy ra đời")
    await page.click("#q-attach-preview")
    await expect(page.locator("#q-preview")).to_be_visible()
    await assert_fits(page)
    # a refused change: the message is where the browser lands, with the form kept
    await page.fill("#q-synonym input[name=phrase]", "ra đời")
    await page.fill("#q-synonym input[name=meaning]", "đăng ký")
    await page.click("#q-synonym-preview")
    await expect(page.locator("#q-error")).to_contain_text("tối đa 25")
    await expect(page.locator("#q-error")).to_be_in_viewport()
    await expect(page.locator("#q-synonym input[name=meaning]")).to_have_value("đăng ký")
    await assert_fits(page)
    await page.set_viewport_size({"width": 1280, "height": 800})
    await assert_fits(page)
