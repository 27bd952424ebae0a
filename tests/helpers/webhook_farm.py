"""Several webhook instances behind one URL, for end-to-end tests with real processes.

* :class:`RoundRobinProxy` is the load balancer in front of the instances: an ASGI app that
  forwards each request (method, path, headers including ``X-Telegram-Bot-Api-Secret-Token``,
  body) to the next backend in turn and answers with the backend's answer. It records which
  backend got which update and every status code it answered, so a test can tell which
  instance served what and that Telegram never saw a 5xx.
* :class:`OnestopTap` wraps the portal simulator and counts the one-stop look-ups per
  dossier code (to wait for "every dossier polled twice more").
* :class:`WebhookInstance` is ``run_bot.py run --webhook --no-tracking`` in a subprocess.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

from sandbox.portal_routes_onestop import SEARCH_PATH
from tests.tracking.world import ASGI, ROOT

# Hop-by-hop headers and those httpx sets itself; everything else is passed on.
_NOT_FORWARDED = frozenset({b"host", b"content-length", b"connection", b"transfer-encoding"})


async def _read_body(receive: Any) -> bytes:
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            return body


def _update_id(body: bytes) -> int | None:
    try:
        data = json.loads(body)
    except ValueError:
        return None
    value = data.get("update_id") if isinstance(data, dict) else None
    return value if isinstance(value, int) else None


class RoundRobinProxy:
    """Forwards each request to the next of `backends` (base URLs), in turn."""

    def __init__(self, backends: list[str]) -> None:
        self.backends = backends
        self.served_by: dict[int, int] = {}  # update_id -> index of the backend
        self.statuses: Counter[int] = Counter()  # what the proxy answered, per status
        self._turn = 0
        self._http = httpx.AsyncClient(timeout=30.0)

    async def __aenter__(self) -> RoundRobinProxy:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._http.aclose()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = await _read_body(receive)
        index, self._turn = self._turn, (self._turn + 1) % len(self.backends)
        url = self.backends[index] + scope["path"]
        if scope.get("query_string"):
            url += "?" + scope["query_string"].decode()
        headers = [(k, v) for k, v in scope["headers"] if k.lower() not in _NOT_FORWARDED]
        try:
            response = await self._http.request(scope["method"], url, content=body, headers=headers)
            status, content = response.status_code, response.content
        except httpx.HTTPError:  # the instance is down: a load balancer says 502
            status, content = 502, b""
        update_id = _update_id(body)
        if update_id is not None:
            self.served_by[update_id] = index
        self.statuses[status] += 1
        await send({"type": "http.response.start", "status": status, "headers": []})
        await send({"type": "http.response.body", "body": content})


class OnestopTap:
    """The portal simulator, counting one-stop look-ups per dossier code."""

    def __init__(self, app: ASGI) -> None:
        self.app = app
        self.per_code: Counter[str] = Counter()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"] != SEARCH_PATH:
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        try:
            data = json.loads(body or b"{}")
        except ValueError:
            data = {}
        if isinstance(data, dict):
            self.per_code[str(data.get("MaHoSo") or "").strip()] += 1

        async def replay() -> dict[str, Any]:
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


class WebhookInstance:
    """``run_bot.py run --webhook --no-tracking`` in a subprocess; output goes to files."""

    def __init__(self, name: str, tmp: Path, env: dict[str, str], port: int) -> None:
        self.name = name
        self.url = f"http://127.0.0.1:{port}"
        self.out = tmp / f"{name}.out"
        self.err = tmp / f"{name}.err"
        full_env = {
            **os.environ,
            **env,
            "DVC_WEBHOOK_LISTEN": "127.0.0.1",
            "DVC_WEBHOOK_PORT": str(port),
            "PYTHONUNBUFFERED": "1",
        }
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "run_bot.py"), "run", "--webhook", "--no-tracking"],
            cwd=str(tmp),  # no .env file of the checkout is read
            env=full_env,
            stdout=self.out.open("wb"),
            stderr=self.err.open("wb"),
        )

    async def ready(self, limit: float = 60.0) -> None:
        """Wait until /healthz answers {"ok": true} (the bot is started and serving)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        async with httpx.AsyncClient() as http:
            while loop.time() < deadline:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"{self.name} exited: {self.errors()[-3000:]}")
                try:
                    response = await http.get(f"{self.url}/healthz")
                    if response.status_code == 200 and response.json() == {"ok": True}:
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
        raise TimeoutError(f"{self.name} did not start: {self.errors()[-3000:]}")

    def errors(self) -> str:
        return self.err.read_text(errors="replace")

    async def terminate(self, limit: float = 30.0) -> int:
        """SIGTERM and wait; the exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return await asyncio.to_thread(self.proc.wait, limit)

    def stop_now(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
