"""Soak: the real bot under steady mixed traffic for N minutes; latency and memory over time.

The fake Telegram server and the portal simulator run in processes of their own (as
Telegram and the portal are not in the bot's process, and their stores of every message and
dossier would otherwise count as the bot's memory). The bot runs here, as ``run`` builds it
(``build_application`` + long polling, AIORateLimiter, dossier tracking in process), on a
fresh SQLite file, with the tracking poller on a fixed interval so notifications flow.

Traffic (benchmarks/soak_traffic.py): ``--users`` simulated citizens, one action every
``1/--rate`` seconds by an idle user picked at random: questions from
tests/data/search_dev.tsv (long letters, no diacritics, English …), presses on the buttons
of the replies (card sections, checklist ticks, 👍/👎, clarifying options), ``/status`` and
``/follow`` with codes the simulator holds, ``/mine``, ``/lang``, ``/mydata``, ``/help``;
meanwhile a followed dossier changes status on the portal every ``--change-every`` seconds,
so notifications go out.

Latency: from the user's action to the bot's first reply in that chat (a message, or the
answer to a button press), through the fake server's control API. RSS (VmRSS of this
process: the bot and the traffic driver, whose own state stays a few hundred kB) is sampled
every ``--sample-every`` seconds; the slope over the second half is a least-squares fit, in
MB a minute. ``--trace`` also samples tracemalloc's traced Python memory (its slope is
``traced_slope_last_half_mb_per_min``) and prints the lines whose live allocations grew most
between half time and the end; it is about three times slower, and RSS then includes
tracemalloc's own memory and the snapshot taken at half time, so read the traced slope.

Progress goes to stderr; the last line of stdout is one JSON object.
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
import sqlite3
import tempfile
import tracemalloc
from typing import Any

import httpx
import numpy as np
from bench_servers import sandbox_server
from pydantic import SecretStr
from soak_traffic import Soak, Tally, make_users

from bot.config import PortalKind, Settings
from bot.telegram.app import build_application
from bot.telegram.runtime import polling
from bot.tracking.config import TrackingConfig
from sandbox.telegram_client import TelegramSandboxClient
from sandbox.update_tracker import UpdateTracker

TOKEN = "7000000004:SOAK-sandbox-token-not-secret-00000"
ROOT = Path(__file__).resolve().parents[1]
MB = 1024 * 1024


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=2.0)
    parser.add_argument("--rate", type=float, default=10.0, help="user actions per second")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--poll-every", type=float, default=15.0, help="tracking poll, s")
    parser.add_argument("--change-every", type=float, default=2.0, help="portal change, s")
    parser.add_argument("--sample-every", type=float, default=10.0, help="RSS sample, s")
    parser.add_argument("--trace", action="store_true", help="tracemalloc over the 2nd half")
    parser.add_argument("--seed", type=int, default=7)
    return parser.parse_args()


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def slope_mb_per_min(samples: list[tuple[float, float]], total: float) -> float | None:
    """Least-squares slope of (seconds, MB) samples taken in the second half."""
    half = [(t, mb) for t, mb in samples if t >= total / 2]
    if len(half) < 2:
        return None
    t, mb = np.array(half).T
    return round(float(np.polyfit(t / 60, mb, 1)[0]), 3)


def percentiles(ms: np.ndarray) -> dict[str, float | None]:
    if ms.size == 0:
        return {"p50_ms": None, "p99_ms": None}
    p50, p99 = np.percentile(ms, [50, 99])
    return {"p50_ms": round(float(p50), 1), "p99_ms": round(float(p99), 1)}


def outbox_states(db: Path) -> dict[str, int]:
    """Notifications by outbox state (sent, pending, dead …) at the end."""
    with contextlib.closing(sqlite3.connect(db)) as conn:
        rows = conn.execute("SELECT state, count(*) FROM outbox GROUP BY state").fetchall()
    return {str(state): int(count) for state, count in rows}


class ErrorCount(logging.Handler):
    """Counts the bot's log records at ERROR and above."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class Meter:
    """RSS (and with `trace`, traced Python memory) over time; progress on stderr."""

    def __init__(self, tally: Tally, seconds: float, *, trace: bool) -> None:
        self.tally = tally
        self.seconds = seconds
        self.trace = trace
        self.rss: list[tuple[float, float]] = [(0.0, rss_mb())]
        self.traced: list[tuple[float, float]] = []
        self.half: tracemalloc.Snapshot | None = None
        if trace:
            tracemalloc.start(1)

    def sample(self, at: float) -> None:
        self.rss.append((at, rss_mb()))
        if self.trace:
            self.traced.append((at, tracemalloc.get_traced_memory()[0] / MB))
            if self.half is None and at >= self.seconds / 2:
                self.half = tracemalloc.take_snapshot()
        tally = self.tally
        p = percentiles(tally.all_ms())
        traced = f" traced {self.traced[-1][1]:.1f} MB" if self.traced else ""
        print(
            f"[{at:6.0f} s] actions {sum(tally.actions.values())} replies {tally.replies} "
            f"errors {sum(tally.errors.values())} p50 {p['p50_ms']} ms p99 {p['p99_ms']} ms "
            f"rss {self.rss[-1][1]:.1f} MB{traced}",
            file=sys.stderr,
            flush=True,
        )

    def trace_top(self, n: int = 15) -> list[str]:
        """The lines whose live allocations grew most over the second half."""
        if self.half is None:
            return []
        ignore = [
            tracemalloc.Filter(False, tracemalloc.__file__),
            tracemalloc.Filter(False, "<frozen importlib._bootstrap*>"),
        ]
        last = tracemalloc.take_snapshot().filter_traces(ignore)
        tracemalloc.stop()
        top = [str(s) for s in last.compare_to(self.half.filter_traces(ignore), "lineno")[:n]]
        print("\n".join(["tracemalloc, second half:", *top]), file=sys.stderr, flush=True)
        return top

    def figures(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "rss_start_mb": round(self.rss[0][1], 1),
            "rss_end_mb": round(self.rss[-1][1], 1),
            "rss_slope_last_half_mb_per_min": slope_mb_per_min(self.rss, self.seconds),
        }
        if self.trace:
            found["traced_slope_last_half_mb_per_min"] = slope_mb_per_min(self.traced, self.seconds)
        return found


def bot_settings(telegram_url: str, portal_url: str, db: Path) -> Settings:
    return Settings(
        telegram_api_url=telegram_url,
        database_url=f"sqlite+aiosqlite:///{db}",
        secret_key=SecretStr("soak-secret-key-0123456789"),
        portal_kind=PortalKind.IGATE,
        portal_url=portal_url,
        portal_client_id="dvc-bot",
        portal_client_secret=SecretStr("sim-secret"),
        portal_token_url=None,
    )


async def soak(
    args: argparse.Namespace, db: Path
) -> tuple[Tally, Meter, list[str], dict[str, int]]:
    seconds = args.minutes * 60
    async with (
        sandbox_server("telegram-sim", "--token", TOKEN) as telegram_url,
        sandbox_server("portal-sim", "--speed", "1") as portal_url,
        httpx.AsyncClient(base_url=portal_url, timeout=30) as portal,
    ):
        users = await make_users(portal, args.users, args.seed)
        tracker = UpdateTracker()
        application = build_application(
            bot_settings(telegram_url, portal_url, db), token=TOKEN, update_processor=tracker
        )
        tracking = application.bot_data.services.tracking
        tracking.config = TrackingConfig(portal_rps=50.0).fast(args.poll_every, lease=30.0)
        limits = httpx.Limits(max_connections=400, max_keepalive_connections=100)
        control = httpx.AsyncClient(base_url=telegram_url, limits=limits)
        async with polling(application), TelegramSandboxClient(control) as client:
            traffic = Soak(client, portal, tracker, users, args.seed)
            meter = Meter(traffic.tally, seconds, trace=args.trace)
            await traffic.run(
                seconds,
                rate=args.rate,
                change_every=args.change_every,
                sample_every=args.sample_every,
                sample=meter.sample,
            )
            top = meter.trace_top() if args.trace else []
            calls = (await client.stats())["method_counts"]
    return traffic.tally, meter, top, calls


async def run(args: argparse.Namespace) -> dict[str, Any]:
    errors_logged = ErrorCount()
    logging.getLogger().addHandler(errors_logged)
    with tempfile.TemporaryDirectory(prefix="dvc-soak-") as tmp:
        db = Path(tmp) / "soak.db"
        tally, meter, top, calls = await soak(args, db)
        outbox = outbox_states(db)
    result: dict[str, Any] = {
        "minutes": args.minutes,
        "rate": args.rate,
        "users": args.users,
        "messages": sum(tally.actions.values()),
        "replies": tally.replies,
        "errors": sum(tally.errors.values()) + errors_logged.count,
        **percentiles(tally.all_ms()),
        **meter.figures(),
        "by_kind": {
            kind: {"count": tally.actions[kind], **percentiles(np.frombuffer(ms, dtype=float))}
            for kind, ms in sorted(tally.latencies.items())
        },
        "error_kinds": dict(tally.errors),
        "log_errors": errors_logged.count,
        "skipped": tally.skipped,
        "portal_changes": tally.changes,
        "outbox": outbox,
        "bot_api_calls": dict(sorted(calls.items())),
        "rss_samples_mb": [round(mb, 1) for _, mb in meter.rss],
    }
    if args.trace:
        result["trace_top"] = top
    return result


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    args = parse_args()
    print(json.dumps(asyncio.run(run(args)), ensure_ascii=False))


if __name__ == "__main__":
    main()
