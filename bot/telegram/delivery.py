"""Sending a notification through PTB, with the library's errors named for the outbox.

``bot/tracking/delivery.py`` decides what to do with a failed send; this adapter only tells
it which failure it was. ``BadRequest`` and ``TimedOut`` are subclasses of ``NetworkError``
in PTB, so the order of the checks matters.

Notifications go with ``Priority.BACKGROUND`` when the bot has the
:class:`~bot.telegram.ratelimit.PriorityRateLimiter` (the application's bot does), so they
only use the sending capacity that answers to citizens leave (bot/telegram/ratelimit.py).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from telegram import Bot, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter
from telegram.ext import ExtBot

from bot.telegram.ratelimit import Priority, PriorityRateLimiter
from bot.tracking.delivery import SendBlocked, SendError, SendFn, SendRejected, SendWait


def _seconds(value: int | float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def named(exc: Exception) -> Exception:
    """The outbox's name for a PTB error (other errors pass through and are retried)."""
    if isinstance(exc, SendError):
        return exc
    if isinstance(exc, RetryAfter):
        return SendWait(_seconds(exc.retry_after), str(exc))
    if isinstance(exc, Forbidden):
        return SendBlocked(str(exc))
    if isinstance(exc, BadRequest | ChatMigrated):
        return SendRejected(str(exc))
    return exc


def bot_sender(bot: Bot, priority: Priority = Priority.BACKGROUND) -> SendFn:
    """A send function over a PTB bot, its calls of `priority` for the bot's rate limiter
    (passed only to a :class:`PriorityRateLimiter`: other limiters read other arguments)."""
    extra: dict[str, Any] = {}
    if isinstance(bot, ExtBot) and isinstance(bot.rate_limiter, PriorityRateLimiter):
        extra["rate_limit_args"] = priority

    async def send(chat_id: int, text: str) -> int | None:
        try:
            message = await bot.send_message(
                chat_id,
                text,
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                **extra,
            )
        except Exception as exc:
            error = named(exc)
            if error is exc:
                raise
            raise error from exc
        return message.message_id

    return send
