"""`run_bot.py db upgrade|downgrade|current`: manage the database schema."""

from __future__ import annotations

import argparse
from typing import Any

from bot.config import Settings
from bot.db import migrate
from bot.db.engine import create_engine
from bot.db.health import ensure_reachable


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser("db", help="database schema migrations")
    actions = parser.add_subparsers(dest="db_action", required=True)
    actions.add_parser("upgrade", help="apply all migrations")
    down = actions.add_parser("downgrade", help="go back to a revision")
    down.add_argument("revision")
    actions.add_parser("current", help="print the schema revision")
    parser.set_defaults(handler=handle)


async def handle(args: argparse.Namespace, settings: Settings) -> int:
    engine = create_engine(settings.database_url)
    try:
        await ensure_reachable(engine, settings.database_url)
        if args.db_action == "upgrade":
            await migrate.upgrade(engine)
            print(f"schema at {await migrate.current_revision(engine)}")
        elif args.db_action == "downgrade":
            await migrate.downgrade(engine, args.revision)
            print(f"schema at {await migrate.current_revision(engine)}")
        else:
            print(await migrate.current_revision(engine) or "empty")
    finally:
        await engine.dispose()
    return 0
