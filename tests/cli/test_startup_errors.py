"""Operator mistakes end with one clear line on stderr and a non-zero exit, no traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sandbox.telegram_server import DEFAULT_TOKEN

ROOT = Path(__file__).resolve().parents[2]
GOOD_SHAPE_TOKEN = "123456:WRONGwrongWRONGwrongWRONGwrong12345"


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


def assert_one_line_error(result: subprocess.CompletedProcess[str], needle: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and needle in lines[0]
    assert "Traceback" not in result.stderr


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def fake_telegram(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "run_bot.py"), "telegram-sim", "--port", str(port)],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.1)
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_missing_token(tmp_path: Path) -> None:
    result = run_bot(["run"], {}, tmp_path)
    assert_one_line_error(result, "DVC_TELEGRAM_TOKEN is not set")


def test_malformed_setting(tmp_path: Path) -> None:
    result = run_bot(["run"], {"DVC_PORTAL_KIND": "soap"}, tmp_path)
    assert_one_line_error(result, "DVC_PORTAL_KIND")


def test_missing_secret_key(tmp_path: Path) -> None:
    result = run_bot(["run"], {"DVC_TELEGRAM_TOKEN": GOOD_SHAPE_TOKEN}, tmp_path)
    assert_one_line_error(result, "DVC_SECRET_KEY")


def test_missing_portal_credentials(tmp_path: Path) -> None:
    env = {"DVC_TELEGRAM_TOKEN": GOOD_SHAPE_TOKEN, "DVC_SECRET_KEY": "x" * 20}
    result = run_bot(["run"], env, tmp_path)
    assert_one_line_error(result, "DVC_PORTAL_CLIENT_SECRET")


def test_unreachable_database(tmp_path: Path) -> None:
    env = {
        "DVC_TELEGRAM_TOKEN": GOOD_SHAPE_TOKEN,
        "DVC_SECRET_KEY": "x" * 20,
        "DVC_PORTAL_CLIENT_SECRET": "portal-secret",
        "DVC_DATABASE_URL": "postgresql+asyncpg://nobody:pw@127.0.0.1:1/none",
    }
    result = run_bot(["run"], env, tmp_path)
    assert_one_line_error(result, "DVC_DATABASE_URL: cannot reach the database")
    assert "pw@" not in result.stderr


def test_rejected_token(tmp_path: Path, fake_telegram: str) -> None:
    env = {
        "DVC_TELEGRAM_TOKEN": GOOD_SHAPE_TOKEN,
        "DVC_SECRET_KEY": "x" * 20,
        "DVC_PORTAL_CLIENT_SECRET": "portal-secret",
        "DVC_TELEGRAM_API_URL": fake_telegram,
        "DVC_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
    }
    result = run_bot(["run"], env, tmp_path)
    assert_one_line_error(result, "DVC_TELEGRAM_TOKEN: Telegram rejected the token")
    assert GOOD_SHAPE_TOKEN.split(":")[1] not in result.stderr


def test_db_upgrade_command(tmp_path: Path) -> None:
    env = {"DVC_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"}
    result = run_bot(["db", "upgrade"], env, tmp_path)
    assert result.returncode == 0, result.stderr
    versions = Path(__file__).resolve().parents[2] / "migrations" / "versions"
    head = max(p.name[:4] for p in versions.glob("[0-9][0-9][0-9][0-9]_*.py"))
    assert f"schema at {head}" in result.stdout
    assert run_bot(["db", "current"], env, tmp_path).stdout.strip() == head


def test_webhook_port_in_use(tmp_path: Path, fake_telegram: str) -> None:
    with socket.socket() as taken:
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
        result = run_bot(["run", "--webhook"], env, tmp_path)
    assert_one_line_error(result, f"DVC_WEBHOOK_PORT: cannot listen on 127.0.0.1:{port}")
