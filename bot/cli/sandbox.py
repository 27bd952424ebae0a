"""`run_bot.py telegram-sim` and `portal-sim`: run a sandbox server in the foreground."""

from __future__ import annotations

import argparse
from typing import Any

from bot.config import Settings


def register(sub: Any) -> None:
    tg: argparse.ArgumentParser = sub.add_parser(
        "telegram-sim", help="serve the fake Telegram Bot API"
    )
    tg.add_argument("--host", default="127.0.0.1")
    tg.add_argument("--port", type=int, default=8082)
    tg.add_argument("--token", default=None, help="the one valid bot token")
    tg.set_defaults(handler=telegram_sim)
    portal: argparse.ArgumentParser = sub.add_parser(
        "portal-sim", help="serve the portal simulator (both API shapes)"
    )
    portal.add_argument("--host", default="127.0.0.1")
    portal.add_argument("--port", type=int, default=8081)
    portal.add_argument("--speed", type=float, default=360.0, help="simulated seconds per second")
    portal.add_argument("--list", action="store_true", help="print the seeded codes and exit")
    portal.set_defaults(handler=portal_sim)


async def portal_sim(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

    from sandbox.portal_sim import format_listing, seed_listing, serve

    if args.list:
        print(format_listing(seed_listing()))
        return 0
    await asyncio.to_thread(serve, args.host, args.port, speed=args.speed)
    return 0


async def telegram_sim(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

    from sandbox.telegram_server import DEFAULT_TOKEN, serve

    token = args.token or (
        settings.telegram_token.get_secret_value() if settings.telegram_token else DEFAULT_TOKEN
    )
    await asyncio.to_thread(serve, args.host, args.port, token)
    return 0
