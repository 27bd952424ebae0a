"""Two bot instances on one database and one (fake) Telegram: any instance can serve any
update, because conversation state lives in the database, not in PTB's per-process
``user_data``.

Both are the real application (``build_application``); instead of long polling, each update
the users send is handed by the test to instance A or B in turn (``process_update``), so
which instance serves what is certain. Shown: `/lang` on A holds on B; a status look-up
asked on A (the one-stop portal needs the owner's ID number) is answered on B, whose card
arrives while the message with the number is deleted; 🔔 on that card, pressed on A, follows
the dossier without asking again; `/follow` on B is finished by the ID number sent to A.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import select
from telegram import Update

from bot.db.models import PendingStep, Subscription
from bot.portal.status import DossierStatus
from bot.telegram.app import build_application
from bot.telegram.context import DvcApplication
from bot.telegram.runtime import start_application, stop_application
from sandbox.portal_sim import build_store, create_portal_app
from sandbox.portal_store import PortalStore, SimDossier
from sandbox.telegram_client import ChatMessage, TelegramSandboxClient
from sandbox.telegram_server import create_telegram_app
from sandbox.telegram_state import TelegramState
from tests.helpers.botrig import TEST_TOKEN, make_settings

pytestmark = pytest.mark.db

USER = 9301


@dataclass
class TwoBots:
    """Instances A and B, their shared fake Telegram and the users' remote control."""

    a: DvcApplication
    b: DvcApplication
    state: TelegramState
    client: TelegramSandboxClient

    async def _serve(self, application: DvcApplication, update_id: int | None) -> None:
        assert update_id is not None
        (raw,) = [u for u in self.state.updates if u["update_id"] == update_id]
        self.state.confirm(update_id + 1)  # no other instance gets it (as with getUpdates)
        await application.process_update(Update.de_json(raw, application.bot))

    async def say(self, application: DvcApplication, text: str) -> list[ChatMessage]:
        """The user sends `text`; `application` serves it. The bot's replies."""
        sent = await self.client.send_text(USER, text, language_code="vi")
        await self._serve(application, sent.update_id)
        # process_update returns once every handler is done: the replies are all there
        replies = await self.client.replies_since(USER, after=sent.marker)
        return replies.messages

    async def press(self, application: DvcApplication, label: str) -> list[ChatMessage]:
        pressed = await self.client.press_button(USER, label)
        await self._serve(application, pressed.update_id)
        replies = await self.client.replies_since(USER, after=pressed.marker)
        return replies.messages


@asynccontextmanager
async def two_bots(database_url: str, store: PortalStore) -> AsyncIterator[TwoBots]:
    state = TelegramState(TEST_TOKEN)
    telegram = create_telegram_app(state)
    portal = create_portal_app(store)
    applications = [
        build_application(
            make_settings(database_url, portal_kind="onestop"),
            token=TEST_TOKEN,
            transport=httpx.ASGITransport(app=telegram),
            portal_transport=httpx.ASGITransport(app=portal),
            rate_limiter=False,
        )
        for _ in range(2)
    ]
    async with AsyncExitStack() as stack:
        for application in applications:
            application.bot_data.services.tracking.in_process = False  # no poller here
            await start_application(application)
            stack.push_async_callback(stop_application, application)
        client = await stack.enter_async_context(TelegramSandboxClient.in_process(telegram))
        yield TwoBots(applications[0], applications[1], state, client)


def static(store: PortalStore, status: DossierStatus) -> SimDossier:
    return next(d for d in store.all() if d.status is status and not d.plan)


def buttons(message: ChatMessage) -> list[str]:
    return [text for row in message.button_texts for text in row]


async def test_any_instance_serves_the_next_message(database_url: str) -> None:
    store = build_store()
    dossier = static(store, DossierStatus.PROCESSING)
    other = static(store, DossierStatus.RECEIVED)
    owner = dossier.owner.id_number
    async with two_bots(database_url, store) as bots:
        # Language: B has served the user in Vietnamese; /lang on A; B answers in English.
        (hello_vi,) = await bots.say(bots.b, "xin chào")
        assert hello_vi.body.startswith("Xin chào")
        (switched,) = await bots.say(bots.a, "/lang en")
        assert switched.body.startswith("Switched to English")
        (hello_en,) = await bots.say(bots.b, "xin chào")
        assert hello_en.body.startswith("Hello!")

        # A asks for the owner's ID number; B takes it, deletes it and sends the card.
        (ask,) = await bots.say(bots.a, f"/status {dossier.code}")
        assert "ID card, passport or tax number" in ask.body
        (card,) = await bots.say(bots.b, owner)
        assert dossier.code in card.body and "🔔 Follow this dossier" in buttons(card)
        chat = await bots.client.chat(USER)
        (id_message,) = [m for m in chat if not m.from_bot and m.text == owner]
        assert id_message.deleted

        # 🔔 on that card, on A: the (encrypted) number kept by B is used, nothing is asked.
        (followed,) = await bots.press(bots.a, "🔔 Follow this dossier")
        assert "You are now following" in followed.body and dossier.code in followed.body

        # /follow on B asks; the number sent to A finishes it.
        (ask_follow,) = await bots.say(bots.b, f"/follow {other.code}")
        assert "To follow this dossier" in ask_follow.body
        (followed_other,) = await bots.say(bots.a, other.owner.id_number)
        assert "You are now following" in followed_other.body
        chat = await bots.client.chat(USER)
        assert all(m.deleted for m in chat if not m.from_bot and (m.text or "").isdigit())
        assert bots.state.api_errors == []

        services = bots.a.bot_data.services
        async with services.sessions() as session:
            rows = list((await session.scalars(select(Subscription))).all())
            steps = list((await session.scalars(select(PendingStep))).all())
    assert sorted(row.dossier_code for row in rows) == sorted([dossier.code, other.code])
    for row in rows:  # each number stored only encrypted, with its dossier
        assert row.owner_id_encrypted is not None
        assert owner.encode() not in row.owner_id_encrypted
    by_code = {row.dossier_code: row.owner_id_encrypted for row in rows}
    assert services.privacy.decrypt(by_code[dossier.code] or b"") == owner
    assert all(owner not in str(step.payload) for step in steps)
