"""Every fault knob of the simulator, over loopback, for both adapters: retries and their
delays, Retry-After, timeouts, malformed bodies, the circuit breaker, and token handling.
Each call ends in a Dossier or a documented PortalError — nothing else escapes."""

from __future__ import annotations

import pytest

from bot.portal import (
    CircuitOpen,
    Dossier,
    PortalAuthError,
    PortalBadResponse,
    PortalError,
    PortalUnavailable,
)
from bot.portal.adapters.base import PortalAdapter
from bot.portal.http import BreakerState
from sandbox.portal_store import PortalStore, SimDossier
from tests.portal.conftest import AdapterFactory
from tests.portal.simkit import KINDS, ManualTime, RecordedSleep, by_status

SEARCH = {"igate": "igate_search", "onestop": "onestop_search"}


def target(store: PortalStore) -> SimDossier:
    return by_status(store)[4]


async def fetch(adapter: PortalAdapter, dossier: SimDossier) -> Dossier:
    return await adapter.get_dossier(dossier.code, dossier.owner.id_number)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("status", [500, 503])
async def test_server_errors_are_retried_with_full_jitter_backoff(
    kind: str,
    status: int,
    adapter_factory: AdapterFactory,
    portal_store: PortalStore,
    sleeps: RecordedSleep,
) -> None:
    adapter = adapter_factory(kind, attempts=3)
    portal_store.faults.error_status = status
    portal_store.faults.error_next = 2
    dossier = await fetch(adapter, target(portal_store))
    assert dossier.status == 4
    assert portal_store.stats[SEARCH[kind]] == 3
    assert sleeps.delays == [0.25, 0.5]  # random 0.5 x min(4, 0.5 * 2**(n-1))


@pytest.mark.parametrize("kind", KINDS)
async def test_retries_run_out(
    kind: str, adapter_factory: AdapterFactory, portal_store: PortalStore
) -> None:
    adapter = adapter_factory(kind, attempts=3)
    portal_store.faults.error_next = 10
    with pytest.raises(PortalUnavailable) as info:
        await fetch(adapter, target(portal_store))
    assert not isinstance(info.value, CircuitOpen)
    assert info.value.status == 503
    assert portal_store.stats[SEARCH[kind]] == 3


@pytest.mark.parametrize("kind", KINDS)
async def test_timeouts_are_retried_then_reported(
    kind: str, adapter_factory: AdapterFactory, portal_store: PortalStore
) -> None:
    # The timeout leaves room for a loaded test machine to answer the request that does not
    # hang (0.1 s was missed under parallel browser tests).
    portal_store.faults.hang_seconds = 2.0
    adapter = adapter_factory(kind, attempts=2, read_timeout=0.5)
    portal_store.faults.timeout_next = 1
    assert (await fetch(adapter, target(portal_store))).status == 4
    portal_store.faults.timeout_next = 2
    with pytest.raises(PortalUnavailable):
        await fetch(adapter, target(portal_store))
    assert portal_store.stats["fault_timeout"] == 3


@pytest.mark.parametrize("kind", KINDS)
async def test_429_honours_retry_after(
    kind: str,
    adapter_factory: AdapterFactory,
    portal_store: PortalStore,
    sleeps: RecordedSleep,
) -> None:
    adapter = adapter_factory(kind)
    portal_store.faults.rate_limit_next = 2
    portal_store.faults.retry_after = 7
    assert (await fetch(adapter, target(portal_store))).status == 4
    assert sleeps.delays == [7.0, 7.0]
    assert adapter.breaker_state is BreakerState.CLOSED


@pytest.mark.parametrize("kind", KINDS)
async def test_429_beyond_the_cap_ends_the_call(
    kind: str,
    adapter_factory: AdapterFactory,
    portal_store: PortalStore,
    sleeps: RecordedSleep,
) -> None:
    adapter = adapter_factory(kind, retry_after_cap=10.0)
    portal_store.faults.rate_limit_next = 1
    portal_store.faults.retry_after = 120
    with pytest.raises(PortalUnavailable) as info:
        await fetch(adapter, target(portal_store))
    assert info.value.retry_after == 120 and info.value.status == 429
    assert sleeps.delays == []
    assert portal_store.stats[SEARCH[kind]] == 1


@pytest.mark.parametrize("kind", KINDS)
async def test_malformed_bodies_are_bad_responses(
    kind: str, adapter_factory: AdapterFactory, portal_store: PortalStore
) -> None:
    adapter = adapter_factory(kind)
    for _ in range(4):  # the simulator rotates through four kinds of broken body
        portal_store.faults.malformed_next = 1
        with pytest.raises(PortalBadResponse):
            await fetch(adapter, target(portal_store))
    assert portal_store.stats["fault_malformed"] == 4
    assert adapter.breaker_state is BreakerState.CLOSED
    assert (await fetch(adapter, target(portal_store))).status == 4


@pytest.mark.parametrize("kind", KINDS)
async def test_latency_is_tolerated(
    kind: str, adapter_factory: AdapterFactory, portal_store: PortalStore
) -> None:
    portal_store.faults.latency = 0.05
    assert (await fetch(adapter_factory(kind), target(portal_store))).status == 4


@pytest.mark.parametrize("kind", KINDS)
async def test_breaker_opens_fails_fast_and_half_opens(
    kind: str,
    adapter_factory: AdapterFactory,
    portal_store: PortalStore,
    client_clock: ManualTime,
) -> None:
    adapter = adapter_factory(kind, attempts=3, threshold=4, cooldown=30.0)
    dossier = target(portal_store)
    portal_store.faults.error_rate = 1.0
    with pytest.raises(PortalUnavailable):
        await fetch(adapter, dossier)  # 3 failed attempts
    with pytest.raises(CircuitOpen):
        await fetch(adapter, dossier)  # 4th failure opens; the 5th attempt fails fast
    assert adapter.breaker_state is BreakerState.OPEN
    sent = portal_store.stats[SEARCH[kind]]
    assert sent == 4
    with pytest.raises(CircuitOpen) as info:
        await fetch(adapter, dossier)
    assert portal_store.stats[SEARCH[kind]] == sent  # no request while open
    assert info.value.retry_after == pytest.approx(30.0)

    client_clock.advance(30.0)
    assert adapter.breaker_state is BreakerState.HALF_OPEN
    with pytest.raises(CircuitOpen):
        await fetch(adapter, dossier)  # the single probe fails: open again
    assert portal_store.stats[SEARCH[kind]] == sent + 1

    client_clock.advance(30.0)
    portal_store.faults.error_rate = 0.0
    assert (await fetch(adapter, dossier)).status == 4  # probe succeeds: closed
    assert adapter.breaker_state is BreakerState.CLOSED


@pytest.mark.parametrize("kind", KINDS)
async def test_token_is_cached_and_refreshed_before_expiry(
    kind: str,
    adapter_factory: AdapterFactory,
    portal_store: PortalStore,
    client_clock: ManualTime,
) -> None:
    portal_store.tokens.ttl = 60.0  # refresh margin becomes 12 s
    adapter = adapter_factory(kind)
    dossier = target(portal_store)
    for _ in range(3):
        await fetch(adapter, dossier)
    assert portal_store.stats["token"] == 1
    client_clock.advance(47.0)
    await fetch(adapter, dossier)
    assert portal_store.stats["token"] == 1
    client_clock.advance(2.0)  # 49 s: inside the margin, the token is still valid
    await fetch(adapter, dossier)
    assert portal_store.stats["token"] == 2
    assert portal_store.stats["unauthorized"] == 0


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("action", ["revoke_all", "expire_all"])
async def test_token_is_fetched_again_after_a_401(
    kind: str, action: str, adapter_factory: AdapterFactory, portal_store: PortalStore
) -> None:
    adapter = adapter_factory(kind)
    dossier = target(portal_store)
    await fetch(adapter, dossier)
    getattr(portal_store.tokens, action)()
    assert (await fetch(adapter, dossier)).status == 4
    assert portal_store.stats["unauthorized"] >= 1
    assert portal_store.stats["token"] == 2


@pytest.mark.parametrize("kind", KINDS)
async def test_token_refused_twice_is_an_auth_error(
    kind: str, adapter_factory: AdapterFactory, portal_store: PortalStore
) -> None:
    adapter = adapter_factory(kind)
    portal_store.faults.unauthorized_next = 1
    assert (await fetch(adapter, target(portal_store))).status == 4
    assert portal_store.stats["token"] == 2
    portal_store.faults.unauthorized_next = 2
    with pytest.raises(PortalAuthError):
        await fetch(adapter, target(portal_store))
    assert portal_store.stats["token"] == 3


@pytest.mark.parametrize("kind", KINDS)
async def test_wrong_client_secret_is_an_auth_error(
    kind: str, adapter_factory: AdapterFactory, portal_store: PortalStore
) -> None:
    adapter = adapter_factory(kind, secret="wrong")
    with pytest.raises(PortalAuthError) as info:
        await fetch(adapter, target(portal_store))
    assert "wrong" not in str(info.value)
    assert portal_store.stats["token_refused"] == 1
    assert portal_store.stats[SEARCH[kind]] == 0


@pytest.mark.parametrize("kind", KINDS)
async def test_token_endpoint_faults(
    kind: str, adapter_factory: AdapterFactory, portal_store: PortalStore
) -> None:
    portal_store.faults.include_token_endpoint = True
    portal_store.faults.error_next = 1
    assert (await fetch(adapter_factory(kind), target(portal_store))).status == 4
    assert portal_store.stats["token"] == 2


@pytest.mark.parametrize("kind", KINDS)
async def test_chaos_only_ends_in_dossiers_or_documented_errors(
    kind: str,
    adapter_factory: AdapterFactory,
    portal_store: PortalStore,
    client_clock: ManualTime,
) -> None:
    faults = portal_store.faults
    faults.error_rate = faults.malformed_rate = faults.rate_limit_rate = 0.2
    faults.timeout_rate, faults.hang_seconds, faults.retry_after = 0.05, 0.3, 0.01
    adapter = adapter_factory(kind, read_timeout=0.1, threshold=3, cooldown=5.0)
    outcomes: set[str] = set()
    for sim_dossier in portal_store.all() * 2:
        try:
            await fetch(adapter, sim_dossier)
            outcomes.add("dossier")
        except PortalError as exc:
            outcomes.add(type(exc).__name__)
        client_clock.advance(1.0)
    assert "dossier" in outcomes
    assert outcomes <= {
        "dossier",
        "PortalUnavailable",
        "CircuitOpen",
        "PortalBadResponse",
    }
