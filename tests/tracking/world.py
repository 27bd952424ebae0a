"""A small world for worker processes: the fake Telegram server and the portal simulator
served over loopback by the test process, with taps that count, hold and kill.

* :class:`PortalTap` counts dossier requests per code and can call ``on_request`` (e.g. to
  SIGKILL the worker) when the n-th request of a round arrives, before answering it.
* :class:`TelegramTap` counts processed ``sendMessage`` calls and, once armed, *holds* every
  later one without processing it (the request is in flight: Telegram has not seen it); the
  test then kills the worker and the held requests are dropped, never processed.
* :class:`Worker` runs ``run_bot.py worker`` as a subprocess.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import uvicorn

from sandbox.portal_sim import create_portal_app
from sandbox.portal_store import PortalStore
from sandbox.telegram_server import create_telegram_app
from sandbox.telegram_state import TelegramState

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "7000000001:TEST-sandbox-token-not-secret-00000"
ASGI = Callable[[dict[str, Any], Any, Any], Awaitable[None]]


async def _reply(send: Any, status: int, body: bytes) -> None:
    headers = [(b"content-type", b"application/json")]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class PortalTap:
    """Counts the simulator's dossier look-ups per code; optional trigger at the n-th."""

    def __init__(self, store: PortalStore) -> None:
        self.app = create_portal_app(store)
        self.per_code: Counter[str] = Counter()
        self.round_count = 0
        self.trigger_at: int | None = None
        self.on_request: Callable[[], None] | None = None

    def new_round(self, trigger_at: int | None = None) -> None:
        self.round_count = 0
        self.trigger_at = trigger_at

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"].endswith("/dossier-search/dvc"):
            code = parse_qs(scope.get("query_string", b"").decode()).get("code", [""])[0]
            self.per_code[code] += 1
            self.round_count += 1
            if self.trigger_at is not None and self.round_count >= self.trigger_at:
                self.trigger_at = None
                if self.on_request is not None:
                    self.on_request()
        await self.app(scope, receive, send)


class TelegramTap:
    """Counts processed sendMessage calls; once armed, holds all later ones unprocessed."""

    def __init__(self, state: TelegramState) -> None:
        self.state = state
        self.app = create_telegram_app(state)
        self.processed = 0
        self.hold_after: int | None = None
        self.held = 0
        self._gate = asyncio.Event()
        self._gate.set()
        self._drop = False

    def arm(self, after: int) -> None:
        """Hold every sendMessage after ``after`` more have been processed."""
        self.hold_after = self.processed + after

    def release(self, *, drop: bool) -> None:
        """Open the gate; ``drop`` answers held requests without processing them."""
        self._drop = drop
        self.hold_after = None
        self._gate.set()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"].endswith("/sendMessage"):
            if self.hold_after is not None and self.processed >= self.hold_after:
                self._gate.clear()
            if not self._gate.is_set():
                self.held += 1
                await self._gate.wait()
                if self._drop:  # the sender died before Telegram read the request
                    await _reply(send, 502, b'{"ok":false,"error_code":502}')
                    return
            self.processed += 1
        await self.app(scope, receive, send)


@contextlib.asynccontextmanager
async def serve(app: ASGI) -> AsyncIterator[str]:
    """Serve an ASGI app on a free loopback port in this event loop; yields the base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(app, log_level="error", lifespan="off", timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.01)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await task
        sock.close()


def start_chats(state: TelegramState, user_ids: list[int]) -> None:
    """The users have pressed Start, so the bot may write to them."""
    for user_id in user_ids:
        state.ensure_user(user_id)
        state.ensure_chat(user_id).started = True


def bot_texts(state: TelegramState, user_id: int) -> list[str]:
    chat = state.chats.get(user_id)
    if chat is None:
        return []
    ordered = sorted(chat.messages.values(), key=lambda m: m.message_id)
    return [m.html or m.text or "" for m in ordered if m.from_bot]


class Worker:
    """``run_bot.py worker`` in a subprocess; stdout and stderr go to files."""

    def __init__(self, name: str, tmp: Path, env: dict[str, str], *args: str) -> None:
        self.name = name
        self.out = tmp / f"{name}.out"
        self.err = tmp / f"{name}.err"
        full_env = {**os.environ, **env, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "run_bot.py"), "worker", *args],
            cwd=str(ROOT),
            env=full_env,
            stdout=self.out.open("wb"),
            stderr=self.err.open("wb"),
        )
        self._ready = threading.Event()

    async def ready(self, limit: float = 60.0) -> None:
        """Wait for "worker running" (start-up: imports, migrations, getMe)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        while loop.time() < deadline:
            if "worker running" in self.out.read_text(errors="replace"):
                return
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited: {self.err.read_text()[-3000:]}")
            await asyncio.sleep(0.05)
        raise TimeoutError(f"{self.name} did not start: {self.err.read_text()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL: no clean-up at all."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)

    async def terminate(self, limit: float = 30.0) -> str:
        """SIGTERM and wait; returns the last stdout line (the JSON counters)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        await asyncio.to_thread(self.proc.wait, limit)
        lines = self.out.read_text().strip().splitlines()
        return lines[-1] if lines else ""

    async def wait_dead(self) -> None:
        await asyncio.to_thread(self.proc.wait, 30)

    def stop_now(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)


def worker_env(database_url: str, telegram_url: str, portal_url: str) -> dict[str, str]:
    return {
        "DVC_DATABASE_URL": database_url,
        "DVC_TELEGRAM_TOKEN": TOKEN,
        "DVC_TELEGRAM_API_URL": telegram_url,
        "DVC_PORTAL_URL": portal_url,
        "DVC_PORTAL_KIND": "igate",
        "DVC_PORTAL_CLIENT_SECRET": "sim-secret",
        "DVC_SECRET_KEY": "test-secret-key-0123456789",
        "DVC_LOG_LEVEL": "WARNING",
    }


async def eventually(check: Callable[[], Awaitable[bool]], limit: float, what: str) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    while not await check():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for: {what}")
        await asyncio.sleep(0.05)
