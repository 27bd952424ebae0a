"""`run_bot.py demo`: the whole product on this machine, no token and no network.

Starts the fake Telegram server and the bot (long polling it) on loopback, with a SQLite
database under ./data/, then a terminal chat where a person types and presses buttons.
"""

from __future__ import annotations

import argparse
import logging
from typing import Any

from bot.app import build_application
from bot.config import Settings
from bot.runtime import polling
from bot.sandbox.telegram_client import TelegramSandboxClient
from bot.sandbox.telegram_server import serve_loopback
from bot.sandbox.telegram_state import TelegramState
from bot.sandbox.terminal_chat import run_terminal

DEMO_TOKEN = "7000000001:DEMO-sandbox-token-not-secret-000000"
DEMO_DATABASE_URL = "sqlite+aiosqlite:///./data/demo.db"


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "demo", help="chat with the bot in this terminal (no token, no network)"
    )
    parser.add_argument("--database-url", default=DEMO_DATABASE_URL)
    parser.add_argument("--verbose", action="store_true", help="show the bot's log lines")
    parser.set_defaults(handler=handle)


async def handle(args: argparse.Namespace, settings: Settings) -> int:
    if not args.verbose:
        logging.getLogger().setLevel(logging.WARNING)
    state = TelegramState(DEMO_TOKEN)
    async with serve_loopback(state) as telegram_url:
        demo_settings = settings.model_copy(
            update={"telegram_api_url": telegram_url, "database_url": args.database_url}
        )
        application = build_application(demo_settings, token=DEMO_TOKEN)
        async with polling(application), TelegramSandboxClient.connect(telegram_url) as client:
            await run_terminal(client)
    return 0
