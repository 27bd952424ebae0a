"""Webhook delivery for the fake Bot API server.

When the bot calls setWebhook, a background task POSTs pending updates one at a time, in
order, as JSON to the webhook URL with the ``X-Telegram-Bot-Api-Secret-Token`` header.
An update is confirmed only by a 2xx answer; otherwise the error is recorded (visible in
getWebhookInfo) and the update is retried with a growing back-off, as Telegram does.
The HTTP transport can be injected (e.g. ``httpx.ASGITransport`` for the bot's own app).
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from sandbox.telegram_state import TelegramState

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@dataclass
class WebhookConfig:
    """What setWebhook configured, plus the last delivery error."""

    url: str
    secret_token: str | None = None
    max_connections: int = 40
    ip_address: str | None = None
    last_error_date: int | None = None
    last_error_message: str | None = None


class WebhookSender:
    """Delivers the state's pending updates to the configured webhook."""

    def __init__(self, state: TelegramState, transport: httpx.AsyncBaseTransport | None) -> None:
        self.state = state
        self.transport = transport
        self.config: WebhookConfig | None = None
        self.delivered = 0
        self.attempts = 0
        self._task: asyncio.Task[None] | None = None

    async def start(self, config: WebhookConfig) -> None:
        """Set (or replace) the webhook and start delivering."""
        await self.stop()
        self.config = config
        self._task = asyncio.get_running_loop().create_task(self._run(config))
        self.state.notify()

    async def stop(self) -> None:
        """Remove the webhook and stop delivering."""
        self.config = None
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self.state.notify()

    def info(self) -> dict[str, Any]:
        """Bot API ``WebhookInfo``."""
        pending = len(self.state.updates)
        cfg = self.config
        if cfg is None:
            return {"url": "", "has_custom_certificate": False, "pending_update_count": pending}
        data: dict[str, Any] = {
            "url": cfg.url,
            "has_custom_certificate": False,
            "pending_update_count": pending,
            "max_connections": cfg.max_connections,
        }
        if self.state.allowed_updates:
            data["allowed_updates"] = list(self.state.allowed_updates)
        if cfg.ip_address:
            data["ip_address"] = cfg.ip_address
        if cfg.last_error_date is not None:
            data["last_error_date"] = cfg.last_error_date
            data["last_error_message"] = cfg.last_error_message
        return data

    async def _run(self, config: WebhookConfig) -> None:
        headers = {"Content-Type": "application/json"}
        if config.secret_token:
            headers[SECRET_HEADER] = config.secret_token
        failures = 0
        async with httpx.AsyncClient(transport=self.transport, timeout=10.0) as client:
            while self.config is config:
                event = self.state.pulse.waiter()
                pending = self.state.deliverable(1)
                if not pending:
                    await self.state.pulse.wait(event, 30.0)
                    continue
                update = pending[0]
                self.attempts += 1
                error = await self._post(client, config.url, update, headers)
                if error is None:
                    failures = 0
                    self.delivered += 1
                    with contextlib.suppress(ValueError):
                        self.state.updates.remove(update)
                    self.state.notify()
                    continue
                failures += 1
                config.last_error_date = self.state.now()
                config.last_error_message = error
                await asyncio.sleep(min(2.0, 0.05 * 2**failures))

    @staticmethod
    async def _post(
        client: httpx.AsyncClient, url: str, update: dict[str, Any], headers: dict[str, str]
    ) -> str | None:
        try:
            response = await client.post(url, json=update, headers=headers)
        except httpx.HTTPError as exc:
            return f"Connection failed: {exc.__class__.__name__}"
        if 200 <= response.status_code < 300:
            return None
        return f"Wrong response from the webhook: {response.status_code} {response.reason_phrase}"
