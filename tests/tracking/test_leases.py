"""Leases: claims are disjoint, expire, are taken over, and fence the outcome's write."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select

from bot.db.models import Subscription
from bot.tracking import leases
from sandbox.portal_sim import build_store
from tests.tracking.kit import ManualClock, add_dossiers, database, subscribe

LEASE = timedelta(seconds=30)


async def claim(sessions, owner: str, clock: ManualClock, limit: int = 100) -> list[int]:  # type: ignore[no-untyped-def]
    async with sessions.begin() as session:
        rows = await leases.claim(
            session,
            Subscription,
            due=Subscription.active.is_(True) & (Subscription.next_poll_at <= clock()),
            order_by=[Subscription.id],
            limit=limit,
            owner=owner,
            until=clock() + LEASE,
            now=clock(),
        )
    return [row.id for row in rows]


async def test_claims_are_disjoint_expire_and_are_taken_over(database_url: str) -> None:
    clock = ManualClock()
    store = build_store(seed=False)
    async with database(database_url) as sessions:
        await subscribe(sessions, add_dossiers(store, 10), now=clock() - timedelta(minutes=1))
        first = await claim(sessions, "A", clock, limit=6)
        second = await claim(sessions, "B", clock)
        assert len(first) == 6 and len(second) == 4 and not set(first) & set(second)
        assert await claim(sessions, "C", clock) == []  # everything is leased
        clock.advance(seconds=31)  # A and B died: their leases expire
        taken = await claim(sessions, "C", clock)
        assert sorted(taken) == sorted(first + second)
        # A comes back to life: its write is fenced out, C's is not.
        async with sessions.begin() as session:
            assert (
                await leases.keep(session, Subscription, first, owner="A", until=clock() + LEASE)
                == set()
            )
            kept = await leases.keep(session, Subscription, first, owner="C", until=clock() + LEASE)
        assert kept == set(first)


async def test_release_gives_rows_back_at_once(database_url: str) -> None:
    clock = ManualClock()
    store = build_store(seed=False)
    async with database(database_url) as sessions:
        await subscribe(sessions, add_dossiers(store, 3), now=clock() - timedelta(minutes=1))
        ids = await claim(sessions, "A", clock)
        async with sessions.begin() as session:
            assert await leases.release(session, Subscription, ids, owner="B") == 0
            assert await leases.release(session, Subscription, ids, owner="A") == 3
        assert sorted(await claim(sessions, "B", clock)) == sorted(ids)
        async with sessions() as session:
            owners = set((await session.scalars(select(Subscription.lease_owner))).all())
        assert owners == {"B"}


async def test_concurrent_claims_never_overlap(database_url: str) -> None:
    clock = ManualClock()
    store = build_store(seed=False)
    async with database(database_url) as sessions:
        await subscribe(sessions, add_dossiers(store, 60), now=clock() - timedelta(minutes=1))
        results = await asyncio.gather(
            *(claim(sessions, f"W{i}", clock, limit=7) for i in range(8))
        )
    flat = [row for ids in results for row in ids]
    assert len(flat) == len(set(flat)) == 56
