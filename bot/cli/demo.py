"""`run_bot.py demo`: the whole product on this machine, no token and no network.

Starts the fake Telegram server, the portal simulator and the bot (long polling) on
loopback, with a fresh SQLite database, then a terminal chat where a person types and
presses buttons. `run_bot.py portal-sim --list` shows the dossier codes the simulator seeds.
"""

from __future__ import annotations

import argparse
import logging
import tempfile
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from bot.config import PortalKind, Settings
from bot.telegram.app import build_application
from bot.telegram.runtime import polling
from sandbox.portal_sim import build_store, running_portal_sim
from sandbox.telegram_client import TelegramSandboxClient
from sandbox.telegram_server import serve_loopback
from sandbox.telegram_state import TelegramState
from sandbox.terminal_chat import run_terminal
from sandbox.update_tracker import UpdateTracker

DEMO_POLL_INTERVAL_S = 5.0
# Simulated seconds per real second: a live dossier takes a step every ~7 s in the demo.
DEMO_PORTAL_SPEED = 2160.0
DEMO_TOKEN = "7000000001:DEMO-sandbox-token-not-secret-000000"


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "demo", help="chat with the bot in this terminal (no token, no network)"
    )
    parser.add_argument(
        "--database-url", default=None, help="default: a fresh SQLite file for this run"
    )
    parser.add_argument("--verbose", action="store_true", help="show the bot's log lines")
    parser.set_defaults(handler=handle)


async def handle(args: argparse.Namespace, settings: Settings) -> int:
    if not args.verbose:
        logging.getLogger().setLevel(logging.WARNING)
    state = TelegramState(DEMO_TOKEN)
    with tempfile.TemporaryDirectory(prefix="dvc-demo-") as tmp:
        database_url = args.database_url or f"sqlite+aiosqlite:///{Path(tmp) / 'demo.db'}"
        await _run(state, settings, database_url)
    return 0


async def _run(state: TelegramState, settings: Settings, database_url: str) -> None:
    store = build_store(speed=DEMO_PORTAL_SPEED)
    async with serve_loopback(state) as telegram_url, running_portal_sim(store) as portal:
        demo_settings = settings.model_copy(
            update={
                "telegram_api_url": telegram_url,
                "database_url": database_url,
                "portal_kind": PortalKind.IGATE,
                "portal_url": portal.base_url,
                "portal_client_id": "dvc-bot",
                "portal_client_secret": SecretStr("sim-secret"),
                "portal_token_url": None,
            }
        )
        tracker = UpdateTracker()  # the terminal chat shows replies once an update is handled
        application = build_application(demo_settings, token=DEMO_TOKEN, update_processor=tracker)
        tracking = application.bot_data.services.tracking
        # The simulator runs its dossiers at accelerated time; poll often enough to show it.
        tracking.config = tracking.config.fast(DEMO_POLL_INTERVAL_S)
        async with polling(application), TelegramSandboxClient.connect(telegram_url) as client:
            await run_terminal(client, tracker=tracker)
