#!/usr/bin/env python3
"""dvc-bot command line: run | demo | search | catalog … | portal-sim | telegram-sim | db ….

Settings are read once here (`load_settings`) and handed to whatever the command builds.
Each area registers its own sub-command through a `register(subparsers)` function that sets
`handler`, an `async def handler(args, settings) -> int`. Operator mistakes (bad settings,
unreachable database, rejected token) end with one clear line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import sys
from collections.abc import Sequence

from bot.config import SettingsError, load_settings
from bot.errors import StartupError
from bot.logging_setup import configure_logging

# Modules that contribute sub-commands, in the order they appear in --help.
COMMAND_MODULES: tuple[str, ...] = (
    "bot.cli.run",
    "bot.cli.demo",
    "bot.cli.search",
    "bot.cli.catalog",
    "bot.cli.sandbox",
    "bot.cli.db",
    "bot.cli.worker",
    "bot.cli.staff",
    "bot.cli.console",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="run_bot.py", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    secrets = [
        settings.telegram_token.get_secret_value() if settings.telegram_token else "",
        settings.portal_client_secret.get_secret_value(),
        settings.secret_key.get_secret_value(),
    ]
    configure_logging(settings.log_level, secrets)
    try:
        return int(asyncio.run(args.handler(args, settings)) or 0)
    except (SettingsError, StartupError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
