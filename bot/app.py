"""The composition root: `build_application(settings)` wires every service and handler.

This is the only place where handlers, jobs and the error handler are registered. Handler
groups make the order explicit:

* group -1: bookkeeping that must see every update (remember the user and the language);
  it never answers, so later groups still run.
* group 0: commands, buttons and inline queries, then free text last, so a command is never
  mistaken for a question.
"""

from __future__ import annotations

from typing import Any

import httpx
from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    ApplicationBuilder,
    CommandHandler,
    ContextTypes,
    Defaults,
    TypeHandler,
)
from telegram.request import HTTPXRequest

from bot.config import Settings
from bot.context import BotContext, BotData, DvcApplication, Services
from bot.db.engine import create_engine, session_factory
from bot.db.privacy import Privacy
from bot.texts import Texts
from handlers import errors, start

# Used only when no secret key is configured (the demo and tests); `run` refuses to start
# without DVC_SECRET_KEY.
DEMO_SECRET_KEY = b"dvc-bot-demo-secret-key-not-for-production"


def _request(
    settings: Settings, transport: httpx.AsyncBaseTransport | None, *, updates: bool
) -> HTTPXRequest:
    kwargs: dict[str, Any] = {"transport": transport} if transport is not None else {}
    return HTTPXRequest(
        connection_pool_size=8 if not updates else 1,
        read_timeout=30.0 if updates else 10.0,
        httpx_kwargs=kwargs,
    )


def build_services(settings: Settings) -> Services:
    engine = create_engine(settings.database_url)
    secret = settings.secret_key.get_secret_value().encode() or DEMO_SECRET_KEY
    return Services(
        settings=settings,
        texts=Texts(),
        engine=engine,
        sessions=session_factory(engine),
        privacy=Privacy(secret),
    )


def build_application(
    settings: Settings,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    token: str | None = None,
    rate_limiter: bool = True,
) -> DvcApplication:
    """Build the bot. `transport` lets tests talk to the fake Telegram server in process."""
    api = settings.telegram_api_url.rstrip("/")
    builder = (
        ApplicationBuilder()
        .token(token or settings.require_token())
        .base_url(f"{api}/bot")
        .base_file_url(f"{api}/file/bot")
        .request(_request(settings, transport, updates=False))
        .get_updates_request(_request(settings, transport, updates=True))
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .context_types(ContextTypes(context=BotContext, bot_data=BotData))
        .concurrent_updates(True)
    )
    if rate_limiter:
        # AIORateLimiter keeps to Telegram's limits and retries after a 429 (RetryAfter).
        builder = builder.rate_limiter(AIORateLimiter(max_retries=3))  # type: ignore[arg-type]
    application: DvcApplication = builder.build()
    application.bot_data.services = build_services(settings)
    register_handlers(application)
    return application


def register_handlers(application: DvcApplication) -> None:
    """Every handler, in the order it is consulted."""
    application.add_handler(TypeHandler(Update, start.remember_user), group=-1)
    application.add_handler(CommandHandler("start", start.start))
    application.add_handler(CommandHandler("help", start.help_command))
    application.add_handler(CommandHandler("lang", start.switch_language))
    application.add_error_handler(errors.on_error)
