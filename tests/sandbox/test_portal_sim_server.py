"""The simulator served by uvicorn on a free loopback port (tests and ``demo``)."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from sandbox.portal_sim import build_store, running_portal_sim
from tests.portal.simkit import make_store


async def test_serves_on_a_free_loopback_port_and_stops() -> None:
    store = make_store()
    async with running_portal_sim(store) as sim:
        assert sim.host == "127.0.0.1" and sim.port > 0
        assert sim.base_url == f"http://127.0.0.1:{sim.port}"
        async with httpx.AsyncClient(base_url=sim.base_url) as client:
            health = (await client.get("/healthz")).json()
            assert health == {"status": "ok", "dossiers": len(store.all())}
    with pytest.raises(httpx.ConnectError):
        async with httpx.AsyncClient() as client:
            await client.get(f"{sim.base_url}/healthz")


async def test_two_simulators_side_by_side() -> None:
    async with running_portal_sim(make_store()) as one, running_portal_sim(make_store()) as two:
        assert one.port != two.port


async def test_a_hanging_request_does_not_block_shutdown() -> None:
    store = make_store()
    store.faults.timeout_next, store.faults.hang_seconds = 1, 30.0
    async with (
        running_portal_sim(store) as sim,
        httpx.AsyncClient(base_url=sim.base_url, timeout=0.2) as client,
    ):
        hanging = asyncio.create_task(client.get("/pa/dossier-search/dvc", params={"code": "x"}))
        assert (await client.get("/healthz")).status_code == 200  # others still answered
        with pytest.raises(httpx.ReadTimeout):
            await hanging
    # Leaving the context ended the 30-second hang on the server side.
    assert store.stats["fault_timeout"] == 1


def test_build_store_defaults() -> None:
    store = build_store(seed=False)
    assert store.all() == [] and store.clock.speed > 1
