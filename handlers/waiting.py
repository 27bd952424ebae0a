"""A sign of life while the bot waits on the portal: Telegram's "typing…" in the chat.

``async with showing_progress(message):`` around a slow call shows nothing when the call
ends within ``FIRST_SIGN_S`` (most look-ups), and "typing…" after that, renewed every
``RENEW_S`` because Telegram clears it after about five seconds or at the bot's next
message. How long the wait may last is the service's business (a citizen's look-up gives
up after ``bot.dossiers.lookup.LOOKUP_DEADLINE_S`` and says the portal is not answering).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from telegram import Message
from telegram.constants import ChatAction
from telegram.error import TelegramError

log = logging.getLogger(__name__)

FIRST_SIGN_S = 1.0
RENEW_S = 4.0


async def _keep_typing(message: Message) -> None:
    thread_id = message.message_thread_id if message.is_topic_message else None
    await asyncio.sleep(FIRST_SIGN_S)
    while True:
        try:
            await message.chat.send_action(ChatAction.TYPING, message_thread_id=thread_id)
        except TelegramError as exc:  # only a courtesy: the answer still follows
            log.debug("no typing sign: %s", type(exc).__name__)
            return
        await asyncio.sleep(RENEW_S)


@asynccontextmanager
async def showing_progress(message: Message) -> AsyncIterator[None]:
    """Show "typing…" in `message`'s chat while the block runs longer than a second."""
    typing = asyncio.create_task(_keep_typing(message))
    try:
        yield
    finally:
        typing.cancel()
        # Waits for the task to end; a cancellation of this task itself still propagates.
        await asyncio.gather(typing, return_exceptions=True)
