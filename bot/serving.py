"""Serve an ASGI app with uvicorn until SIGINT/SIGTERM (the webhook, the staff console).

The port is bound before anything else starts, so a port in use is one clear line naming
the setting (uvicorn would log a traceback and exit from inside the event loop). uvicorn's
own signal handlers are off: after a SIGTERM it re-raises the signal once it has stopped,
which would kill the process before the caller has shut down (the bot drained, the
database closed); :func:`serve_until_signal` waits for the signal itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
from collections.abc import Iterator
from typing import Literal

import uvicorn
from starlette.types import ASGIApp

from bot.errors import StartupError


async def wait_for_signal() -> None:
    """Return on SIGINT or SIGTERM (graceful stop)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)


def listen(host: str, port: int, *, setting: str) -> socket.socket:
    """A socket bound to `host:port`; StartupError naming `setting` when that fails."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        return socket.create_server((host, port), family=family)
    except OSError as exc:
        raise StartupError(f"{setting}: cannot listen on {host}:{port} ({exc.strerror})") from None


class _Server(uvicorn.Server):
    """uvicorn without its own signal handlers."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


async def serve_until_signal(
    app: ASGIApp,
    listener: socket.socket,
    *,
    lifespan: Literal["auto", "on", "off"] = "auto",
) -> None:
    """Serve `app` on `listener` until SIGINT/SIGTERM (or until uvicorn stops by itself);
    X-Forwarded-* headers are trusted from uvicorn's default trusted address (local)."""
    config = uvicorn.Config(app, log_level="warning", proxy_headers=True, lifespan=lifespan)
    server = _Server(config)
    serving = asyncio.create_task(server.serve(sockets=[listener]))
    signalled = asyncio.create_task(wait_for_signal())
    await asyncio.wait({serving, signalled}, return_when=asyncio.FIRST_COMPLETED)
    server.should_exit = True
    signalled.cancel()
    await serving
