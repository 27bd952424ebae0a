"""Throughput of the real bot against the fake Telegram server, next to a bare PTB echo bot.

N text questions (from N different users, so the per-user flood limit is not involved) are
posted to the fake server, which runs in its own process as Telegram would, over
loopback; the clock runs until the bot has sent N replies. The same is done for a bare
python-telegram-bot echo bot on the same server in the same run. Neither uses a rate
limiter here: this measures processing, not Telegram's 30 msg/s.
Prints one JSON object as the last line.
"""

from __future__ import annotations

import sys
from pathlib import Path

# The sandbox (fake Telegram, portal simulator) is not installed with the product.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse
import asyncio
import contextlib
import json
import logging
import random
import tempfile
import time

from bench_servers import sandbox_server
from pydantic import SecretStr
from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

from bot.config import Settings
from bot.telegram.app import build_application
from bot.telegram.runtime import polling
from sandbox.telegram_client import TelegramSandboxClient

TOKEN = "7000000002:BENCH-sandbox-token-not-secret-0000"
ROOT = Path(__file__).resolve().parents[1]
DEV_SET = ROOT / "tests" / "data" / "search_dev.tsv"
FALLBACK = ["làm lại căn cước bị mất", "đăng ký kết hôn", "xin lý lịch tư pháp", "sổ đỏ"]


def questions(n: int, seed: int) -> list[str]:
    pool = FALLBACK
    if DEV_SET.exists():
        rows = [line.split("\t")[0] for line in DEV_SET.read_text("utf-8").splitlines()]
        pool = [q for q in rows if q and not q.startswith("#") and not q.startswith("query")]
    rng = random.Random(seed)
    return [rng.choice(pool) for _ in range(n)]


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_message and update.effective_message.text:
        await update.effective_message.reply_text(update.effective_message.text)


async def _sent(client: TelegramSandboxClient) -> int:
    stats = await client.stats()
    return int(stats["method_counts"].get("sendMessage", 0))


async def _drive(url: str, texts: list[str], base_user: int) -> float:
    """Post every text, wait for as many sendMessage calls; return seconds."""
    async with TelegramSandboxClient.connect(url) as client:
        before = await _sent(client)
        start = time.perf_counter()
        for i, text in enumerate(texts):
            await client.send_text(base_user + i, text)
        # Replies go to N different chats; polling the server's counter is the simplest
        # completion check across all of them (20 ms granularity, well below the totals).
        while await _sent(client) - before < len(texts):  # noqa: ASYNC110
            await asyncio.sleep(0.02)
        return time.perf_counter() - start


def fake_telegram() -> contextlib.AbstractAsyncContextManager[str]:
    """The fake Bot API in its own process, as Telegram is not in the bot's process."""
    return sandbox_server("telegram-sim", "--token", TOKEN)


async def _run_echo(url: str, texts: list[str]) -> float:
    app: Application = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(f"{url}/bot")
        .base_file_url(f"{url}/file/bot")
        .concurrent_updates(True)
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, _echo))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0, timeout=10)
        seconds = await _drive(url, texts, 1_000_000)
        await app.updater.stop()
        await app.stop()
    return seconds


async def _run_bot(url: str, texts: list[str]) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            telegram_api_url=url,
            database_url=f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}",
            secret_key=SecretStr("bench-secret-key-0123456789"),
            portal_client_secret=SecretStr("unused-by-this-benchmark"),
        )
        application = build_application(settings, token=TOKEN, rate_limiter=False)
        async with polling(application):
            return await _drive(url, texts, 2_000_000)


async def main_async(n: int, seed: int) -> dict[str, object]:
    texts = questions(n, seed)
    async with fake_telegram() as url:
        echo_s = await _run_echo(url, texts)
        bot_s = await _run_bot(url, texts)
    bot_rate = n / bot_s
    echo_rate = n / echo_s
    return {
        "updates": n,
        "seconds": round(bot_s, 3),
        "updates_per_s": round(bot_rate, 1),
        "echo_seconds": round(echo_s, 3),
        "echo_updates_per_s": round(echo_rate, 1),
        "ratio": round(bot_rate / echo_rate, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", "-n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    print(json.dumps(asyncio.run(main_async(args.updates, args.seed))))


if __name__ == "__main__":
    main()
