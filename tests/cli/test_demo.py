"""`run_bot.py demo` as the README shows it: a scripted conversation through the whole
product (fake Telegram, portal simulator, bot, terminal chat) reads sensibly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.cli.test_startup_errors import ROOT

DEMO_USER = 100001


def test_scripted_demo_conversation(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DVC_")}
    env["DVC_STAFF_IDS"] = str(DEMO_USER)
    result = subprocess.run(
        [sys.executable, str(ROOT / "run_bot.py"), "demo"],
        # each line's replies are shown once the bot has handled it, the chart after /stats too
        input="/start\nlam lai cccd\n4\n/stats\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    out = result.stdout
    assert "👤 /start" in out and "Xin chào" in out
    assert "Cấp lại thẻ căn cước" in out and "1.014064" in out  # the card
    assert "[1] 📄 Giấy tờ" in out  # its buttons, numbered
    assert "Thời gian và lệ phí" in out  # button 4 opened a section
    assert "📊 Thống kê 30 ngày qua" in out and "🤖 [ảnh]" in out  # staff figures and chart
    assert "Traceback" not in result.stderr
