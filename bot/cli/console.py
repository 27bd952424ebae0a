"""`run_bot.py console`: serve the staff console on its own port (DVC_CONSOLE_PORT).

It builds the same services as the bot (`bot.services.build_services`) on the same
database, applies the migrations and loads the current catalog, then serves
`create_console_app` with uvicorn until SIGINT/SIGTERM. Sign-in links point at
DVC_CONSOLE_URL; the bot (with the same settings) sends them. In webhook mode the console
can instead be mounted under /console beside /telegram (DVC_CONSOLE_MOUNT=true).
"""

from __future__ import annotations

import argparse
import logging
from typing import Any

from bot.config import Settings
from bot.console.app import create_console_app
from bot.db import migrate
from bot.db.health import ensure_reachable
from bot.services import build_services
from bot.serving import listen, serve_until_signal

log = logging.getLogger(__name__)


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "console", help="serve the staff console (DVC_CONSOLE_PORT, links to DVC_CONSOLE_URL)"
    )
    parser.add_argument("--listen", default=None, help="address (default DVC_CONSOLE_LISTEN)")
    parser.add_argument("--port", type=int, default=None, help="port (default DVC_CONSOLE_PORT)")
    parser.set_defaults(handler=handle)


async def handle(args: argparse.Namespace, settings: Settings) -> int:
    settings.require_secret_key()  # the CSRF tokens are keyed with it
    host = args.listen or settings.console_listen
    port = args.port or settings.console_port
    listener = listen(host, port, setting="DVC_CONSOLE_PORT")
    services = build_services(settings)
    try:
        await ensure_reachable(services.engine, settings.database_url)
        await migrate.upgrade(services.engine)
        await services.catalog.ensure_seeded()
        await services.catalog.refresh()
        app = create_console_app(services, settings)
        log.info("staff console on http://%s:%d (links: %s)", host, port, settings.console_url)
        await serve_until_signal(app, listener, lifespan="off")
    finally:
        listener.close()
        await services.portal.aclose()
        await services.engine.dispose()
    return 0
