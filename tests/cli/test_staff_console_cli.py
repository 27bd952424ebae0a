"""`run_bot.py staff add|remove|list` (audited as "cli") and `run_bot.py console` serving the
console on its own port until SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from bot.db.engine import create_engine, session_factory
from bot.db.models import StaffAudit
from tests.cli.test_startup_errors import ROOT, free_port
from tests.helpers.cli import Ran, in_process, only_env


def env_for(tmp_path: Path) -> dict[str, str]:
    return {
        "DVC_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}",
        "DVC_STAFF_IDS": "5",
        "DVC_SECRET_KEY": "cli-test-secret-0123456789",
        "DVC_PORTAL_CLIENT_SECRET": "sim-secret",
    }


async def audit_rows(url: str) -> list[tuple[str, str, str]]:
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            rows = (await session.execute(select(StaffAudit).order_by(StaffAudit.id))).scalars()
            return [(r.actor, r.action, r.source) for r in rows]
    finally:
        await engine.dispose()


def test_staff_add_list_remove(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    env = env_for(tmp_path)
    only_env(monkeypatch, env, tmp_path)

    def staff(args: list[str], *_: object) -> Ran:
        return in_process(args, monkeypatch, capsys)

    added = staff(["staff", "add", "12", "--role", "editor", "--by", "ops"], env, tmp_path)
    assert added.returncode == 0 and "12: editor (added)" in added.stdout
    changed = staff(["staff", "add", "12", "--role", "admin", "--by", "ops"], env, tmp_path)
    assert "changed from editor" in changed.stdout
    seeded = staff(["staff", "add", "5", "--role", "viewer"], env, tmp_path)
    assert seeded.returncode == 2 and "DVC_STAFF_IDS" in seeded.stdout
    listed = staff(["staff", "list"], env, tmp_path).stdout.splitlines()
    assert listed[0].split("\t")[:3] == ["5", "admin", "DVC_STAFF_IDS"]
    assert listed[1].split("\t")[:2] == ["12", "admin"] and "cli:ops" in listed[1]
    assert staff(["staff", "remove", "12", "--by", "ops"], env, tmp_path).returncode == 0
    missing = staff(["staff", "remove", "12"], env, tmp_path)
    assert missing.returncode == 1 and "not on the staff list" in missing.stdout
    bad_role = staff(["staff", "add", "13", "--role", "owner"], env, tmp_path)
    assert bad_role.returncode == 2 and "invalid choice" in bad_role.stderr

    rows = asyncio.run(audit_rows(env["DVC_DATABASE_URL"]))
    assert rows == [
        ("cli:ops", "staff_add", "cli"),
        ("cli:ops", "staff_role", "cli"),
        ("cli:ops", "staff_remove", "cli"),
    ]


def test_console_serves_its_port_until_sigterm(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DVC_")}
    env.update(env_for(tmp_path), DVC_CONSOLE_PORT=str(port))
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "run_bot.py"), "console"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                home = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.TransportError:
                assert process.poll() is None, process.communicate()
                assert time.monotonic() < deadline, "the console did not start"
                time.sleep(0.2)
        assert home.status_code == 303 and home.headers["location"].endswith("/signin")
        signin = httpx.get(f"http://127.0.0.1:{port}/signin", timeout=5)
        assert signin.status_code == 200 and "/console" in signin.text
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_console_needs_the_secret_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    only_env(monkeypatch, {**env_for(tmp_path), "DVC_SECRET_KEY": ""}, tmp_path)
    result = in_process(["console"], monkeypatch, capsys)
    assert result.returncode == 2 and "DVC_SECRET_KEY" in result.stderr
