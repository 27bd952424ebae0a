"""Two `run --webhook` processes and two `worker` processes on one PostgreSQL, end to end.

The fake Telegram server delivers every update to one webhook URL, as real Telegram does;
behind it a round-robin proxy (the load balancer) hands the updates to instance A and B in
turn. Both instances registered that URL with the same secret; neither polls dossiers
(``--no-tracking``): two ``run_bot.py worker`` processes poll the portal simulator
(one-stop kind, so look-ups and follows need the owner's ID number) and send notifications.

100 citizens act at once, ten updates each (tests/helpers/citizens.py): /start, questions,
/lang, /status CODE and the owner's ID number (plain, with hyphens, spaces or dots, in a
sentence, a wrong one first), /follow CODE and the number, the menu's and the card's
buttons, /mine. Half of them follow a dossier another citizen follows too. Every update must
be answered by exactly one message, in the language chosen last (whichever instance served
the /lang and whichever serves the next update), every message holding an ID number
deleted, every press answered. Then every followed dossier changes status on the portal
and its next poll is brought forward (the bot scheduled it hours ahead): each follower is
told exactly once, also after two more sweeps of the workers.

PostgreSQL only: SQLite is one file for one process (CI runs it with ``pytest -m db`` and
``DVC_TEST_DATABASE_URL`` set to PostgreSQL).
"""

from __future__ import annotations

import asyncio
import os
from contextlib import AsyncExitStack
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import OutboxMessage, Subscription
from bot.personal_numbers import holds_personal_number
from bot.portal.status import DossierStatus as S
from bot.tracking.outbox import OutboxState
from sandbox.portal_seed import new_dossier
from sandbox.portal_sim import build_store, create_portal_app
from sandbox.portal_store import Owner, PortalStore
from sandbox.telegram_client import ChatMessage, TelegramSandboxClient
from sandbox.telegram_server import create_telegram_app
from sandbox.telegram_state import TelegramState
from tests.cli.test_startup_errors import free_port
from tests.conftest import PG_ENV
from tests.helpers.citizens import PLANS, UPDATES_PER_PLAN, Citizen, Dossier, Said
from tests.helpers.webhook_farm import OnestopTap, RoundRobinProxy, WebhookInstance
from tests.tracking.kit import database, parse_change
from tests.tracking.world import TOKEN, Worker, eventually, serve, worker_env

pytestmark = [
    pytest.mark.db,
    pytest.mark.skipif(
        not os.environ.get(PG_ENV, "").startswith("postgresql"),
        reason=f"several processes share one database: needs PostgreSQL in {PG_ENV}",
    ),
]

USERS = 100
FIRST_USER = 60_000
SECRET = "two-instances-secret-0123456789"
WORKER_ARGS = ("--poll-every", "2", "--lease", "5", "--rps", "200", "--concurrency", "8")
CHANGED = Said("Cần bổ sung hồ sơ", "More documents required")

Sessions = async_sessionmaker[AsyncSession]


def add_dossier(store: PortalStore, owner_id: str) -> Dossier:
    """A dossier being processed that moves only when the test says so."""
    owner = Owner(
        name="Nguyễn Văn Thử",
        id_number=owner_id,
        phone="0900000100",
        email="thu.nghiem@example.invalid",
        address="Số 1, đường Thử Nghiệm",
    )
    dossier = new_dossier(store, submitted_at=store.clock.now(), owner=owner)
    dossier.processing_days = 15
    store.transition(dossier, S.RECEIVED)
    store.transition(dossier, S.PROCESSING)
    return Dossier(dossier.code, owner_id)


def dossiers(store: PortalStore) -> tuple[list[Dossier], list[Dossier]]:
    """Each citizen's own dossier, and the other one they follow: their own second one
    (even users) or their neighbour's first (odd users; two followers)."""
    own = [add_dossier(store, f"0380950{user:05d}") for user in range(USERS)]
    other = [
        add_dossier(store, f"0790851{user:05d}") if user % 2 == 0 else own[user - 1]
        for user in range(USERS)
    ]
    return own, other


async def test_two_instances_and_two_workers_answer_and_notify_once(
    database_url: str, tmp_path: Path
) -> None:
    store = build_store(seed=False)
    own, other = dossiers(store)
    state = TelegramState(TOKEN, local_mode=True)  # the proxy's URL is http://
    telegram = create_telegram_app(state)
    portal = OnestopTap(create_portal_app(store))
    ports = [free_port(), free_port()]
    processes: list[WebhookInstance | Worker] = []
    async with AsyncExitStack() as stack:
        stack.push_async_callback(state.aclose)
        proxy = await stack.enter_async_context(
            RoundRobinProxy([f"http://127.0.0.1:{port}" for port in ports])
        )
        proxy_url = await stack.enter_async_context(serve(proxy))
        telegram_url = await stack.enter_async_context(serve(telegram))
        portal_url = await stack.enter_async_context(serve(portal))
        env = {
            **worker_env(database_url, telegram_url, portal_url),
            "DVC_PORTAL_KIND": "onestop",
            "DVC_WEBHOOK_URL": proxy_url,
            "DVC_WEBHOOK_SECRET": SECRET,
        }
        instances = [
            WebhookInstance(f"bot{n}", tmp_path, env, port) for n, port in enumerate(ports)
        ]
        workers = [Worker(f"worker{i}", tmp_path, env, *WORKER_ARGS) for i in range(2)]
        processes += [*instances, *workers]
        try:
            await asyncio.gather(*(p.ready() for p in processes))
            assert state.webhook.config is not None
            assert state.webhook.config.url == f"{proxy_url}/telegram"
            sessions = await stack.enter_async_context(database(database_url))
            client = await stack.enter_async_context(TelegramSandboxClient.in_process(telegram))
            citizens = [Citizen(FIRST_USER + user, client) for user in range(USERS)]
            async with asyncio.TaskGroup() as group:
                for user, citizen in enumerate(citizens):
                    plan = PLANS[user % len(PLANS)]
                    group.create_task(plan(citizen, own[user], other[user]))

            followed = sorted({code for c in citizens for code in c.followed})
            for code in followed:
                dossier = store.get(code)
                assert dossier is not None
                store.transition(dossier, S.SUPPLEMENT_REQUIRED)
            await _poll_now(sessions)
            await eventually(lambda: _all_notified(client, citizens), 90, "notifications")
            # Two more sweeps of every followed dossier: nothing else arrives.
            seen = {code: portal.per_code[code] for code in followed}
            await eventually(lambda: _polled(portal, seen, 2), 60, "two more sweeps")
            for process in processes:  # SIGTERM: each stops by itself
                await process.terminate()
            exits = [process.proc.returncode for process in processes]
            outbox = await _outbox(sessions)
            subscriptions = await _subscriptions(sessions)
            chats = {c.user_id: await client.chat(c.user_id) for c in citizens}
        finally:
            for process in processes:
                process.stop_now()

    # Delivery: each update reached one instance once, and was acknowledged with 200.
    sent = [update for c in citizens for update in c.update_ids]
    assert len(sent) == len(set(sent)) == USERS * UPDATES_PER_PLAN
    assert set(proxy.served_by) == set(sent)
    assert dict(proxy.statuses) == {200: len(sent)}
    assert state.webhook.delivered == state.webhook.attempts == len(sent)
    assert state.updates == []
    assert set(proxy.served_by.values()) == {0, 1}

    # The dialogue state is shared: /lang on one instance held on the other, and so did the
    # owner-ID step (each pair was checked by the citizen: the next answer was right).
    def crossed(pairs: list[tuple[int, int]]) -> int:
        return sum(proxy.served_by[a] != proxy.served_by[b] for a, b in pairs)

    assert crossed([p for c in citizens for p in c.lang_switches]) >= 20
    assert crossed([p for c in citizens for p in c.owner_steps]) >= 20

    followers = {(c.user_id, code) for c in citizens for code in c.followed}
    assert len(followers) == 2 * USERS and len(followed) == USERS * 3 // 2
    assert len(subscriptions) == len(followers)
    assert {row.last_status for row in subscriptions} == {int(S.SUPPLEMENT_REQUIRED)}
    assert len(outbox) == len(followers) and {row.state for row in outbox} == {OutboxState.SENT}

    for citizen in citizens:
        chat = chats[citizen.user_id]
        answers = [m for m in chat if m.from_bot and parse_change(m.html or "") is None]
        assert len(answers) == UPDATES_PER_PLAN, citizen.user_id  # one answer per update
        notified = sorted(filter(None, (parse_change(m.html or "") for m in chat)))
        label = CHANGED(citizen.lang)
        assert notified == sorted((code, label) for code in citizen.followed), citizen.user_id
        assert _id_messages(chat) == sorted(citizen.id_messages), citizen.user_id
        assert all(m.deleted for m in chat if m.message_id in citizen.id_messages)
    presses = [state.callback_queries[p] for c in citizens for p in c.presses]
    assert presses and all(press.answer is not None for press in presses)
    assert state.api_errors == []

    assert exits == [0, 0, 0, 0]
    owner_ids = {d.owner_id for d in [*own, *other]}
    for process in processes:
        log = process.err.read_text(errors="replace")
        assert "Traceback" not in log, (process.name, log[-3000:])
        assert not [n for n in owner_ids if n in log], process.name  # no ID number logged


def _id_messages(chat: list[ChatMessage]) -> list[int]:
    """The citizen's messages that hold a personal number."""
    return sorted(
        m.message_id for m in chat if not m.from_bot and holds_personal_number(m.text or "")
    )


async def _all_notified(client: TelegramSandboxClient, citizens: list[Citizen]) -> bool:
    for citizen in citizens:
        chat = await client.chat(citizen.user_id)
        changes = [m for m in chat if m.from_bot and parse_change(m.html or "") is not None]
        if len(changes) < len(citizen.followed):
            return False
    return True


async def _polled(tap: OnestopTap, seen: dict[str, int], times: int) -> bool:
    return all(tap.per_code[code] >= count + times for code, count in seen.items())


async def _poll_now(sessions: Sessions) -> None:
    """The time of every dossier's next poll has come (the bot scheduled them hours ahead,
    by the production policy; the workers poll every 2 s from then on)."""
    async with sessions() as session, session.begin():
        await session.execute(update(Subscription).values(next_poll_at=datetime.now(UTC)))


async def _outbox(sessions: Sessions) -> list[OutboxMessage]:
    async with sessions() as session:
        return list((await session.scalars(select(OutboxMessage))).all())


async def _subscriptions(sessions: Sessions) -> list[Subscription]:
    async with sessions() as session:
        query = select(Subscription).where(Subscription.active.is_(True))
        return list((await session.scalars(query)).all())
