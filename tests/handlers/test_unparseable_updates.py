"""An update python-telegram-bot cannot read is skipped once, with one warning that holds no
part of it, and the bot goes on answering: in long polling and in webhook mode.

The unreadable update is a message carrying a poll in the shape from before Bot API 9.6 (its
options have no ``persistent_id``), which makes PTB 22's ``Update.de_json`` raise. Before,
polling asked for the same batch for ever and webhook mode answered 400, so Telegram (and
the fake server, which delivers in order) sent it again and again.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import httpx
import pytest

from bot.telegram.runtime import start_application, stop_application
from bot.telegram.webhook import WEBHOOK_PATH, create_webhook_app
from sandbox.telegram_client import TelegramSandboxClient
from sandbox.telegram_server import create_telegram_app
from sandbox.telegram_state import TelegramState
from tests.helpers.botrig import TEST_TOKEN, in_process_application, running_bot

USER = 7301
SECRET = "webhook-secret-0123456789"
#: In the unreadable update only: no log line may quote it.
CONTENT = "Số CCCD của tôi là 038095001234?"


def old_poll_message(user_id: int) -> dict[str, Any]:
    """A message with a poll whose options lack ``persistent_id`` (before Bot API 9.6)."""
    poll = {
        "id": "5012345678901234567",
        "question": CONTENT,
        "options": [{"text": "Có", "voter_count": 0}, {"text": "Không", "voter_count": 0}],
        "total_voter_count": 0,
        "is_closed": False,
        "is_anonymous": True,
        "type": "regular",
        "allows_multiple_answers": False,
    }
    return {
        "message": {
            "message_id": 90_001,
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private", "first_name": "Lan"},
            "from": {"id": user_id, "is_bot": False, "first_name": "Lan"},
            "poll": poll,
        }
    }


def warnings_about(caplog: pytest.LogCaptureFixture, update_id: int) -> list[str]:
    found = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    return [message for message in found if str(update_id) in message]


def quoting_content(caplog: pytest.LogCaptureFixture) -> list[str]:
    texts = [f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records]
    return [text for text in texts if CONTENT in text or "038095001234" in text]


async def test_polling_skips_an_unreadable_update_and_answers_the_next(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    # INFO, as the bot runs (PTB's own DEBUG lines quote every Bot API call and answer).
    caplog.set_level(logging.INFO)
    state = TelegramState(TEST_TOKEN)
    # Queued before the bot starts, so its first getUpdates brings both, the unreadable one
    # last: confirming the batch by its last readable update would fetch that one again.
    async with TelegramSandboxClient.in_process(create_telegram_app(state)) as early:
        first = await early.send_text(USER, "/help")
        bad_id = await early.inject_raw_update(old_poll_message(USER))
    async with running_bot(database_url, state=state) as rig:
        before = await rig.replies(first, USER)
        after = await rig.send(USER, "/start")
        calls = (await rig.client.stats())["method_counts"]["getUpdates"]
    assert before.texts and "/start" in before.texts[0]
    assert after.texts and "Xin chào" in after.texts[0]
    assert len(warnings_about(caplog, bad_id)) == 1
    assert quoting_content(caplog) == []
    # One call for the first batch, one for /start, maybe one that timed out: not a loop.
    assert calls < 10


async def test_webhook_acknowledges_an_unreadable_update_and_answers_the_next(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    state = TelegramState(TEST_TOKEN)
    application, tracker = in_process_application(database_url, state)
    telegram = create_telegram_app(state)  # the control API over the same state
    await start_application(application)
    # The fake Telegram delivers to the bot's webhook app in process, in order, one at a time.
    state.webhook.transport = httpx.ASGITransport(app=create_webhook_app(application, SECRET))
    try:
        async with TelegramSandboxClient.in_process(telegram) as client:
            await application.bot.set_webhook(
                f"https://bot.example{WEBHOOK_PATH}", secret_token=SECRET
            )
            bad_id = await client.inject_raw_update(old_poll_message(USER))
            sent = await client.send_text(USER, "/start")
            assert sent.update_id is not None
            await tracker.processed(sent.update_id)
            replies = await client.replies_since(USER, after=sent.marker)
            webhook = state.webhook.info()
    finally:
        await state.webhook.stop()
        await stop_application(application)
    assert replies.texts and "Xin chào" in replies.texts[0]
    assert "last_error_message" not in webhook  # every delivery was answered with 200
    assert state.webhook.delivered == 2
    assert bad_id not in tracker.done  # acknowledged, never handed to the handlers
    assert len(warnings_about(caplog, bad_id)) == 1
    assert quoting_content(caplog) == []
