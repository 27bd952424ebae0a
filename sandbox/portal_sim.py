"""Portal simulator: one store served through the iGate and the one-stop API shapes.

* :func:`create_portal_app` — the Starlette app for a :class:`PortalStore`
  (``/healthz``, the Keycloak token endpoint, the iGate and one-stop routes, ``/_control``).
* :func:`build_store` — a seeded store (accelerated clock, credentials, token lifetime).
* :func:`running_portal_sim` — async context manager serving the app with uvicorn on a free
  loopback port; yields a :class:`RunningPortalSim` with ``base_url`` (tests, ``demo``).
* :func:`serve` — blocking server for ``run_bot.py portal-sim``.
* :func:`seed_listing` / :func:`format_listing` — the seeded codes for ``portal-sim --list``.

Point an adapter at it with ``build_adapter("igate" | "onestop", base_url=sim.base_url,
client_id=store.client_id, client_secret=store.client_secret)``; the token URL defaults to
``<base>/auth/realms/digo/protocol/openid-connect/token``, which the simulator serves.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timedelta

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from sandbox.portal_control import control_routes
from sandbox.portal_routes_igate import igate_routes
from sandbox.portal_routes_onestop import onestop_routes
from sandbox.portal_seed import SeedInfo, format_listing, seed_listing, seed_store
from sandbox.portal_store import PortalStore, SimClock, TimeSource

log = logging.getLogger(__name__)

#: Default acceleration for ``serve``: one real second is six simulated minutes, so a live
#: dossier (one step every 4 simulated hours) changes status every 40 seconds.
DEFAULT_SPEED = 360.0


def create_portal_app(store: PortalStore) -> Starlette:
    """The simulator's ASGI app; all state lives in ``store``."""

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok", "dossiers": len(store.all())})

    routes = [
        Route("/healthz", healthz, methods=["GET"]),
        *igate_routes(store),
        *onestop_routes(store),
        *control_routes(store),
    ]
    app = Starlette(routes=routes)
    app.state.store = store
    return app


def build_store(
    *,
    speed: float = DEFAULT_SPEED,
    step: timedelta = timedelta(hours=4),
    client_id: str = "dvc-bot",
    client_secret: str = "sim-secret",
    token_ttl: float = 300.0,
    seed: bool = True,
    now: datetime | None = None,
    time_source: TimeSource = time.monotonic,
) -> PortalStore:
    """A store with an accelerated clock, seeded unless ``seed`` is False."""
    store = PortalStore(
        SimClock(anchor=now, speed=speed, source=time_source),
        step=step,
        client_id=client_id,
        client_secret=client_secret,
        token_ttl=token_ttl,
    )
    if seed:
        seed_store(store)
    return store


@dataclass(frozen=True)
class RunningPortalSim:
    store: PortalStore
    host: str
    port: int

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"


@contextlib.asynccontextmanager
async def running_portal_sim(
    store: PortalStore | None = None, *, host: str = "127.0.0.1", port: int = 0
) -> AsyncIterator[RunningPortalSim]:
    """Serve the simulator with uvicorn on ``host`` (a free port by default) while inside."""
    store = store or build_store()
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY on accepted sockets only then, and
    # without it every response pays a delayed-ACK round (about 40 ms on loopback).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    config = uvicorn.Config(
        create_portal_app(store),
        log_level="warning",
        access_log=False,
        lifespan="off",
        timeout_graceful_shutdown=1,
    )
    server = uvicorn.Server(config)
    store.shutdown = asyncio.Event()
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()
                raise RuntimeError("portal simulator stopped during start-up")
            await asyncio.sleep(0.01)
        yield RunningPortalSim(store, host, sock.getsockname()[1])
    finally:
        store.shutdown.set()
        server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await task
        sock.close()


def serve(
    host: str = "127.0.0.1",
    port: int = 8081,
    *,
    speed: float = DEFAULT_SPEED,
    client_id: str = "dvc-bot",
    client_secret: str = "sim-secret",
    token_ttl: float = 300.0,
    seed: bool = True,
    log_level: str = "info",
) -> None:
    """Run the simulator in the foreground until interrupted (``run_bot.py portal-sim``)."""
    store = build_store(
        speed=speed,
        client_id=client_id,
        client_secret=client_secret,
        token_ttl=token_ttl,
        seed=False,
    )
    if seed:
        print(format_listing(seed_store(store)), flush=True)
    print(f"portal simulator on http://{host}:{port} (speed x{speed:g})", flush=True)
    uvicorn.run(create_portal_app(store), host=host, port=port, log_level=log_level)


__all__ = [
    "DEFAULT_SPEED",
    "RunningPortalSim",
    "SeedInfo",
    "build_store",
    "create_portal_app",
    "format_listing",
    "running_portal_sim",
    "seed_listing",
    "serve",
]
