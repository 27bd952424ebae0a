"""Fixtures for portal tests: a seeded simulator served over loopback, clocks and adapters."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

from bot.portal.adapters.base import PortalAdapter
from sandbox.portal_sim import RunningPortalSim, running_portal_sim
from sandbox.portal_store import PortalStore
from tests.portal.simkit import ManualTime, RecordedSleep, fast_policy, make_adapter, make_store

AdapterFactory = Callable[..., PortalAdapter]


@pytest.fixture
def sim_time() -> ManualTime:
    """Real-time source of the simulator (token lifetimes, accelerated lifecycle)."""
    return ManualTime()


@pytest.fixture
def client_clock() -> ManualTime:
    """The adapters' clock (token cache, circuit breaker)."""
    return ManualTime()


@pytest.fixture
def sleeps() -> RecordedSleep:
    return RecordedSleep()


@pytest.fixture
def portal_store(sim_time: ManualTime) -> PortalStore:
    return make_store(sim_time)


@pytest.fixture
async def portal_sim(portal_store: PortalStore) -> AsyncIterator[RunningPortalSim]:
    async with running_portal_sim(portal_store) as sim:
        yield sim


@pytest.fixture
async def adapter_factory(
    portal_sim: RunningPortalSim, client_clock: ManualTime, sleeps: RecordedSleep
) -> AsyncIterator[AdapterFactory]:
    """Build adapters against the loopback simulator; closed at teardown."""
    built: list[PortalAdapter] = []

    def factory(kind: str, **policy: object) -> PortalAdapter:
        secret = str(policy.pop("secret", "sim-secret"))
        adapter = make_adapter(
            kind,
            portal_sim.base_url,
            fast_policy(client_clock, sleeps, **policy),  # type: ignore[arg-type]
            secret=secret,
        )
        built.append(adapter)
        return adapter

    yield factory
    for adapter in built:
        await adapter.aclose()
