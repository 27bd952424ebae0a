"""Fixtures: a fake Telegram server in process, a real PTB Bot and the control client."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from starlette.applications import Starlette
from telegram import Bot

from sandbox.telegram_client import IN_PROCESS_URL, TelegramSandboxClient, ptb_request
from sandbox.telegram_server import create_telegram_app
from sandbox.telegram_state import TelegramState

TOKEN = "123456789:TEST-sandbox-token"
BOT_USERNAME = "dvc_sandbox_bot"


def make_bot(app: Starlette, token: str = TOKEN) -> Bot:
    """A real PTB Bot whose HTTP requests go to `app` in process."""
    return Bot(
        token,
        base_url=f"{IN_PROCESS_URL}/bot",
        base_file_url=f"{IN_PROCESS_URL}/file/bot",
        request=ptb_request(app),
        get_updates_request=ptb_request(app),
    )


@pytest.fixture
def state() -> TelegramState:
    return TelegramState(TOKEN, bot_username=BOT_USERNAME)


@pytest.fixture
def app(state: TelegramState) -> Starlette:
    return create_telegram_app(state)


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[TelegramSandboxClient]:
    async with TelegramSandboxClient.in_process(app) as sandbox_client:
        yield sandbox_client


@pytest.fixture
async def bot(app: Starlette) -> AsyncIterator[Bot]:
    async with make_bot(app) as ptb_bot:
        yield ptb_bot
