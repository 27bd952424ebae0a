"""`run_bot.py run`: connect to real Telegram (long polling, or `--webhook`)."""

from __future__ import annotations

import argparse
import logging
from typing import Any

from bot.config import Settings
from bot.serving import wait_for_signal
from bot.telegram.app import build_application
from bot.telegram.runtime import polling

log = logging.getLogger(__name__)


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "run", help="run the bot against Telegram (DVC_TELEGRAM_TOKEN)"
    )
    parser.add_argument(
        "--webhook", action="store_true", help="serve a webhook instead of long polling"
    )
    parser.add_argument(
        "--no-tracking",
        action="store_true",
        help="do not poll dossiers or send notifications here (run `run_bot.py worker`)",
    )
    parser.set_defaults(handler=handle)


async def handle(args: argparse.Namespace, settings: Settings) -> int:
    settings.require_token()
    settings.require_secret_key()
    application = build_application(settings)
    application.bot_data.services.tracking.in_process = not args.no_tracking
    if args.webhook:
        from bot.telegram.webhook import serve_webhook

        await serve_webhook(application, settings)
        return 0
    async with polling(application):
        log.info("bot is running with long polling; Ctrl+C or SIGTERM stops it")
        await wait_for_signal()
    return 0
