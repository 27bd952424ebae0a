"""Run the real bot (PTB Application from `build_application`) against the fake Telegram
server in process, and hand the test a control client that plays the users.

The rig knows when the bot has finished with an update (`sandbox/update_tracker.py`), so
`ask`, `send` and `press` return as soon as the replies are all there, and a test that
expects no reply checks an update that was handled completely, not a quiet moment.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx

from bot.config import Settings
from bot.telegram.app import build_application
from bot.telegram.context import DvcApplication
from bot.telegram.runtime import polling
from sandbox.portal_sim import build_store, create_portal_app
from sandbox.portal_store import PortalStore
from sandbox.telegram_client import (
    IN_PROCESS_URL,
    ButtonPress,
    Replies,
    SentMessage,
    TelegramSandboxClient,
)
from sandbox.telegram_server import create_telegram_app
from sandbox.telegram_state import TelegramState
from sandbox.update_tracker import UpdateTracker
from tests.helpers.seeded_db import SeededTemplate, prepare_sqlite

T = TypeVar("T")
PORTAL_URL = "http://portal.sandbox"
TEST_TOKEN = "7000000001:TEST-sandbox-token-not-secret-00000"


@dataclass
class BotRig:
    """A running bot, its fake Telegram world and the users' remote control."""

    application: DvcApplication
    state: TelegramState
    client: TelegramSandboxClient
    portal: PortalStore
    tracker: UpdateTracker
    first_update_id: int

    async def settled(self, action: SentMessage | ButtonPress | None = None) -> None:
        """Wait until the bot has handled the update `action` made, or, for an action the
        bot never sees (a group message not addressed to it) or none, every update so far."""
        update_id = action.update_id if action is not None else None
        if update_id is not None:
            await self.tracker.processed(update_id)
            return
        for pending in range(self.first_update_id, self.state.next_update_id):
            await self.tracker.processed(pending)

    async def replies(self, action: SentMessage | ButtonPress, chat_id: int) -> Replies:
        """Everything the bot sent or edited in `chat_id` for `action`, once it is done."""
        await self.settled(action)
        return await self.client.replies_since(chat_id, after=action.marker)

    async def send(self, user_id: int, text: str, **kwargs: Any) -> Replies:
        """`user_id` writes `text` (in `chat_id=` if given); the bot's replies."""
        sent = await self.client.send_text(user_id, text, **kwargs)
        return await self.replies(sent, kwargs.get("chat_id") or user_id)

    async def press(
        self, user_id: int, text: str | None = None, message_id: int | None = None, **kwargs: Any
    ) -> Replies:
        """`user_id` presses a button (see `press_button`); the bot's replies and edits."""
        pressed = await self.client.press_button(user_id, text, message_id, **kwargs)
        return await self.replies(pressed, kwargs.get("chat_id") or user_id)

    async def ask(self, user_id: int, text: str, **kwargs: Any) -> list[str]:
        """Send `text` as `user_id` and return the texts of the bot's replies."""
        return (await self.send(user_id, text, **kwargs)).texts


def make_settings(database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "telegram_api_url": IN_PROCESS_URL,
        "secret_key": "test-secret-key-0123456789",
        "portal_url": PORTAL_URL,
        "portal_client_secret": "sim-secret",
    }
    values.update(overrides)
    return Settings(**values)


def in_process_application(
    database_url: str, state: TelegramState, **overrides: Any
) -> tuple[DvcApplication, UpdateTracker]:
    """The bot built against the fake Telegram `state` and a portal simulator in process,
    not started (for tests that feed it updates themselves, e.g. through its webhook)."""
    tracker = UpdateTracker()
    application = build_application(
        make_settings(database_url, **overrides),
        token=TEST_TOKEN,
        transport=httpx.ASGITransport(app=create_telegram_app(state)),
        portal_transport=httpx.ASGITransport(app=create_portal_app(build_store())),
        update_processor=tracker,
    )
    return application, tracker


# One seeded database per test process (each pytest-xdist worker builds its own).
SEEDED_TEMPLATE = SeededTemplate(make_settings)


@asynccontextmanager
async def running_bot(
    database_url: str,
    *,
    state: TelegramState | None = None,
    portal: PortalStore | None = None,
    **overrides: Any,
) -> AsyncIterator[BotRig]:
    """Start the bot with long polling against in-process fake Telegram and portal servers.

    A new SQLite file starts as a copy of the migrated, seeded template (tests/helpers/
    seeded_db.py), as if the bot had started on it once before."""
    await prepare_sqlite(database_url, SEEDED_TEMPLATE)
    state = state or TelegramState(TEST_TOKEN)
    portal = portal or build_store()
    app = create_telegram_app(state)
    tracker = UpdateTracker()
    # Updates still queued on a reused `state` go to this bot; older ones went to another.
    first_update_id = min((u["update_id"] for u in state.updates), default=state.next_update_id)
    application = build_application(
        make_settings(database_url, **overrides),
        token=TEST_TOKEN,
        transport=httpx.ASGITransport(app=app),
        portal_transport=httpx.ASGITransport(app=create_portal_app(portal)),
        update_processor=tracker,
    )
    # Freezing the heap walks this whole test process's heap at every bot start (bot/
    # catalog.py; tests/bot/test_catalog*.py check it on their own services).
    application.bot_data.services.catalog.freeze_heap = False
    async with polling(application), TelegramSandboxClient.in_process(app) as client:
        yield BotRig(application, state, client, portal, tracker, first_update_id)


class ThreadedBot:
    """The bot running in its own thread and event loop, for synchronous test drivers
    (hypothesis does not drive async tests): `call(coro)` runs a coroutine over there."""

    def __init__(self, database_url: str, **overrides: Any) -> None:
        self._database_url = database_url
        self._overrides = overrides
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._main, daemon=True)
        self.rig: BotRig | None = None
        self._error: BaseException | None = None

    def _main(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_until_complete(self._serve())
        except BaseException as exc:  # reported to the test thread
            self._error = exc
            self._ready.set()

    async def _serve(self) -> None:
        self._stop = asyncio.Event()
        async with running_bot(self._database_url, **self._overrides) as rig:
            self.rig = rig
            self._ready.set()
            await self._stop.wait()

    def __enter__(self) -> ThreadedBot:
        self._thread.start()
        self._ready.wait(timeout=60)
        if self._error is not None or self.rig is None:
            raise RuntimeError("the bot did not start") from self._error
        return self

    def call(self, coro: Coroutine[Any, Any, T], timeout: float = 60) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    def __exit__(self, *exc: object) -> None:
        if self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout=60)
