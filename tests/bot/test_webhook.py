"""Webhook mode: only requests with the secret header are accepted; updates reach the bot."""

from __future__ import annotations

import time

import httpx

from bot.telegram.runtime import start_application, stop_application
from bot.telegram.webhook import SECRET_HEADER, WEBHOOK_PATH, create_webhook_app
from sandbox.telegram_client import TelegramSandboxClient
from sandbox.telegram_server import create_telegram_app
from sandbox.telegram_state import TelegramState
from tests.helpers.botrig import TEST_TOKEN, in_process_application

USER = 9191
SECRET = "webhook-secret-0123456789"


def update_json(update_id: int, text: str) -> dict[str, object]:
    user = {"id": USER, "is_bot": False, "first_name": "Lan", "language_code": "vi"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "chat": {"id": USER, "type": "private", "first_name": "Lan"},
            "from": user,
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}],
        },
    }


async def test_webhook_checks_the_secret_and_feeds_the_bot(database_url: str) -> None:
    state = TelegramState(TEST_TOKEN)
    application, tracker = in_process_application(database_url, state)
    telegram = create_telegram_app(state)  # the control API over the same state
    await start_application(application)
    webhook = create_webhook_app(application, SECRET)
    try:
        async with (
            TelegramSandboxClient.in_process(telegram) as client,
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=webhook), base_url="http://bot"
            ) as http,
        ):
            # The user opens the chat (the fake server only lets the bot write to known chats);
            # that update goes to getUpdates, which nobody polls in webhook mode.
            await client.send_text(USER, "xin chào")
            refused = await http.post(WEBHOOK_PATH, json=update_json(1, "/help"))
            wrong = await http.post(
                WEBHOOK_PATH, json=update_json(2, "/help"), headers={SECRET_HEADER: "nope"}
            )
            garbage = await http.post(
                WEBHOOK_PATH, content=b"{not json", headers={SECRET_HEADER: SECRET}
            )
            unreadable = await http.post(
                WEBHOOK_PATH,
                json={"update_id": 4, "message": {"message_id": 1, "date": 0, "chat": "x"}},
                headers={SECRET_HEADER: SECRET},
            )
            accepted = await http.post(
                WEBHOOK_PATH, json=update_json(3, "/help"), headers={SECRET_HEADER: SECRET}
            )
            health = await http.get("/healthz")
            metrics = await http.get("/metrics")
            await tracker.processed(3)  # the accepted one, handled in the background
            replies = await client.bot_messages(USER)
    finally:
        await stop_application(application)
    assert (refused.status_code, wrong.status_code) == (403, 403)
    # Acknowledged, or Telegram would send them again (tests/handlers/test_unparseable_updates.py).
    assert (garbage.status_code, unreadable.status_code) == (200, 200)
    assert accepted.status_code == 200
    assert health.json() == {"ok": True}
    assert 'dvc_webhook_updates_total{result="refused"} 2.0' in metrics.text
    assert tracker.done == {3}  # the refused and the unreadable ones never reached the bot
    assert len(replies) == 1 and "/start" in replies[0].body
