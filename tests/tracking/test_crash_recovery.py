"""SIGKILL a worker process mid-sweep and mid-send, restart it: every change is notified
exactly once (no loss, no duplicate). Runs on SQLite, and on PostgreSQL in CI.

The world (fake Telegram server, portal simulator) lives in this test process over loopback;
the worker is ``run_bot.py worker`` in a subprocess. Kill points:

1. during the portal sweep — when the 5th look-up of the round reaches the portal;
2. while sends are in flight — the fake Telegram server holds every sendMessage after the 4th
   of the round without processing it; once every message Telegram did process is marked
   sent in the database (i.e. *between* sends), the worker is killed and the held requests are
   dropped;
3. the same again on the next change, so a restarted worker is killed too.

What is *not* tested, because no client can make it exactly-once (see bot/tracking/sender.py):
a kill in the microseconds after Telegram processed a message and before its ``sent`` mark
is committed — that message is sent again after the take-over.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path

from sqlalchemy import func, select

from bot.db.models import OutboxMessage, Subscription
from bot.portal.status import DossierStatus as S
from bot.tracking.outbox import OutboxState
from sandbox.portal_sim import build_store
from sandbox.telegram_state import TelegramState
from tests.tracking.kit import add_dossiers, database, parse_change, subscribe
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

DOSSIERS = 10
ROUNDS = (S.PROCESSING, S.SUPPLEMENT_REQUIRED, S.PROCESSING)
LABELS = ["Đang xử lý", "Cần bổ sung hồ sơ", "Đang xử lý"]
ARGS = ("--poll-every", "0.25", "--lease", "2.5", "--rps", "100", "--concurrency", "4")


async def test_sigkill_mid_sweep_and_mid_send_notifies_every_change_once(
    database_url: str, tmp_path: Path
) -> None:
    store = build_store(seed=False)
    dossiers = add_dossiers(store, DOSSIERS, S.RECEIVED)
    state = TelegramState(TOKEN)
    portal, telegram = PortalTap(store), TelegramTap(state)
    workers: list[Worker] = []
    async with (
        database(database_url) as sessions,
        serve(portal) as portal_url,
        serve(telegram) as telegram_url,
    ):
        owners = await subscribe(sessions, dossiers)
        start_chats(state, list(owners.values()))
        env = worker_env(database_url, telegram_url, portal_url)

        def spawn() -> Worker:
            worker = Worker(f"worker{len(workers)}", tmp_path, env, *ARGS)
            workers.append(worker)
            return worker

        async def sent_rows() -> int:
            async with sessions() as session:
                query = select(func.count()).where(OutboxMessage.state == OutboxState.SENT)
                return int(await session.scalar(query) or 0)

        async def statuses_are(status: S) -> bool:
            async with sessions() as session:
                values = (await session.scalars(select(Subscription.last_status))).all()
            return all(value == int(status) for value in values)

        try:
            current = spawn()
            await current.ready()
            for number, status in enumerate(ROUNDS):
                expected = DOSSIERS * (number + 1)
                for dossier in dossiers:
                    store.transition(dossier, status)
                if number == 0:  # kill point 1: in the middle of the portal sweep
                    portal.on_request = current.kill
                    portal.new_round(trigger_at=5)
                    await current.wait_dead()
                    portal.on_request = None
                    current = spawn()
                    await current.ready()
                else:  # kill points 2 and 3: sends in flight, all earlier ones recorded
                    telegram.arm(after=4)
                    processed = telegram.processed + 4
                    await eventually(lambda: _held(telegram), 30, "a held sendMessage")
                    await eventually(partial(_equal, sent_rows, processed), 30, "sent marks")
                    current.kill()
                    await current.wait_dead()
                    telegram.release(drop=True)
                    current = spawn()
                    await current.ready()
                await eventually(partial(statuses_are, status), 60, f"all {status.name}")
                await eventually(partial(_equal, sent_rows, expected), 60, f"{expected} sent")
            # A few more poll cycles (every dossier looked up twice more): nothing else arrives.
            before = {dossier.code: portal.per_code[dossier.code] for dossier in dossiers}
            await eventually(partial(_looked_up, portal, before, 2), 30, "two more sweeps")
            await current.terminate()
        finally:
            for worker in workers:
                worker.stop_now()
        final_rows = await _outbox(sessions)
    assert telegram.held >= 2
    assert sum(row.attempts > 1 for row in final_rows) >= 2  # held rows were taken over
    assert {row.state for row in final_rows} == {OutboxState.SENT}
    assert len(final_rows) == DOSSIERS * len(ROUNDS)
    for dossier in dossiers:
        received = [parse_change(text) for text in bot_texts(state, owners[dossier.code])]
        assert [label for _, label in filter(None, received)] == LABELS, dossier.code
    assert state.api_errors == []
    assert len(workers) == 4  # three kills, three restarts


async def _looked_up(tap: PortalTap, before: dict[str, int], times: int) -> bool:
    return all(tap.per_code[code] >= count + times for code, count in before.items())


async def _held(tap: TelegramTap) -> bool:
    return tap.held > 0 and not tap._gate.is_set()


async def _equal(count: Callable[[], Awaitable[int]], expected: int) -> bool:
    value = await count()
    assert value <= expected, f"more sent rows than Telegram processed: {value} > {expected}"
    return bool(value == expected)


async def _outbox(sessions: object) -> list[OutboxMessage]:
    async with sessions() as session:  # type: ignore[operator]
        return list((await session.scalars(select(OutboxMessage))).all())
