"""The one place where the answers to a send become outbox decisions.

The sender sees a plain async function ``send(chat_id, html) -> message_id`` (so it can be
tested without Telegram) and :func:`deliver` turns whatever that function raises into a
:class:`Outcome`. The Telegram adapter (``bot/telegram/delivery.py``) translates the
library's exceptions into the ones below, so this module knows no Telegram library:

==========================================  ==========  ===================================
exception raised by ``send``                outcome     what the sender does
==========================================  ==========  ===================================
(none)                                      SENT        mark sent
:class:`SendWait` (429)                     WAIT        pending again after ``retry_after``
:class:`SendBlocked` (403: blocked …)       BLOCKED     dead; the user's subscriptions end
:class:`SendRejected` (400, chat migrated)  REJECTED    dead (retrying cannot help)
anything else (timeouts, 5xx, network)      RETRY       pending again with backoff
send cut off at ``send_timeout``            WAIT        as a 429 (the limiter was waiting)
==========================================  ==========  ===================================

A timeout after the request was written is *ambiguous* (Telegram may have delivered it); it
is retried, like a crash in the same place (see bot/tracking/sender.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum

SendFn = Callable[[int, str], Awaitable[int | None]]


class SendError(Exception):
    """A send failed in a way the adapter could name; anything else is retried."""


class SendWait(SendError):
    """The messenger asked to wait (HTTP 429) before sending again."""

    def __init__(self, retry_after: float, message: str = "") -> None:
        super().__init__(message or f"retry after {retry_after:g} s")
        self.retry_after = retry_after


class SendBlocked(SendError):
    """The user blocked the bot or deleted the account: nothing will ever arrive."""


class SendRejected(SendError):
    """The messenger refused this message for good (bad request, migrated chat)."""


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


def classify(exc: BaseException) -> Outcome:
    """Map an exception raised by a send to an outcome (see the table above)."""
    text = f"{type(exc).__name__}: {exc}"[:300]
    if isinstance(exc, SendWait):
        return Outcome(Result.WAIT, retry_after=exc.retry_after, error=text)
    if isinstance(exc, SendBlocked):
        return Outcome(Result.BLOCKED, error=text)
    if isinstance(exc, SendRejected):
        return Outcome(Result.REJECTED, error=text)
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
