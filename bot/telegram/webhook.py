"""Webhook mode: a Starlette app that feeds Telegram updates to the bot, plus health/metrics.

Requests without the right `X-Telegram-Bot-Api-Secret-Token` header are refused (403), so
only Telegram can inject updates. An update the library cannot read is logged and answered
with 200, so Telegram does not send it again (bot/telegram/updates.py). Several instances
may run behind a load balancer; all state lives in the database.
"""

from __future__ import annotations

import hmac
import json
import logging
import secrets

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, generate_latest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from telegram import Update

from bot.config import Settings
from bot.console.app import create_console_app
from bot.errors import StartupError
from bot.serving import listen, serve_until_signal
from bot.telegram.context import DvcApplication
from bot.telegram.runtime import start_application, stop_application
from bot.telegram.updates import read_update

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
WEBHOOK_PATH = "/telegram"
CONSOLE_PATH = "/console"


def create_webhook_app(
    application: DvcApplication, secret: str, *, mount_console: bool = False
) -> Starlette:
    """Routes: POST /telegram (updates), GET /healthz, GET /metrics; with `mount_console`
    the staff console under /console, on the bot's own services."""
    registry = CollectorRegistry()
    received = Counter("dvc_webhook_updates", "Updates received", ["result"], registry=registry)

    async def telegram(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            received.labels("refused").inc()
            return PlainTextResponse("forbidden", status_code=403)
        # What cannot be read is acknowledged (200) and dropped: any other answer makes
        # Telegram send the same bytes again and again, which cannot make them readable.
        # That includes a body that is not JSON (only Telegram knows the secret).
        try:
            data = json.loads(await request.body())
        except ValueError:
            log.warning("skipped a webhook request whose body is not JSON")
            update = None
        else:
            update = read_update(data, application.bot)
        if update is None:
            received.labels("malformed").inc()
            return Response(status_code=200)
        await application.update_queue.put(update)
        received.labels("accepted").inc()
        return Response(status_code=200)

    async def healthz(_: Request) -> Response:
        return JSONResponse({"ok": application.running})

    async def metrics(_: Request) -> Response:
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    routes: list[BaseRoute] = [
        Route(WEBHOOK_PATH, telegram, methods=["POST"]),
        Route("/healthz", healthz),
        Route("/metrics", metrics),
    ]
    if mount_console:
        services = application.bot_data.services
        routes.append(Mount(CONSOLE_PATH, create_console_app(services, services.settings)))
    return Starlette(routes=routes)


async def serve_webhook(application: DvcApplication, settings: Settings) -> None:
    """Bind the port, start the bot, register the webhook with Telegram and serve until
    SIGTERM/SIGINT; then stop serving and shut the bot down."""
    if not settings.webhook_url:
        raise StartupError("DVC_WEBHOOK_URL: required with --webhook (public https URL)")
    secret = (
        settings.webhook_secret.get_secret_value()
        if settings.webhook_secret
        else secrets.token_urlsafe(32)
    )
    listener = listen(settings.webhook_listen, settings.webhook_port, setting="DVC_WEBHOOK_PORT")
    try:
        await start_application(application)
        try:
            await application.bot.set_webhook(
                settings.webhook_url.rstrip("/") + WEBHOOK_PATH,
                secret_token=secret,
                allowed_updates=Update.ALL_TYPES,
            )
            app = create_webhook_app(application, secret, mount_console=settings.console_mount)
            await serve_until_signal(app, listener)
        finally:
            await stop_application(application)
    finally:
        listener.close()
