"""`run_bot.py run --webhook` as an operator starts it: the process registers its webhook with
Telegram, answers a citizen through it, reports healthy, and stops cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import httpx

from sandbox.portal_sim import build_store, create_portal_app
from sandbox.telegram_client import TelegramSandboxClient
from sandbox.telegram_server import create_telegram_app
from sandbox.telegram_state import TelegramState
from tests.cli.test_startup_errors import ROOT, free_port
from tests.tracking.world import TOKEN, eventually, serve, worker_env

USER = 4242
SECRET = "webhook-secret-0123456789"


async def test_webhook_mode_end_to_end(tmp_path: Path) -> None:
    state = TelegramState(TOKEN, local_mode=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    portal_app = create_portal_app(build_store())
    async with serve(create_telegram_app(state)) as telegram_url, serve(portal_app) as portal:
        env = {
            **os.environ,
            **worker_env(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", telegram_url, portal),
            "DVC_WEBHOOK_URL": base,
            "DVC_WEBHOOK_LISTEN": "127.0.0.1",
            "DVC_WEBHOOK_PORT": str(port),
            "DVC_WEBHOOK_SECRET": SECRET,
        }
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            str(ROOT / "run_bot.py"),
            "run",
            "--webhook",
            cwd=tmp_path,
            env=env,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        try:

            async def webhook_set() -> bool:
                assert proc.returncode is None, "the bot exited during start-up"
                return state.webhook.config is not None

            await eventually(webhook_set, 60, "setWebhook")
            assert state.webhook.config is not None
            assert state.webhook.config.url == f"{base}/telegram"
            assert state.webhook.config.secret_token == SECRET

            async with httpx.AsyncClient() as http:

                async def healthy() -> bool:
                    try:
                        response = await http.get(f"{base}/healthz")
                    except httpx.TransportError:
                        return False
                    return response.status_code == 200 and response.json() == {"ok": True}

                await eventually(healthy, 30, "/healthz")
                forged = await http.post(f"{base}/telegram", json={})
                assert forged.status_code == 403  # no secret header: not from Telegram

            async with TelegramSandboxClient.connect(telegram_url) as users:
                sent = await users.send_text(USER, "/start")
                replies = await users.wait_for_replies(USER, after=sent.marker, timeout=30)
            assert replies.texts and "Xin chào" in replies.texts[0]
            assert state.webhook.delivered >= 1

            proc.send_signal(signal.SIGTERM)
            _, stderr = await asyncio.wait_for(proc.communicate(), 30)
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
            await state.aclose()
    errors = stderr.decode(errors="replace")
    assert proc.returncode == 0, errors  # stopped by itself, not killed by the signal
    assert "Traceback" not in errors and TOKEN.split(":")[1] not in errors
