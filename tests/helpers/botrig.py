"""Run the real bot (PTB Application from `build_application`) against the fake Telegram
server in process, and hand the test a control client that plays the users."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx

from bot.app import build_application
from bot.config import Settings
from bot.context import DvcApplication
from bot.runtime import polling
from bot.sandbox.telegram_client import IN_PROCESS_URL, TelegramSandboxClient
from bot.sandbox.telegram_server import create_telegram_app
from bot.sandbox.telegram_state import TelegramState

TEST_TOKEN = "7000000001:TEST-sandbox-token-not-secret-00000"


@dataclass
class BotRig:
    """A running bot, its fake Telegram world and the users' remote control."""

    application: DvcApplication
    state: TelegramState
    client: TelegramSandboxClient

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
    }
    values.update(overrides)
    return Settings(**values)


@asynccontextmanager
async def running_bot(
    database_url: str, *, state: TelegramState | None = None, **overrides: Any
) -> AsyncIterator[BotRig]:
    """Start the bot with long polling against an in-process fake Telegram server."""
    state = state or TelegramState(TEST_TOKEN)
    app = create_telegram_app(state)
    application = build_application(
        make_settings(database_url, **overrides),
        token=TEST_TOKEN,
        transport=httpx.ASGITransport(app=app),
    )
    async with polling(application), TelegramSandboxClient.in_process(app) as client:
        yield BotRig(application, state, client)
