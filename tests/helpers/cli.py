"""Run `run_bot.py` commands in this process, through its own `main`.

A new interpreter costs about two seconds of start-up; operator-error tests only need the
exit code and what was printed, so they call `main` with the environment a test set.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from run_bot import main as run_bot_main
from sandbox.telegram_server import DEFAULT_TOKEN, serve_loopback
from sandbox.telegram_state import TelegramState


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str


def in_process(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Ran:
    """`run_bot.py ARGS` run by its own `main` in this process (the settings come from the
    environment `monkeypatch` set)."""
    capsys.readouterr()
    try:
        code = run_bot_main(args)
    except SystemExit as exit_:  # argparse refusing an argument
        code = int(exit_.code or 0)
    out = capsys.readouterr()
    return Ran(code, out.out, out.err)


def only_env(monkeypatch: pytest.MonkeyPatch, env: dict[str, str], cwd: Path) -> None:
    """Exactly `env` among the DVC_ settings, and `cwd` as the working directory (so no
    `.env` file of the checkout is read)."""
    for name in [n for n in os.environ if n.startswith("DVC_")]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(cwd)


@contextmanager
def telegram_in_thread() -> Iterator[str]:
    """The fake Telegram server on loopback, in a thread with its own event loop (so `main`
    can run its own `asyncio.run` meanwhile); yields the base URL."""
    started = threading.Event()
    url: list[str] = []
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()

    async def run() -> None:
        async with serve_loopback(TelegramState(DEFAULT_TOKEN)) as base:
            url.append(base)
            started.set()
            await stop.wait()

    thread = threading.Thread(target=loop.run_until_complete, args=(run(),), daemon=True)
    thread.start()
    try:
        if not started.wait(30):
            raise RuntimeError("the fake Telegram server did not start")
        yield url[0]
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(10)
        loop.close()
