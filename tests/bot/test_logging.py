"""Logs never carry the bot token, secrets or personal numbers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.cli.demo import DEMO_TOKEN

ROOT = Path(__file__).resolve().parents[2]


def test_debug_logs_of_a_whole_conversation_hide_the_token(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DVC_")}
    env["DVC_LOG_LEVEL"] = "DEBUG"
    result = subprocess.run(
        [sys.executable, str(ROOT / "run_bot.py"), "demo", "--verbose"],
        input="/start\ncccd của tôi là 038123456789\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Xin chào" in result.stdout
    assert "getUpdates" in result.stderr or "sendMessage" in result.stderr  # logs were on
    assert DEMO_TOKEN not in result.stderr
    assert DEMO_TOKEN.split(":")[1] not in result.stderr
    assert "038123456789" not in result.stderr
