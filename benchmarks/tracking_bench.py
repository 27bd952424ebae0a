"""Dossier tracking at scale: one sweep over N due subscriptions, then every notification.

What is measured (one process, like a single worker):

* **setup** (not timed): a portal simulator store with N dossiers (static, status "received"),
  N users and N subscriptions bulk-inserted into the database (SQLite in a temporary file,
  or ``--database-url``), all due now; a fraction (``--changes``, default 10%) of the dossiers
  then changes status on the portal.
* **sweep** (``sweep_s``): the real :class:`Poller` — leases, the bounded pool, the request
  budget shared through the database at ``--rps``, the iGate adapter with its retry policy and
  circuit breaker, batched fenced writes of subscriptions and outbox rows — until no
  subscription is due. Each portal answer takes ``--latency-ms`` (the simulator's latency
  knob); the simulator is served in process through ``httpx.ASGITransport`` (no sockets).
  ``ideal_s = N / rps`` is what the budget allows; ``ratio = sweep_s / ideal_s``.
* **delivery** (``send_s``): the real :class:`Sender` sends every outbox row through
  python-telegram-bot to the fake Telegram server (in process). Telegram's own 30 msg/s limit
  is left out (no AIORateLimiter): it would make this part last ``changes / 30`` seconds and
  says nothing about the code.
* **check**: ``duplicates`` = status-change messages received more than once for the same
  (dossier, status); ``lost`` = changed dossiers without their message; ``portal_requests``
  counts every HTTP request to the portal (token requests included).

Prints one JSON object as its last line.
"""

from __future__ import annotations

import sys
from pathlib import Path

# The sandbox (fake Telegram, portal simulator) is not installed with the product.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse
import asyncio
import json
import logging
import math
import random
import re
import resource
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from typing import Any

import httpx
from sqlalchemy import insert
from telegram.ext import ExtBot
from telegram.request import HTTPXRequest

from bot.calendar import WorkCalendar
from bot.db import migrate
from bot.db.engine import create_engine, session_factory
from bot.db.models import Subscription, User
from bot.db.privacy import Privacy
from bot.portal.adapters import build_adapter
from bot.portal.http import HttpPolicy
from bot.portal.status import DossierStatus
from bot.telegram.delivery import bot_sender
from bot.texts import Texts
from bot.tracking.budget import PacedTransport, RequestBudget
from bot.tracking.config import TrackingConfig
from bot.tracking.poller import Poller
from bot.tracking.sender import Sender
from sandbox.portal_seed import new_dossier
from sandbox.portal_sim import build_store, create_portal_app
from sandbox.telegram_server import create_telegram_app
from sandbox.telegram_state import TelegramState

TOKEN = "7000000003:BENCH-sandbox-token-not-secret-0000"
FIRST_USER = 1_000_000
CHUNK = 5000
_CHANGE = re.compile(
    r"(?:Hồ sơ|Dossier) ([^<]+)</b>.*?(?:Trạng thái mới|New status): <b>([^<]+)", re.S
)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscriptions", type=int, default=10_000)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--rps", type=float, default=500.0)
    parser.add_argument("--changes", type=float, default=0.1, help="fraction that changes")
    parser.add_argument("--concurrency", type=int, default=0, help="pool size (0: from rps)")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--seed", type=int, default=7)
    return parser.parse_args()


def make_store(n: int, fraction: float, seed: int) -> tuple[Any, list[str], set[str]]:
    store = build_store(seed=False, speed=1.0)
    now = store.clock.now()
    codes = []
    for index in range(n):
        dossier = new_dossier(store, submitted_at=now, procedure_index=index)
        dossier.processing_days = 15
        store.transition(dossier, DossierStatus.RECEIVED, at=now)
        codes.append(dossier.code)
    changed = set(random.Random(seed).sample(codes, round(n * fraction)))
    return store, codes, changed


async def insert_rows(sessions: Any, codes: list[str]) -> None:
    now = datetime.now(UTC)
    for start in range(0, len(codes), CHUNK):
        part = codes[start : start + CHUNK]
        users = [
            {
                "id": FIRST_USER + start + i,
                "language": "vi",
                "blocked": False,
                "created_at": now,
                "updated_at": now,
            }
            for i in range(len(part))
        ]
        subs = [
            {
                "user_id": FIRST_USER + start + i,
                "dossier_code": code,
                "portal_kind": "igate",
                "last_status": int(DossierStatus.RECEIVED),
                "last_status_label": "Đã tiếp nhận",
                "last_changed_at": now,
                "change_seq": 0,
                "overdue_notified": False,
                "reminder_notified": False,
                "active": True,
                "next_poll_at": now,
                "failures": 0,
                "last_error": "",
                "created_at": now,
            }
            for i, code in enumerate(part)
        ]
        async with sessions.begin() as session:
            await session.execute(insert(User), users)
            await session.execute(insert(Subscription), subs)


async def run(args: argparse.Namespace) -> dict[str, Any]:
    n, rps = args.subscriptions, args.rps
    latency = args.latency_ms / 1000
    concurrency = args.concurrency or max(8, math.ceil(rps * latency * 1.6) + 4)
    store, codes, changed = make_store(n, args.changes, args.seed)
    tmp = tempfile.TemporaryDirectory()
    url = args.database_url or f"sqlite+aiosqlite:///{Path(tmp.name) / 'bench.db'}"
    engine = create_engine(url)
    await migrate.upgrade(engine)
    sessions = session_factory(engine)
    await insert_rows(sessions, codes)
    for code in changed:
        dossier = store.get(code)
        assert dossier is not None
        store.transition(dossier, DossierStatus.PROCESSING)
    store.faults.latency = latency

    budget = RequestBudget(rps, portal="igate:bench", sessions=sessions)
    portal_app = httpx.ASGITransport(app=create_portal_app(store))
    transport = PacedTransport(portal_app, budget)
    adapter = build_adapter(
        "igate",
        base_url="http://portal.bench",
        client_id=store.client_id,
        client_secret=store.client_secret,
        http=HttpPolicy(transport=transport, max_connections=concurrency),
    )
    config = TrackingConfig(
        portal_rps=rps, poll_concurrency=concurrency, poll_batch=4 * concurrency
    )
    poller = Poller(
        sessions=sessions,
        portal=adapter,
        privacy=Privacy(b"bench-secret-key-0123456789"),
        config=config,
        calendar=WorkCalendar(),
    )
    started = time.perf_counter()
    stats = await poller.run_until_idle()
    sweep_s = time.perf_counter() - started
    await adapter.aclose()

    state = TelegramState(TOKEN)
    for i in range(n):
        state.ensure_user(FIRST_USER + i)
        state.ensure_chat(FIRST_USER + i).started = True
    request = HTTPXRequest(
        connection_pool_size=16,
        httpx_kwargs={"transport": httpx.ASGITransport(app=create_telegram_app(state))},
    )
    bot = ExtBot(TOKEN, base_url="http://telegram.bench/bot", request=request)
    async with bot:
        sender = Sender(
            sessions=sessions,
            send=bot_sender(bot),
            texts=Texts(),
            config=TrackingConfig(send_batch=200, send_concurrency=16),
        )
        started = time.perf_counter()
        sent = await sender.run_until_idle(wait_retries=True)
        send_s = time.perf_counter() - started
    await engine.dispose()
    tmp.cleanup()

    received: Counter[tuple[str, str]] = Counter()
    notifications = 0
    for chat in state.chats.values():
        for message in chat.messages.values():
            if message.from_bot:
                notifications += 1
                if match := _CHANGE.search(message.html or ""):
                    received[(match.group(1), match.group(2))] += 1
    got_codes = {code for code, _ in received}
    ideal_s = n / rps
    return {
        "subscriptions": n,
        "changes": len(changed),
        "notifications": notifications,
        "duplicates": sum(count - 1 for count in received.values()),
        "lost": len(changed - got_codes),
        "portal_requests": transport.requests,
        "sweep_s": round(sweep_s, 3),
        "ideal_s": round(ideal_s, 3),
        "ratio": round(sweep_s / ideal_s, 3),
        "rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "latency_ms": args.latency_ms,
        "rps": rps,
        "concurrency": concurrency,
        "polled": stats.polled,
        "poll_failures": stats.failures,
        "send_s": round(send_s, 3),
        "sent": sent.sent,
        "database": url.split(":", 1)[0],
    }


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    args = parse_args()
    print(json.dumps(asyncio.run(run(args))))


if __name__ == "__main__":
    main()
