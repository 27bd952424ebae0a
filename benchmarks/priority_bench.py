"""Citizens' answers during a burst of notifications: answer latency and what is left.

What runs (one process, as the bot runs by default: tracking inside the bot):

* the real bot (``build_application``, with its rate limiter) against the fake Telegram
  server in process, which enforces Telegram's flood limits (30 messages a second overall,
  one a second per chat with a burst of 3, 20 a minute per group) and answers ``429`` past
  them;
* ``--notifications`` status changes (default 10,000) for as many users, written to the
  real outbox before the bot starts (users, subscriptions not due for polling, one pending
  row each) and sent by the bot's own tracking sender (``bot/tracking/sender.py``, its
  production configuration unless ``--send-concurrency`` is given);
* ``--citizens`` users (default 60) who ask questions from the search development set, each
  waiting for the answer, then "reading" for ``--think-min``…``--think-max`` seconds.

Measured until every notification is out: the **answer latency** of each question (from
posting it to the fake server until the bot has handled it, its answer recorded by the
server) as p50/p90/p99/max, how many took over 2 s, the **notification throughput**
(notifications a second over the run, next to answers a second), the most messages the
server saw in any one second, and the ``429`` answers. ``--limiter aio`` builds the bot with
PTB's ``AIORateLimiter`` instead, which answers and notifications share (the old setup).

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
import statistics
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from pydantic import SecretStr
from sqlalchemy import insert, select
from telegram.ext import AIORateLimiter

import bot.telegram.app as app_module
from bot.config import Settings
from bot.db import migrate
from bot.db.models import OutboxMessage, Subscription, User
from bot.portal.status import DossierStatus
from bot.telegram.app import build_application
from bot.telegram.context import DvcApplication
from bot.telegram.runtime import polling
from bot.tracking import outbox
from bot.tracking.notices import StatusChange
from sandbox.portal_sim import build_store, create_portal_app
from sandbox.telegram_client import IN_PROCESS_URL, TelegramSandboxClient
from sandbox.telegram_limits import RateLimitConfig
from sandbox.telegram_server import create_telegram_app
from sandbox.telegram_state import TelegramState
from sandbox.update_tracker import UpdateTracker

TOKEN = "7000000005:BENCH-sandbox-token-not-secret-0000"
ROOT = Path(__file__).resolve().parents[1]
DEV_SET = ROOT / "tests" / "data" / "search_dev.tsv"
FALLBACK = ["làm lại căn cước bị mất", "đăng ký kết hôn", "xin lý lịch tư pháp", "sổ đỏ"]
FIRST_SUBSCRIBER = 3_000_000
FIRST_CITIZEN = 4_000_000
CHUNK = 2000
LIMITS = RateLimitConfig(
    per_chat_per_second=1.0, per_chat_burst=3, group_per_minute=20, global_per_second=30
)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notifications", type=int, default=10_000)
    parser.add_argument("--citizens", type=int, default=60)
    parser.add_argument("--think-min", type=float, default=2.0)
    parser.add_argument("--think-max", type=float, default=8.0)
    parser.add_argument("--send-concurrency", type=int, default=0, help="0: production")
    parser.add_argument("--limiter", choices=["priority", "aio"], default="priority")
    parser.add_argument("--max-minutes", type=float, default=30.0)
    parser.add_argument("--seed", type=int, default=7)
    return parser.parse_args()


class CountingState(TelegramState):
    """The fake server's state, remembering when each sendMessage came in."""

    def __init__(self, token: str) -> None:
        super().__init__(token)
        self.send_times: list[float] = []

    def count_call(self, method: str) -> None:
        super().count_call(method)
        if method == "sendMessage":
            self.send_times.append(time.monotonic())


def questions(seed: int) -> list[str]:
    pool = FALLBACK
    if DEV_SET.exists():
        rows = [line.split("\t")[0] for line in DEV_SET.read_text("utf-8").splitlines()]
        pool = [q for q in rows if q and not q.startswith("#") and not q.startswith("query")]
    random.Random(seed).shuffle(pool)
    return pool


async def write_outbox(application: DvcApplication, n: int) -> None:
    """N users, each following one dossier whose status has just changed."""
    services = application.bot_data.services
    await migrate.upgrade(services.engine)
    now = datetime.now(UTC)
    later = now + timedelta(days=1)  # not due for polling during the run
    for start in range(0, n, CHUNK):
        ids = range(FIRST_SUBSCRIBER + start, FIRST_SUBSCRIBER + min(start + CHUNK, n))
        codes = {uid: f"000.00.27.H27-250801-{uid % 1_000_000:06d}" for uid in ids}
        async with services.sessions.begin() as session:
            await session.execute(
                insert(User),
                [
                    {
                        "id": uid,
                        "language": "vi",
                        "blocked": False,
                        "created_at": now,
                        "updated_at": now,
                    }
                    for uid in ids
                ],
            )
            await session.execute(
                insert(Subscription),
                [
                    {
                        "user_id": uid,
                        "dossier_code": codes[uid],
                        "portal_kind": "igate",
                        "last_status": int(DossierStatus.PROCESSING),
                        "last_status_label": "Đang xử lý",
                        "last_changed_at": now,
                        "change_seq": 1,
                        "overdue_notified": False,
                        "reminder_notified": False,
                        "active": True,
                        "next_poll_at": later,
                        "failures": 0,
                        "last_error": "",
                        "created_at": now,
                    }
                    for uid in ids
                ],
            )
            subs = await session.execute(
                select(Subscription.id, Subscription.user_id).where(Subscription.user_id.in_(ids))
            )
            rows = []
            for sub_id, uid in subs.all():
                notice = StatusChange(
                    code=codes[uid],
                    status=DossierStatus.PROCESSING,
                    previous=DossierStatus.RECEIVED,
                    label="Đang xử lý",
                    changed_at=now,
                )
                rows.append(
                    {
                        "dedup_key": f"bench:{uid}",
                        "subscription_id": sub_id,
                        "user_id": uid,
                        "kind": notice.kind.value,
                        "payload": notice.to_json(),
                        "state": outbox.OutboxState.PENDING,
                        "attempts": 0,
                        "next_attempt_at": now,
                        "last_error": "",
                        "created_at": now,
                    }
                )
            await session.execute(insert(OutboxMessage), rows)


async def citizen(
    client: TelegramSandboxClient,
    tracker: UpdateTracker,
    user_id: int,
    texts: list[str],
    args: argparse.Namespace,
    stop: asyncio.Event,
    latencies: list[float],
) -> None:
    rng = random.Random(user_id)
    await asyncio.sleep(rng.uniform(0, args.think_max))
    while not stop.is_set():
        text = rng.choice(texts)
        asked = time.monotonic()
        sent = await client.send_text(user_id, text)
        assert sent.update_id is not None
        await tracker.processed(sent.update_id, timeout=120)
        latencies.append(time.monotonic() - asked)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), rng.uniform(args.think_min, args.think_max))


def most_in_one_second(times: list[float]) -> int:
    ordered = sorted(times)
    best = end = 0
    for start, at in enumerate(ordered):
        while end < len(ordered) and ordered[end] < at + 1.0:
            end += 1
        best = max(best, end - start)
    return best


def percentile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=1000, method="inclusive")[int(q * 10) - 1]


async def run(args: argparse.Namespace) -> dict[str, Any]:
    if args.limiter == "aio":  # the old setup: one AIORateLimiter for everything
        aio = lambda max_retries=0: AIORateLimiter(max_retries=max_retries)  # noqa: E731
        setattr(app_module, "PriorityRateLimiter", aio)  # noqa: B010
    state = CountingState(TOKEN)
    state.limiter.configure(LIMITS)
    for uid in range(FIRST_SUBSCRIBER, FIRST_SUBSCRIBER + args.notifications):
        state.ensure_user(uid)
        state.ensure_chat(uid).started = True
    telegram = create_telegram_app(state)
    tracker = UpdateTracker()
    tmp = tempfile.TemporaryDirectory()
    portal = build_store()
    settings = Settings(
        telegram_api_url=IN_PROCESS_URL,
        database_url=f"sqlite+aiosqlite:///{Path(tmp.name) / 'bench.db'}",
        secret_key=SecretStr("bench-secret-key-0123456789"),
        portal_url="http://portal.bench",
        portal_client_secret=SecretStr("sim-secret"),
    )
    application = build_application(
        settings,
        token=TOKEN,
        transport=httpx.ASGITransport(app=telegram),
        portal_transport=httpx.ASGITransport(app=create_portal_app(portal)),
        update_processor=tracker,
    )
    tracking = application.bot_data.services.tracking
    if args.send_concurrency:
        tracking.config = replace(tracking.config, send_concurrency=args.send_concurrency)
    await write_outbox(application, args.notifications)

    texts = questions(args.seed)
    latencies: list[float] = []
    stop = asyncio.Event()
    deadline = time.monotonic() + args.max_minutes * 60
    async with polling(application), TelegramSandboxClient.in_process(telegram) as client:
        started = time.monotonic()
        sends_before = len(state.send_times)
        citizens = [
            asyncio.create_task(
                citizen(client, tracker, FIRST_CITIZEN + i, texts, args, stop, latencies)
            )
            for i in range(args.citizens)
        ]
        while time.monotonic() < deadline:
            counts = await outbox.counts(application.bot_data.services.sessions)
            if counts[outbox.OutboxState.PENDING] + counts[outbox.OutboxState.SENDING] == 0:
                break
            await asyncio.sleep(0.5)
        seconds = time.monotonic() - started
        stop.set()
        await asyncio.gather(*citizens)
        counts = await outbox.counts(application.bot_data.services.sessions)
        limiter = application.bot.rate_limiter
        released = getattr(limiter, "released", {})
    tmp.cleanup()

    errors = [(method, code) for method, code, _ in state.api_errors]
    sent = counts[outbox.OutboxState.SENT]
    return {
        "notifications": args.notifications,
        "citizens": args.citizens,
        "limiter": args.limiter,
        "seconds": round(seconds, 1),
        "notifications_sent": sent,
        "notifications_dead": counts[outbox.OutboxState.DEAD],
        "notifications_per_s": round(sent / seconds, 1),
        "questions": len(latencies),
        "answers_per_s": round(len(latencies) / seconds, 1),
        "answer_p50_s": round(percentile(latencies, 50), 3),
        "answer_p90_s": round(percentile(latencies, 90), 3),
        "answer_p99_s": round(percentile(latencies, 99), 3),
        "answer_max_s": round(max(latencies, default=0.0), 3),
        "answers_over_2s": sum(latency > 2.0 for latency in latencies),
        "messages_per_s": round((len(state.send_times) - sends_before) / seconds, 1),
        "most_messages_in_1s": most_in_one_second(state.send_times[sends_before:]),
        "http_429": sum(code == 429 for _, code in errors),
        "other_api_errors": sum(code != 429 for _, code in errors),
        "released": {str(k): v for k, v in released.items()},
        "send_concurrency": tracking.config.send_concurrency,
    }


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    args = parse_args()
    print(json.dumps(asyncio.run(run(args))))


if __name__ == "__main__":
    main()
