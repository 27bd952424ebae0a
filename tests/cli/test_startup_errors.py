"""Operator mistakes end with one clear line on stderr and a non-zero exit, no traceback.

One test runs `run_bot.py` as a new process; the others call its `main` in this process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from sandbox.telegram_server import DEFAULT_TOKEN
from tests.helpers.cli import Ran, in_process, only_env, telegram_in_thread

ROOT = Path(__file__).resolve().parents[2]
GOOD_SHAPE_TOKEN = "123456:WRONGwrongWRONGwrongWRONGwrong12345"
Main = Callable[[list[str], dict[str, str]], Ran]


def run_bot(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DVC_")}
    clean.update(env)
    return subprocess.run(
        [sys.executable, str(ROOT / "run_bot.py"), *args],
        capture_output=True,
        text=True,
        env=clean,
        cwd=cwd,
        timeout=120,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str] | Ran, needle: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and needle in lines[0]
    assert "Traceback" not in result.stderr


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_missing_token(tmp_path: Path) -> None:
    """The one test that pays for a new interpreter: the real exit code and stderr."""
    result = run_bot(["run"], {}, tmp_path)
    assert_one_line_error(result, "DVC_TELEGRAM_TOKEN is not set")


@pytest.fixture
def run_main(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Main:
    """`run_bot.py ARGS` with exactly the DVC_ settings given, run in this process."""

    def run(args: list[str], env: dict[str, str]) -> Ran:
        only_env(monkeypatch, env, tmp_path)
        return in_process(args, monkeypatch, capsys)

    return run


def test_malformed_setting(run_main: Main) -> None:
    assert_one_line_error(run_main(["run"], {"DVC_PORTAL_KIND": "soap"}), "DVC_PORTAL_KIND")


def test_missing_secret_key(run_main: Main) -> None:
    result = run_main(["run"], {"DVC_TELEGRAM_TOKEN": GOOD_SHAPE_TOKEN})
    assert_one_line_error(result, "DVC_SECRET_KEY")


def test_missing_portal_credentials(run_main: Main) -> None:
    env = {"DVC_TELEGRAM_TOKEN": GOOD_SHAPE_TOKEN, "DVC_SECRET_KEY": "x" * 20}
    assert_one_line_error(run_main(["run"], env), "DVC_PORTAL_CLIENT_SECRET")


def test_unreachable_database(run_main: Main) -> None:
    env = {
        "DVC_TELEGRAM_TOKEN": GOOD_SHAPE_TOKEN,
        "DVC_SECRET_KEY": "x" * 20,
        "DVC_PORTAL_CLIENT_SECRET": "portal-secret",
        "DVC_DATABASE_URL": "postgresql+asyncpg://nobody:pw@127.0.0.1:1/none",
    }
    result = run_main(["run"], env)
    assert_one_line_error(result, "DVC_DATABASE_URL: cannot reach the database")
    assert "pw@" not in result.stderr


def test_rejected_token(tmp_path: Path, run_main: Main) -> None:
    with telegram_in_thread() as fake_telegram:
        env = {
            "DVC_TELEGRAM_TOKEN": GOOD_SHAPE_TOKEN,
            "DVC_SECRET_KEY": "x" * 20,
            "DVC_PORTAL_CLIENT_SECRET": "portal-secret",
            "DVC_TELEGRAM_API_URL": fake_telegram,
            "DVC_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
        }
        result = run_main(["run"], env)
    assert_one_line_error(result, "DVC_TELEGRAM_TOKEN: Telegram rejected the token")
    assert GOOD_SHAPE_TOKEN.split(":")[1] not in result.stderr


def test_db_upgrade_command(tmp_path: Path, run_main: Main) -> None:
    env = {"DVC_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"}
    result = run_main(["db", "upgrade"], env)
    assert result.returncode == 0, result.stderr
    versions = Path(__file__).resolve().parents[2] / "migrations" / "versions"
    head = max(p.name[:4] for p in versions.glob("[0-9][0-9][0-9][0-9]_*.py"))
    assert f"schema at {head}" in result.stdout
    assert run_main(["db", "current"], env).stdout.strip() == head


def test_webhook_port_in_use(tmp_path: Path, run_main: Main) -> None:
    with telegram_in_thread() as fake_telegram, socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {
            "DVC_TELEGRAM_TOKEN": DEFAULT_TOKEN,  # the one the fake server accepts
            "DVC_SECRET_KEY": "x" * 20,
            "DVC_PORTAL_CLIENT_SECRET": "portal-secret",
            "DVC_TELEGRAM_API_URL": fake_telegram,
            "DVC_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
            "DVC_WEBHOOK_URL": f"http://127.0.0.1:{port}",
            "DVC_WEBHOOK_LISTEN": "127.0.0.1",
            "DVC_WEBHOOK_PORT": str(port),
        }
        result = run_main(["run", "--webhook"], env)
    assert_one_line_error(result, f"DVC_WEBHOOK_PORT: cannot listen on 127.0.0.1:{port}")
