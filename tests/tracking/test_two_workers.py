"""Two worker processes on one PostgreSQL database share the work: no dossier is polled twice
in a cycle and no notification is sent twice. Skipped without ``DVC_TEST_DATABASE_URL``.

A cycle here is one poll of every subscription: the workers poll at a fixed interval of an
hour, so each cycle is started by the test (all subscriptions due now) and every dossier must
be looked up exactly once per cycle, by one worker or the other.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from bot.db.models import OutboxMessage, Subscription
from bot.portal.status import DossierStatus as S
from bot.tracking.outbox import OutboxState
from sandbox.portal_sim import build_store
from sandbox.telegram_state import TelegramState
from tests.conftest import PG_ENV
from tests.tracking.kit import add_dossiers, database, duplicates, subscribe
from tests.tracking.world import (
    TOKEN,
    PortalTap,
    TelegramTap,
    Worker,
    bot_texts,
    eventually,
    serve,
    start_chats,
    worker_env,
)

pytestmark = pytest.mark.skipif(not os.environ.get(PG_ENV), reason=f"{PG_ENV} is not set")
DOSSIERS = 60
ARGS = ("--poll-every", "3600", "--lease", "5", "--rps", "60", "--concurrency", "3")


async def test_two_workers_never_poll_or_send_twice(database_url: str, tmp_path: Path) -> None:
    store = build_store(seed=False)
    dossiers = add_dossiers(store, DOSSIERS, S.RECEIVED)
    state = TelegramState(TOKEN)
    portal, telegram = PortalTap(store), TelegramTap(state)
    async with (
        database(database_url) as sessions,
        serve(portal) as portal_url,
        serve(telegram) as telegram_url,
    ):
        env = worker_env(database_url, telegram_url, portal_url)
        workers = [Worker(f"w{i}", tmp_path, env, *ARGS) for i in range(2)]
        try:
            for worker in workers:
                await worker.ready()
            owners = await subscribe(sessions, dossiers)  # all due now, both workers up
            start_chats(state, list(owners.values()))

            async def polled_all() -> bool:
                async with sessions() as session:
                    query = select(func.count()).where(Subscription.last_polled_at.is_(None))
                    return not await session.scalar(query)

            await eventually(polled_all, 60, "first cycle")
            first_cycle = dict(portal.per_code)
            for dossier in dossiers:
                store.transition(dossier, S.PROCESSING)
            async with sessions.begin() as session:  # second cycle: everything due again
                await session.execute(
                    update(Subscription).values(next_poll_at=Subscription.created_at)
                )

            async def all_sent() -> bool:
                async with sessions() as session:
                    query = select(func.count()).where(OutboxMessage.state == OutboxState.SENT)
                    return await session.scalar(query) == DOSSIERS

            await eventually(all_sent, 60, "every change notified")
            counters = [json.loads(await worker.terminate()) for worker in workers]
        finally:
            for worker in workers:
                worker.stop_now()
    codes = [d.code for d in dossiers]
    assert all(first_cycle.get(code) == 1 for code in codes), first_cycle
    assert all(portal.per_code[code] == 2 for code in codes), portal.per_code
    texts = [text for code in codes for text in bot_texts(state, owners[code])]
    assert len(texts) == DOSSIERS and not duplicates(texts)
    assert telegram.processed == DOSSIERS
    polled = [c["poller"]["polled"] for c in counters]
    sent = [c["sender"]["sent"] for c in counters]
    assert sum(polled) == 2 * DOSSIERS and all(n > 0 for n in polled), counters
    assert sum(sent) == DOSSIERS, counters
