"""The one place where Telegram's answers to a send become outbox decisions.

The sender sees a plain async function ``send(chat_id, html) -> message_id`` (so it can be
tested without Telegram) and :func:`deliver` turns whatever that function raises into a
:class:`Outcome`:

==========================================  ==========  ===================================
python-telegram-bot exception               outcome     what the sender does
==========================================  ==========  ===================================
(none)                                      SENT        mark sent
``RetryAfter`` (429)                        WAIT        pending again after ``retry_after``
``Forbidden`` (403: blocked, deactivated)   BLOCKED     dead; the user's subscriptions end
``BadRequest`` (400), ``ChatMigrated``      REJECTED    dead (retrying cannot help)
``TimedOut``, ``NetworkError`` (5xx …),     RETRY       pending again with backoff
``InvalidToken``, ``Conflict``
send cut off at ``send_timeout``            WAIT        as a 429 (the limiter was waiting)
==========================================  ==========  ===================================

``BadRequest`` and ``TimedOut`` are subclasses of ``NetworkError`` in PTB, so the order of
the checks matters. A ``TimedOut`` after the request was written is *ambiguous* (Telegram may
have delivered it); it is retried, like a crash in the same place (see bot/tracking/sender.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from telegram import Bot, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

SendFn = Callable[[int, str], Awaitable[int | None]]


class Result(StrEnum):
    SENT = "sent"
    WAIT = "wait"
    RETRY = "retry"
    BLOCKED = "blocked"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Outcome:
    result: Result
    message_id: int | None = None
    retry_after: float = 0.0
    error: str = ""


def _seconds(value: int | float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def classify(exc: BaseException) -> Outcome:
    """Map an exception raised by a send to an outcome (see the table above)."""
    text = f"{type(exc).__name__}: {exc}"[:300]
    if isinstance(exc, RetryAfter):
        return Outcome(Result.WAIT, retry_after=_seconds(exc.retry_after), error=text)
    if isinstance(exc, Forbidden):
        return Outcome(Result.BLOCKED, error=text)
    if isinstance(exc, BadRequest | ChatMigrated):
        return Outcome(Result.REJECTED, error=text)
    if isinstance(exc, TimedOut | NetworkError | TelegramError | TimeoutError | OSError):
        return Outcome(Result.RETRY, error=text)
    return Outcome(Result.RETRY, error=text)


async def deliver(send: SendFn, chat_id: int, text: str, *, limit: float) -> Outcome:
    """Send once, within ``limit`` seconds, and classify the result.

    Running into ``limit`` (longer than PTB's own HTTP timeouts) almost always means PTB's
    rate limiter was still waiting out a long ``retry_after``: it is treated like a 429
    (wait, attempt not counted), so a long flood wait cannot use up a row's attempts.
    """
    try:
        async with asyncio.timeout(limit):
            message_id = await send(chat_id, text)
    except asyncio.CancelledError:
        raise
    except TimeoutError:
        error = f"send cut off after {limit:g} s (rate limiter waiting)"
        return Outcome(Result.WAIT, retry_after=min(limit, 60.0), error=error)
    except Exception as exc:
        return classify(exc)
    return Outcome(Result.SENT, message_id=message_id)


def bot_sender(bot: Bot) -> SendFn:
    """A send function over a PTB bot (the application's bot keeps its AIORateLimiter)."""

    async def send(chat_id: int, text: str) -> int | None:
        message = await bot.send_message(
            chat_id,
            text,
            parse_mode=ParseMode.HTML,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
        )
        return message.message_id

    return send
