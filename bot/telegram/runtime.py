"""Start and stop a built application: database first, then Telegram, then updates.

Used by `run`, `demo` and the tests, so all of them go through the same start-up checks.
Operator mistakes become `StartupError` with one line naming the setting.

Dossier tracking (poller and sender, bot/tracking/service.py) starts with the bot when
``services.tracking.in_process`` is true (the default) and stops before it; `run_bot.py
worker` uses `start_worker`/`stop_worker` to run only tracking, without reading updates.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

from telegram import Update
from telegram.error import InvalidToken, NetworkError, TelegramError

from bot.db import migrate
from bot.db.health import ensure_reachable
from bot.errors import StartupError
from bot.telegram.commands import register_commands
from bot.telegram.context import DvcApplication
from bot.telegram.delivery import bot_sender

log = logging.getLogger(__name__)


async def _initialize(application: DvcApplication) -> None:
    """Check the database, apply migrations, log in to Telegram (getMe)."""
    services = application.bot_data.services
    await ensure_reachable(services.engine, services.settings.database_url)
    await migrate.upgrade(services.engine)
    try:
        await application.initialize()
    except InvalidToken:
        raise StartupError(
            "DVC_TELEGRAM_TOKEN: Telegram rejected the token (Unauthorized)"
        ) from None
    except NetworkError as exc:
        raise StartupError(
            f"DVC_TELEGRAM_API_URL: cannot reach Telegram at "
            f"{services.settings.telegram_api_url} ({exc.message})"
        ) from None


async def start_application(application: DvcApplication) -> None:
    """Check the database, apply migrations, log in to Telegram, register the commands."""
    services = application.bot_data.services
    await _initialize(application)
    await services.catalog.ensure_seeded()
    await services.catalog.refresh()
    try:
        await register_commands(application.bot, services.texts)
    except TelegramError as exc:
        log.warning("could not register the command menu: %s", exc)
    await application.start()
    if services.tracking.in_process:
        await services.tracking.start(bot_sender(application.bot))


async def stop_application(application: DvcApplication) -> None:
    if application.updater is not None and application.updater.running:
        await application.updater.stop()
    await application.bot_data.services.tracking.stop()
    if application.running:
        await application.stop()
    services = application.bot_data.services
    await services.user_langs.drain()
    await services.query_log.drain()
    await application.shutdown()
    await application.bot_data.services.portal.aclose()
    await application.bot_data.services.engine.dispose()


async def start_worker(
    application: DvcApplication, *, poll: bool = True, deliver: bool = True
) -> None:
    """`run_bot.py worker`: database and Telegram log-in, then only the tracking tasks
    (sends go through the Bot API; no updates are read)."""
    await _initialize(application)
    await application.bot_data.services.tracking.start(
        bot_sender(application.bot), poll=poll, deliver=deliver
    )


async def stop_worker(application: DvcApplication) -> None:
    services = application.bot_data.services
    await services.tracking.stop()
    await application.shutdown()
    await services.portal.aclose()
    await services.engine.dispose()


@contextlib.asynccontextmanager
async def polling(
    application: DvcApplication, *, poll_interval: float = 0.0
) -> AsyncIterator[None]:
    """Run the bot with long polling for the duration of the block."""
    await start_application(application)
    try:
        assert application.updater is not None
        await application.updater.start_polling(
            poll_interval=poll_interval, allowed_updates=Update.ALL_TYPES, timeout=10
        )
        yield
    finally:
        await stop_application(application)
