"""The fake servers of the benchmarks, each in its own process (`run_bot.py telegram-sim`,
`portal-sim`): Telegram and the portal are not in the bot's process, and their stores of
every message and dossier must not count as the bot's time or memory."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


@contextlib.asynccontextmanager
async def sandbox_server(*command: str) -> AsyncIterator[str]:
    """``run_bot.py <command…> --port P`` in its own process; yields its URL once healthy."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        str(ROOT / "run_bot.py"),
        *command,
        "--port",
        str(port),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient() as http:
            for _ in range(300):
                with contextlib.suppress(httpx.TransportError):
                    if (await http.get(f"{url}/healthz")).status_code == 200:
                        break
                await asyncio.sleep(0.1)
            else:
                raise RuntimeError(f"{command[0]} did not start")
        yield url
    finally:
        proc.terminate()
        await proc.wait()
