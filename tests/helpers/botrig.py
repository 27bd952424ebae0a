"""Run the real bot (PTB Application from `build_application`) against the fake Telegram
server in process, and hand the test a control client that plays the users."""

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
from sandbox.telegram_client import IN_PROCESS_URL, TelegramSandboxClient
from sandbox.telegram_server import create_telegram_app
from sandbox.telegram_state import TelegramState

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

    async def ask(self, user_id: int, text: str, **kwargs: Any) -> list[str]:
        """Send `text` as `user_id` and return the texts of the bot's replies."""
        sent = await self.client.send_text(user_id, text, **kwargs)
        chat_id = kwargs.get("chat_id") or user_id
        replies = await self.client.wait_for_replies(chat_id, after=sent.marker, quiet=0.2)
        return replies.texts


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


@asynccontextmanager
async def running_bot(
    database_url: str,
    *,
    state: TelegramState | None = None,
    portal: PortalStore | None = None,
    **overrides: Any,
) -> AsyncIterator[BotRig]:
    """Start the bot with long polling against in-process fake Telegram and portal servers."""
    state = state or TelegramState(TEST_TOKEN)
    portal = portal or build_store()
    app = create_telegram_app(state)
    application = build_application(
        make_settings(database_url, **overrides),
        token=TEST_TOKEN,
        transport=httpx.ASGITransport(app=app),
        portal_transport=httpx.ASGITransport(app=create_portal_app(portal)),
    )
    async with polling(application), TelegramSandboxClient.in_process(app) as client:
        yield BotRig(application, state, client, portal)


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
