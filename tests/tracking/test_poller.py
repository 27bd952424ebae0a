"""The poller against the portal simulator: changes become outbox rows once, fencing, the
circuit breaker pausing the sweep, the owner ID for the one-stop portal, the request budget."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from sqlalchemy import update

from bot.calendar import WorkCalendar
from bot.db.models import Subscription
from bot.db.privacy import Privacy
from bot.portal.http import BreakerState
from bot.portal.models import Dossier
from bot.portal.status import DossierStatus as S
from bot.tracking.budget import RequestBudget
from bot.tracking.poller import Poller
from sandbox.portal_sim import build_store
from tests.tracking.kit import (
    SECRET,
    ManualClock,
    add_dossiers,
    database,
    fast_config,
    outbox_rows,
    sim_adapter,
    subscribe,
    subscription_rows,
)
from tests.tracking.world import eventually


def poller(sessions: Any, portal: Any, **kwargs: Any) -> Poller:
    config = kwargs.pop("config", fast_config())
    return Poller(
        sessions=sessions,
        portal=portal,
        privacy=Privacy(SECRET),
        config=config,
        calendar=WorkCalendar(),
        **kwargs,
    )


async def test_changes_become_outbox_rows_exactly_once(database_url: str) -> None:
    store = build_store(seed=False)
    dossiers = add_dossiers(store, 30)
    async with database(database_url) as sessions:
        await subscribe(sessions, dossiers)
        adapter, _ = sim_adapter(store)
        for dossier in dossiers[:10]:
            store.transition(dossier, S.PROCESSING)
        first = await poller(sessions, adapter).run_until_idle()
        assert (first.polled, first.changes, first.notices) == (30, 10, 10)
        # Due again at once, nothing new on the portal: no new rows.
        async with sessions.begin() as session:
            await session.execute(update(Subscription).values(next_poll_at=Subscription.created_at))
        second = await poller(sessions, adapter).run_until_idle()
        rows = await outbox_rows(sessions)
        subs = await subscription_rows(sessions)
        await adapter.aclose()
    assert second.polled == 30 and second.notices == 0
    assert len(rows) == 10 and len({r.dedup_key for r in rows}) == 10
    assert sum(s.last_status == int(S.PROCESSING) for s in subs) == 10
    assert all(s.lease_owner is None and s.next_poll_at > s.created_at for s in subs)


class GatedPortal:
    """Wraps an adapter; each call waits until the test opens the gate."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.gate = asyncio.Event()
        self.entered = asyncio.Event()

    @property
    def breaker_state(self) -> Any:
        return self.inner.breaker_state

    def official_lookup_url(self, code: str) -> str:
        return str(self.inner.official_lookup_url(code))

    async def get_dossier(self, code: str, owner_id: str | None = None) -> Dossier:
        self.entered.set()
        await self.gate.wait()
        return await self.inner.get_dossier(code, owner_id)


async def test_a_stalled_poller_cannot_write_after_its_lease_was_taken_over(
    database_url: str,
) -> None:
    clock = ManualClock()
    store = build_store(seed=False)
    (dossier,) = add_dossiers(store, 1)
    async with database(database_url) as sessions:
        await subscribe(sessions, [dossier], now=clock() - timedelta(seconds=1))
        adapter, _ = sim_adapter(store)
        store.transition(dossier, S.PROCESSING)
        gated = GatedPortal(adapter)
        # The stalled instance's time stands still, so its own claimer cannot take the row
        # again once the lease is gone (that race would make "fresh" find nothing to do).
        stalled_clock = ManualClock(clock())
        stalled = poller(sessions, gated, clock=stalled_clock, owner="stalled")
        task = asyncio.create_task(stalled.run_until_idle())
        await asyncio.wait_for(gated.entered.wait(), 5)
        clock.advance(seconds=60)  # for everyone else, the lease (5 s) is long gone
        fresh = await poller(sessions, adapter, clock=clock, owner="fresh").run_until_idle()
        gated.gate.set()
        late = await asyncio.wait_for(task, 5)
        rows = await outbox_rows(sessions)
        await adapter.aclose()
    assert fresh.notices == 1
    assert late.fenced_out == 1 and late.notices == 0
    assert len(rows) == 1


async def test_open_circuit_breaker_pauses_the_sweep(database_url: str) -> None:
    store = build_store(seed=False)
    dossiers = add_dossiers(store, 40)
    store.faults.error_rate = 1.0
    async with database(database_url) as sessions:
        await subscribe(sessions, dossiers)
        adapter, transport = sim_adapter(store, cooldown=30.0)
        worker = poller(sessions, adapter, config=fast_config(poll_concurrency=4))
        stop = asyncio.Event()
        task = asyncio.create_task(worker.run(stop))

        async def is_open() -> bool:
            return adapter.breaker_state is BreakerState.OPEN

        await eventually(is_open, 5, "the breaker opens")
        when_open = transport.requests
        await asyncio.sleep(0.3)
        stop.set()
        await task
        subs = await subscription_rows(sessions)
        await adapter.aclose()
    # The breaker opens after 5 failed requests (plus at most the 3 others in flight and
    # the token request); nothing more is sent while it is open.
    assert when_open <= 9 and transport.requests == when_open
    assert sum(s.last_polled_at is None for s in subs) >= 30
    assert all(s.lease_owner is None for s in subs)  # claimed rows were given back


async def test_one_stop_portal_uses_the_encrypted_owner_id(database_url: str) -> None:
    store = build_store(seed=False)
    dossiers = add_dossiers(store, 3)
    async with database(database_url) as sessions:
        await subscribe(sessions, dossiers, portal_kind="onestop", privacy=Privacy(SECRET))
        adapter, _ = sim_adapter(store, kind="onestop")
        store.transition(dossiers[0], S.SUPPLEMENT_REQUIRED)
        stats = await poller(sessions, adapter).run_until_idle()
        rows = await outbox_rows(sessions)
        await adapter.aclose()
    assert stats.failures == 0 and stats.notices == 1
    assert rows[0].payload["status"] == int(S.SUPPLEMENT_REQUIRED)
    assert "Bổ sung" in rows[0].payload["reason"]


async def test_budget_spaces_requests_at_the_rate() -> None:
    now = [1000.0]

    async def sleep(seconds: float) -> None:
        now[0] += seconds

    budget = RequestBudget(10.0, portal="p", clock=lambda: now[0], sleep=sleep)
    for _ in range(50):
        await budget.acquire()
    assert abs(now[0] - 1000.0 - 4.9) < 0.01  # 50 requests at 10/s: the 50th at t0 + 4.9 s


async def test_budget_is_shared_by_instances_through_the_database(database_url: str) -> None:
    async with database(database_url) as sessions:
        now = [5000.0]
        first = RequestBudget(10.0, portal="p", sessions=sessions, clock=lambda: now[0])
        second = RequestBudget(10.0, portal="p", sessions=sessions, clock=lambda: now[0])
        a = await first._next_slot()
        b = await second._next_slot()
        a2 = await first._next_slot()
    # Each reserved a block of 2 slots (10/s × 0.25 s, rounded): disjoint and 0.1 s apart.
    assert sorted([a, a2, b]) == [5000.0, 5000.1, 5000.2]


async def test_subscription_ends_30_days_after_closing_without_asking_the_portal(
    database_url: str,
) -> None:
    clock = ManualClock()
    store = build_store(seed=False)
    (dossier,) = add_dossiers(store, 1, S.RESULT_RETURNED)
    async with database(database_url) as sessions:
        await subscribe(sessions, [dossier], now=clock() - timedelta(seconds=1))
        async with sessions.begin() as session:
            await session.execute(
                update(Subscription).values(closed_at=clock() - timedelta(days=30, seconds=1))
            )
        adapter, transport = sim_adapter(store)
        stats = await poller(sessions, adapter, clock=clock).run_until_idle()
        (row,) = await outbox_rows(sessions)
        (sub,) = await subscription_rows(sessions)
        await adapter.aclose()
    assert transport.requests == 0 and stats.notices == 1
    assert row.kind == "ended" and row.dedup_key == f"ended:{sub.id}"
    assert not sub.active and sub.owner_id_encrypted is None


async def test_graceful_stop_gives_claimed_rows_back_at_once(database_url: str) -> None:
    store = build_store(seed=False)
    dossiers = add_dossiers(store, 40)
    async with database(database_url) as sessions:
        await subscribe(sessions, dossiers)
        adapter, _ = sim_adapter(store, rps=20.0)
        config = fast_config(portal_rps=20.0, poll_concurrency=2, poll_lease=timedelta(minutes=5))
        worker = poller(sessions, adapter, config=config)
        stop = asyncio.Event()
        task = asyncio.create_task(worker.run(stop))

        async def started() -> bool:
            return worker.stats.polled > 0

        await eventually(started, 5, "the first poll")
        stop.set()  # what SIGTERM does in the worker
        await asyncio.wait_for(task, 5)
        subs = await subscription_rows(sessions)
        await adapter.aclose()
    polled = [s for s in subs if s.last_polled_at is not None]
    assert 0 < len(polled) < 40 and worker.stats.released > 0
    assert all(s.lease_owner is None and s.lease_until is None for s in subs)
