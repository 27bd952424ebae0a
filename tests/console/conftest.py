"""Browser fixtures for the staff console: the real console app served by uvicorn on a free
loopback port, next to a real bot (`running_bot`) on the same database and the same
services, and headless Chromium driven by Playwright (async API, in the test's loop).

* ``console`` — a `ConsoleRig`: ``url`` (base, no trailing slash), ``bot`` (the BotRig
  whose fake Telegram server plays the staff), ``services`` (shared with the bot),
  ``console_link(user_id)`` (sends /console through the fake Telegram server, returns the
  link from the bot's reply).
* ``browser`` / ``page`` — Chromium (/usr/bin/chromium; skipped with a reason when it is
  missing) and a page 1280×800 whose relative URLs go to the console.
* ``sign_in(page, console, role)`` — signs in as the test user of that role the way staff
  do (admin: in DVC_STAFF_IDS; editor/viewer: added through `StaffService` first).
* ``screenshot(page, name)`` — docs/console/<name>.png (full page), only when
  ``DVC_SCREENSHOTS=1`` (`make screenshots`): the images are documentation, and a test run
  should neither pay for them nor leave the checkout changed.
* ``assert_fits(page)`` — no horizontal scrolling at the current width.

Every test that uses ``browser`` (directly or through ``page``) is marked ``browser``.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import socket
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio
import uvicorn
from playwright.async_api import Browser, Page, async_playwright

from bot.console.app import create_console_app
from bot.roles import Role
from bot.services import Services
from bot.staff import Source
from tests.conftest import fresh_database_url
from tests.helpers.botrig import BotRig, running_bot

CHROMIUM = Path("/usr/bin/chromium")
HAVE_CHROMIUM = CHROMIUM.exists()
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "console"
#: The test staff: the admin comes from DVC_STAFF_IDS, the others are added by `sign_in`.
ADMIN_ID = 7001
EDITOR_ID = 7002
VIEWER_ID = 7003
USER_OF_ROLE = {Role.ADMIN: ADMIN_ID, Role.EDITOR: EDITOR_ID, Role.VIEWER: VIEWER_ID}
LINK = re.compile(r"https?://\S+/signin/[A-Za-z0-9_\-]+")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


class _Server(uvicorn.Server):
    """uvicorn without its own signal handlers (pytest keeps Ctrl+C)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


@dataclass
class ConsoleRig:
    """The console serving at `url` and the bot beside it, sharing `services`."""

    url: str
    bot: BotRig
    services: Services

    async def console_link(self, user_id: int) -> str:
        """What the bot replies to /console from `user_id` in a private chat: the link."""
        replies = await self.bot.ask(user_id, "/console")
        for text in replies:
            found = LINK.search(text)
            if found:
                return found.group(0)
        raise AssertionError(f"no sign-in link in the bot's replies: {replies!r}")


@pytest_asyncio.fixture(loop_scope="session")
async def database_url(tmp_path: Path) -> str:
    """As tests/conftest.py's, in the session's event loop the browser tests run in."""
    return await fresh_database_url(tmp_path)


@pytest_asyncio.fixture(loop_scope="session")
async def console(database_url: str) -> AsyncIterator[ConsoleRig]:
    listener = socket.create_server(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    try:
        async with running_bot(
            database_url, staff_ids=frozenset({ADMIN_ID}), console_url=url
        ) as rig:
            services = rig.application.bot_data.services
            app = create_console_app(services, services.settings)
            server = _Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
            serving = asyncio.create_task(server.serve(sockets=[listener]))
            try:
                async with asyncio.timeout(20):
                    while not server.started:
                        if serving.done():
                            serving.result()
                            raise RuntimeError("the console server stopped at start")
                        await asyncio.sleep(0.01)
                yield ConsoleRig(url, rig, services)
            finally:
                server.should_exit = True
                await serving
    finally:
        listener.close()


# One Chromium per test process (its start was most of a browser test's cost); each test
# gets a fresh context. The test modules run in the session's event loop for that.
@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def browser() -> AsyncIterator[Browser]:
    if not HAVE_CHROMIUM:
        pytest.skip(f"{CHROMIUM} is missing (Debian: apt-get install chromium; `make test` does)")
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            await chromium.close()


@pytest_asyncio.fixture(loop_scope="session")
async def page(browser: Browser, console: ConsoleRig) -> AsyncIterator[Page]:
    context = await browser.new_context(
        viewport={"width": 1280, "height": 800}, base_url=console.url, locale="vi-VN"
    )
    context.set_default_timeout(15_000)
    tab = await context.new_page()
    try:
        yield tab
    finally:
        await context.close()


async def sign_in(page: Page, console: ConsoleRig, role: Role = Role.ADMIN) -> int:
    """Sign in as the test user with `role` through the /console link; their user id."""
    user_id = USER_OF_ROLE[role]
    if role is not Role.ADMIN:
        await console.services.staff.add(user_id, role, actor="test", source=Source.CLI)
    link = await console.console_link(user_id)
    await page.goto(link)
    await page.wait_for_url(console.url + "/")
    return user_id


async def screenshot(page: Page, name: str) -> Path | None:
    """Save the whole page as docs/console/<name>.png (the README shows them)."""
    if os.environ.get("DVC_SCREENSHOTS") != "1":
        return None
    await asyncio.to_thread(SCREENSHOTS.mkdir, parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    await page.screenshot(path=str(path), full_page=True)
    return path


async def assert_fits(page: Page) -> None:
    """The page does not scroll sideways at its current width."""
    widths = await page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"horizontal overflow: {widths[0]} > {widths[1]} px"
