"""`run_bot.py worker` (poller + sender without reading updates) and `run_bot.py tracking …`.

``worker`` logs in to the Bot API (to send) but never calls getUpdates, so it can run beside
the bot (``run --no-tracking``) or as several copies on PostgreSQL: they share the work
through leases. SIGTERM/SIGINT stop it gracefully; a SIGKILL loses nothing either (its
leases expire and another process takes the rows over). On exit it prints one JSON line with
its counters.

``tracking dead-letters`` lists undeliverable notifications for staff, ``tracking requeue``
puts some back, ``tracking stats`` counts outbox rows per state.
"""

from __future__ import annotations

import argparse
import json
import logging
from dataclasses import asdict, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.config import Settings
from bot.db import migrate
from bot.db.engine import create_engine, session_factory
from bot.serving import wait_for_signal
from bot.telegram.app import build_application
from bot.telegram.runtime import start_worker, stop_worker
from bot.tracking import outbox
from bot.tracking.config import TrackingConfig

log = logging.getLogger(__name__)


def register(sub: Any) -> None:
    worker: argparse.ArgumentParser = sub.add_parser(
        "worker", help="run the dossier poller and the notification sender (no updates)"
    )
    worker.add_argument("--no-poller", action="store_true", help="only send notifications")
    worker.add_argument("--no-sender", action="store_true", help="only poll the portal")
    worker.add_argument(
        "--poll-every",
        type=float,
        default=None,
        metavar="SECONDS",
        help="poll every open dossier at this fixed interval (demo, tests)",
    )
    worker.add_argument("--lease", type=float, default=None, metavar="SECONDS")
    worker.add_argument("--rps", type=float, default=None, help="portal requests per second")
    worker.add_argument("--concurrency", type=int, default=None, help="parallel portal requests")
    worker.set_defaults(handler=run_worker)

    tracking: argparse.ArgumentParser = sub.add_parser(
        "tracking", help="staff tools for followed dossiers (dead letters, requeue, stats)"
    )
    actions = tracking.add_subparsers(dest="action", required=True, metavar="ACTION")
    dead = actions.add_parser("dead-letters", help="list undeliverable notifications")
    dead.add_argument("--limit", type=int, default=50)
    dead.add_argument("--json", action="store_true")
    requeue = actions.add_parser("requeue", help="send dead notifications again")
    requeue.add_argument("ids", type=int, nargs="+")
    stats = actions.add_parser("stats", help="outbox rows per state")
    stats.add_argument("--json", action="store_true")
    tracking.set_defaults(handler=run_tracking)


def worker_config(args: argparse.Namespace, base: TrackingConfig) -> TrackingConfig:
    config = base
    if args.rps is not None:
        config = replace(config, portal_rps=args.rps)
    if args.concurrency is not None:
        config = replace(config, poll_concurrency=args.concurrency)
    if args.poll_every is not None:
        config = config.fast(args.poll_every, lease=args.lease or 10.0)
    elif args.lease is not None:
        lease = timedelta(seconds=args.lease)
        config = replace(config, poll_lease=lease, send_lease=lease)
    return config


async def run_worker(args: argparse.Namespace, settings: Settings) -> int:
    settings.require_token()
    settings.require_secret_key()
    application = build_application(settings)
    tracking = application.bot_data.services.tracking
    tracking.config = worker_config(args, tracking.config)
    try:
        await start_worker(application, poll=not args.no_poller, deliver=not args.no_sender)
        print("worker running", flush=True)
        log.info("worker running; SIGTERM stops it")
        await wait_for_signal()
    finally:
        await stop_worker(application)
    counters: dict[str, Any] = {}
    if tracking.poller is not None:
        counters["poller"] = asdict(tracking.poller.stats)
    if tracking.sender is not None:
        counters["sender"] = asdict(tracking.sender.stats)
    print(json.dumps(counters), flush=True)
    return 0


async def run_tracking(args: argparse.Namespace, settings: Settings) -> int:
    engine = create_engine(settings.database_url)
    sessions = session_factory(engine)
    try:
        await migrate.upgrade(engine)
        if args.action == "dead-letters":
            letters = await outbox.dead_letters(sessions, args.limit)
            if args.json:
                for letter in letters:
                    row = asdict(letter)
                    row["created_at"] = letter.created_at.isoformat()
                    print(json.dumps(row, ensure_ascii=False))
            elif not letters:
                print("no dead letters")
            for letter in letters if not args.json else []:
                print(
                    f"#{letter.id} user {letter.user_id} {letter.kind} {letter.code} "
                    f"attempts={letter.attempts} {letter.created_at:%Y-%m-%d %H:%M} "
                    f"{letter.last_error}"
                )
        elif args.action == "requeue":
            count = await outbox.requeue(sessions, args.ids, datetime.now(UTC))
            print(f"requeued {count} of {len(args.ids)}")
        else:
            states = await outbox.counts(sessions)
            if args.json:
                print(json.dumps(states))
            else:
                print("  ".join(f"{state}={n}" for state, n in states.items()))
    finally:
        await engine.dispose()
    return 0
