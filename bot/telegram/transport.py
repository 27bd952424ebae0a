"""The Bot API transport: PTB's HTTPXRequest with a cheap queue in front of the pool, and
retries for requests Telegram did not carry out.

httpcore 1.0's connection pool re-examines every pooled connection and every queued request
each time a request is queued or finished (``_assign_requests_to_connections``, tracked in
encode/httpcore#1035 and fixed in the httpx2 fork by pydantic/httpx2#974/#1075). With a few
hundred replies waiting for eight connections, which is what a burst of updates produces,
that bookkeeping costs more CPU than the requests themselves: measured against the fake
Telegram server, one card reply took 1.06 ms of CPU with 8 requests in flight and 1.56 ms
with 256. Here at most ``connection_pool_size`` requests enter the pool at a time; the rest
wait on an ``asyncio.Semaphore``, which costs nothing per waiter.

Waiting for a slot is not limited by ``pool_timeout``: every request that holds a slot ends
within its own connect/read/write timeouts, so the queue always moves, and under a burst a
reply that waits a second is better than a reply dropped with ``PoolTimeout``.

Retries (``retry_delays``: after the first and the second failure, jittered) keep a reply
from being lost to a passing fault, without ever sending it twice knowingly:

* a 5xx answer: Telegram failed before carrying the request out, so any method is sent
  again. (A gateway in front of the Bot API could fail after the backend sent the message;
  a rare duplicate is preferred to an answer lost without a trace.)
* a connection that could not be made, or a request that could not be written in full
  (connect/pool/write errors): Telegram never read a whole request, so any method again.
* an error after the request was written (read timeout, connection dropped while waiting):
  Telegram may have carried it out, so only idempotent methods (``get*``,
  ``sendChatAction``) are repeated; a ``sendMessage`` is not, and fails as before.
* never: a 4xx (the request is wrong; 429 is PTB's ``RetryAfter``, which the
  rate limiter waits out and retries, bot/telegram/ratelimit.py), and never ``getUpdates``,
  whose polling loop retries by itself.

A slot is released while waiting to retry. Log lines name the method, never the URL, which
holds the bot token.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Sequence
from typing import Any

import httpx
from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import ODVInput
from telegram.error import TelegramError
from telegram.request import HTTPXRequest, RequestData

log = logging.getLogger(__name__)

#: Waits before the second and the third attempt (each jittered by ±25%).
RETRY_DELAYS = (0.5, 1.0)
#: Raised before Telegram could read a whole request (PTB keeps them as ``__cause__``).
_NOT_SENT = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.WriteError,
    httpx.WriteTimeout,
)


def _method(url: str) -> str:
    """The Bot API method of a request URL (``…/bot<token>/sendMessage``)."""
    return url.rsplit("/", 1)[-1]


def _idempotent(method: str) -> bool:
    """Safe to repeat even if Telegram carried it out already."""
    return method == "sendChatAction" or (method.startswith("get") and method != "getUpdates")


def _retryable(method: str, error: TelegramError) -> bool:
    """Whether a request that raised `error` may go out again."""
    if method == "getUpdates":
        return False
    return isinstance(error.__cause__, _NOT_SENT) or _idempotent(method)


class BoundedHTTPXRequest(HTTPXRequest):
    """``HTTPXRequest`` that lets at most ``connection_pool_size`` requests into the pool and
    retries requests that failed without being carried out (see the module docstring)."""

    def __init__(
        self,
        connection_pool_size: int = 8,
        *,
        retry_delays: Sequence[float] = RETRY_DELAYS,
        **kwargs: Any,
    ) -> None:
        if connection_pool_size < 1:
            raise ValueError("connection_pool_size must be at least 1")
        super().__init__(connection_pool_size=connection_pool_size, **kwargs)
        self._slots = asyncio.Semaphore(connection_pool_size)
        self._retry_delays = tuple(retry_delays)

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        api_method = _method(url)
        attempts = len(self._retry_delays) + 1
        for attempt in range(1, attempts + 1):
            last = attempt == attempts
            try:
                async with self._slots:
                    code, payload = await super().do_request(
                        url,
                        method,
                        request_data,
                        read_timeout=read_timeout,
                        write_timeout=write_timeout,
                        connect_timeout=connect_timeout,
                        pool_timeout=pool_timeout,
                    )
            except TelegramError as exc:
                if last or not _retryable(api_method, exc):
                    raise
                problem = type(exc.__cause__ or exc).__name__
            else:
                if code < 500 or last or api_method == "getUpdates":
                    return code, payload
                problem = f"HTTP {code}"
            log.warning(
                "Bot API %s: %s (attempt %d/%d), retrying",
                api_method,
                problem,
                attempt,
                attempts,
            )
            await asyncio.sleep(self._retry_delays[attempt - 1] * random.uniform(0.75, 1.25))
        raise AssertionError("unreachable")  # pragma: no cover
