"""The staff console's pages under a realistic load: every page must answer in < 300 ms.

What is measured (one process):

* **setup** (not timed): a database (SQLite in a temporary file, or ``--database-url``) with
  every migration, the full bundled catalog imported as the current version, ``--questions``
  (default 100,000) logged questions spread over ``--days`` (90) days — questions of the search
  development set with numbers varied, about 70 % answered / 15 % asked back / 15 % not
  found, ~25,000 people, a few greetings and status questions — 👍/👎 on ~8 % of the
  answers, 3,000 followed dossiers (the latest polls of the last hour, some failed), 6,000
  outbox rows (pending, sent, dead) and 2,000 audit rows from the web, the CLI and Telegram.
  On PostgreSQL the load is followed by ``VACUUM ANALYZE``, as autovacuum would do.
* **pages**: the real console app (``create_console_app`` on ``build_services``) in process
  through ``httpx.ASGITransport``, signed in as an admin through the real path (a one-time
  link from ``console_auth.create_link``, then ``GET /signin/<token>``). Timed: the dashboard
  (default 30 days and the whole 90), the audit log (plain, filtered, an older page) and every
  other GET route of the app without path parameters (the pages other areas add are picked
  up by themselves). Each is fetched once to warm up, then ``--repeat`` times.
* **what citizens asked**: the questions list for 90 days, the handled view and the most
  asked group's page, as above (a grouping is kept while nothing new is logged), and
  ``/questions (recomputed)``: the list fetched right after one more unanswered question was
  logged, so the query-log read and the grouping run every time. The effect preview of
  attaching that group to a procedure (a POST that builds the changed catalog's search index
  and re-runs the logged questions) is timed under ``actions`` (not a page; no budget).

Prints per-page p50 and max in ms; the last line is one JSON object. Exits with status 1 when
a page is not 200 or its max is over ``--budget-ms``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse
import asyncio
import json
import logging
import random
import re
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from pydantic import SecretStr
from sqlalchemy import insert
from starlette.routing import Route

from bot.calendar import VN_TZ
from bot.catalog_admin import fingerprint, procedure_form
from bot.config import Settings
from bot.console.app import create_console_app
from bot.db import migrate
from bot.db.engine import create_engine
from bot.db.models import (
    Feedback,
    OutboxMessage,
    QueryLog,
    StaffAudit,
    Subscription,
    User,
)
from bot.services import Services, build_services

ROOT = Path(__file__).resolve().parent.parent
ADMIN = 900_001
CHUNK = 5_000
DECISIONS = (("answer", 0.70), ("clarify", 0.15), ("none", 0.15))
#: Paths never timed: sign-in and sign-out change the session, static files are not pages.
SKIP = re.compile(r"^/(signin|signout|lang|static)\b")


def questions() -> list[tuple[str, list[str]]]:
    """(question, acceptable codes) of the search development set."""
    out = []
    for line in (ROOT / "tests/data/search_dev.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        text, codes, *_ = line.split("\t")
        out.append((text, [c for c in codes.split() if re.fullmatch(r"[\d.]+", c)]))
    return out


def moment(rng: random.Random, now: datetime, days: int) -> datetime:
    """A time in the last `days` days, in office hours more often (Vietnamese time)."""
    hour = rng.choice([7, 8, 8, 9, 9, 10, 10, 11, 13, 14, 14, 15, 15, 16, 17, 19, 20, 21])
    local = (now - timedelta(days=rng.randrange(days))).astimezone(VN_TZ)
    local = local.replace(hour=hour, minute=rng.randrange(60), second=rng.randrange(60))
    if local > now:
        local -= timedelta(days=1)
    return local.astimezone(UTC)


def query_rows(
    n: int, days: int, now: datetime, codes: list[str], seed: int
) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    asked = questions()
    people = [f"{rng.getrandbits(128):032x}" for _ in range(25_000)]
    weights = [1 / (i + 1) for i in range(len(codes))]  # a few procedures asked most
    rows = []
    for _ in range(n):
        text, acceptable = rng.choice(asked)
        roll = rng.random()
        intent = "procedure" if roll < 0.9 else ("unknown" if roll < 0.95 else "greeting")
        decision = rng.choices([d for d, _ in DECISIONS], [w for _, w in DECISIONS])[0]
        code = None
        if decision != "none":
            code = rng.choice(acceptable) if acceptable and rng.random() < 0.7 else None
            code = code or rng.choices(codes, weights)[0]
        rows.append(
            {
                "user_hash": rng.choice(people),
                "query": re.sub(r"\d+", lambda _: str(rng.randrange(100)), text),
                "intent": intent,
                "decision": decision,
                "top_code": code,
                "top_score": round(rng.random(), 3) if code else None,
                "catalog_version": 1,
                "created_at": moment(rng, now, days),
            }
        )
    return rows


async def bulk(services: Services, model: Any, rows: list[dict[str, Any]]) -> None:
    async with services.sessions.begin() as session:
        for start in range(0, len(rows), CHUNK):
            await session.execute(insert(model), rows[start : start + CHUNK])


async def seed(services: Services, args: argparse.Namespace, now: datetime) -> dict[str, int]:
    await services.catalog.ensure_seeded()
    await services.catalog.refresh()
    codes = sorted(p.code for p in services.catalog.procedures)
    rng = random.Random(args.seed)
    logged = query_rows(args.questions, args.days, now, codes, args.seed)
    await bulk(services, QueryLog, logged)
    feedback = [
        {
            "user_hash": row["user_hash"],
            "query_log_id": index + 1,
            "procedure_code": row["top_code"],
            "helpful": rng.random() < 0.8,
            "created_at": row["created_at"] + timedelta(minutes=1),
        }
        for index, row in enumerate(logged)
        if row["decision"] == "answer" and rng.random() < 0.08
    ]
    await bulk(services, Feedback, feedback)
    users = 3_000
    await bulk(services, User, [{"id": 10_000 + i, "language": "vi"} for i in range(users)])
    errors = ["", "", "", "", "", "", "", "", "PortalUnavailable", "DossierNotFound"]
    await bulk(
        services,
        Subscription,
        [
            {
                "user_id": 10_000 + i,
                "dossier_code": f"H{i:08d}",
                "portal_kind": "igate",
                "active": rng.random() < 0.8,
                "last_polled_at": now - timedelta(minutes=rng.randrange(180)),
                "last_error": (error := rng.choice(errors)),
                "failures": 1 if error else 0,
                "next_poll_at": now + timedelta(minutes=rng.randrange(600)),
                "created_at": now - timedelta(days=rng.randrange(args.days)),
            }
            for i in range(users)
        ],
    )
    states = ["sent"] * 90 + ["pending"] * 6 + ["dead"] * 3 + ["cancelled"]
    await bulk(
        services,
        OutboxMessage,
        [
            {
                "dedup_key": f"bench:{i}",
                "subscription_id": 1 + i % users,
                "user_id": 10_000 + i % users,
                "kind": "status_change",
                "payload": {"code": f"H{i % users:08d}"},
                "state": (state := rng.choice(states)),
                "attempts": 5 if state == "dead" else 1,
                "last_error": "Forbidden: bot was blocked by the user" if state == "dead" else "",
                "created_at": now - timedelta(minutes=rng.randrange(args.days * 1440)),
            }
            for i in range(6_000)
        ],
    )
    actions = [
        ("catalog.import", "cli", {"result": "created", "version": 2, "previous": 1}),
        ("catalog.edit", "web", {"code": codes[0], "diff": {"changed": {codes[0]: ["title"]}}}),
        ("staff_add", "web", {"user_id": 5, "role": "viewer", "previous": None}),
        ("console_link", "telegram", {"expires_in_s": 600}),
        ("console_signin", "web", {}),
    ]
    audit = []
    for i in range(2_000):
        action, source, detail = rng.choice(actions)
        audit.append(
            {
                "actor": f"tg:{ADMIN + i % 7}",
                "action": action,
                "source": source,
                "detail": detail,
                "created_at": now - timedelta(minutes=rng.randrange(args.days * 1440)),
            }
        )
    await bulk(services, StaffAudit, audit)
    if services.engine.dialect.name == "postgresql":  # what autovacuum does after a load
        async with services.engine.connect() as conn:
            autocommit = await conn.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.exec_driver_sql("VACUUM ANALYZE")
    return {
        "questions": len(logged),
        "feedback": len(feedback),
        "subscriptions": users,
        "outbox": 6_000,
        "audit": len(audit),
        "procedures": len(codes),
    }


def pages(app: Any, today: str, first_90: str) -> list[str]:
    """The dashboard and audit variants, then every other parameterless GET route."""
    timed = [
        "/dashboard",
        f"/dashboard?first={first_90}&last={today}",
        "/audit",
        "/audit?source=web&action=catalog.edit",
        "/audit?before=1000",
    ]
    for route in app.routes:
        if not isinstance(route, Route) or "{" in route.path or SKIP.match(route.path):
            continue
        if "GET" in (route.methods or ()) and route.path not in timed:
            timed.append(route.path)
    return timed


async def catalog_pages(services: Services) -> list[str]:
    """The catalog pages with parameters: searches and filters over the full catalog, one
    procedure's edit form with its preview, and the diff of two versions (a second version
    is saved first, through the console's own service)."""
    admin = services.catalog_admin
    code = "1.001193"
    procedure = await admin.procedure(code)
    assert procedure is not None
    values = procedure_form(procedure) | {"summary_vi": procedure.summary.vi + " (sửa)"}
    saved = await admin.save(
        values, code=code, original=fingerprint(procedure), author=f"tg:{ADMIN}", note="bench"
    )
    assert saved.version is not None, saved
    return [
        "/procedures?q=khai+sinh",
        "/procedures?field=H%E1%BB%99+t%E1%BB%8Bch&unverified=yes&sort=reviewed",
        "/procedures?kind=official&age=180&page=5",
        f"/procedures/{code}",
        f"/versions/diff?old={saved.version.id - 1}&new={saved.version.id}",
    ]


async def time_pages(
    services: Services, settings: Settings, args: argparse.Namespace
) -> dict[str, Any]:
    app = create_console_app(services, settings)
    extra = await catalog_pages(services)
    top_group = (await services.learning.groups(days=30)).open[0]
    extra += [
        "/questions?days=90",
        "/questions?view=handled",
        f"/questions/{top_group.gid}?days=30",
    ]
    token = await services.console_auth.create_link(ADMIN)
    assert token is not None, "the admin is not staff"
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://console.test") as client:
        response = await client.get(f"/signin/{token}")
        assert response.status_code < 400 and client.cookies, "sign-in failed"
        today = services.dashboard.today()
        results: dict[str, Any] = {}
        for path in (
            pages(app, today.isoformat(), (today - timedelta(days=args.days - 1)).isoformat())
            + extra
        ):
            timings, status = [], 0
            for attempt in range(args.repeat + 1):
                started = time.perf_counter()
                response = await client.get(path)
                elapsed = (time.perf_counter() - started) * 1000
                status = response.status_code
                if attempt:  # the first fetch warms caches up
                    timings.append(elapsed)
            results[path] = {
                "status": status,
                "p50_ms": round(statistics.median(timings), 1),
                "max_ms": round(max(timings), 1),
                "bytes": len(response.content),
            }
            print(
                f"{path:60s} {status}  p50 {results[path]['p50_ms']:7.1f} ms  "
                f"max {results[path]['max_ms']:7.1f} ms",
                flush=True,
            )
        results["/questions (recomputed)"] = await time_questions_recomputed(client, services, args)
        actions["questions preview"] = await time_questions_preview(client, top_group.gid, args)
    return results


#: Timings of POST actions that are not pages (reported, not held to the page budget).
actions: dict[str, Any] = {}


def _report(name: str, timings: list[float], status: int) -> dict[str, Any]:
    result = {
        "status": status,
        "p50_ms": round(statistics.median(timings), 1),
        "max_ms": round(max(timings), 1),
    }
    print(
        f"{name:60s} {status}  p50 {result['p50_ms']:7.1f} ms  max {result['max_ms']:7.1f} ms",
        flush=True,
    )
    return result


async def time_questions_recomputed(
    client: httpx.AsyncClient, services: Services, args: argparse.Namespace
) -> dict[str, Any]:
    """/questions right after one more unanswered question is logged, every time."""
    timings, status = [], 0
    for attempt in range(args.repeat + 1):
        row = {
            "user_hash": f"{attempt:064x}",
            "query": f"câu hỏi mới số {attempt} về visa đi Nhật",
            "intent": "procedure",
            "decision": "none",
            "catalog_version": 1,
            "created_at": datetime.now(UTC),
        }
        await bulk(services, QueryLog, [row])
        started = time.perf_counter()
        response = await client.get("/questions")
        status = response.status_code
        if attempt:
            timings.append((time.perf_counter() - started) * 1000)
    return _report("/questions (recomputed)", timings, status)


async def time_questions_preview(
    client: httpx.AsyncClient, gid: str, args: argparse.Namespace
) -> dict[str, Any]:
    """The effect preview of attaching the most asked group to a procedure (a POST)."""
    page = await client.get(f"/questions/{gid}?days=30")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    code = re.search(r'name="code" value="([^"]+)"', page.text)
    assert token and code, "the group page has no attach form"
    form = {"csrf_token": token.group(1), "kind": "attach", "phrase": "tên gọi thử"}
    form["code"] = code.group(1)
    timings, status = [], 0
    for attempt in range(min(args.repeat, 3) + 1):
        started = time.perf_counter()
        response = await client.post(f"/questions/{gid}/preview?days=30", data=form)
        status = response.status_code
        if attempt:
            timings.append((time.perf_counter() - started) * 1000)
    return _report("POST /questions/<group>/preview (action)", timings, status)


async def main(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite+aiosqlite:///{tmp}/console.db"
        settings = Settings(
            database_url=url,
            secret_key=SecretStr("bench-secret-key-0123456789"),
            staff_ids=frozenset({ADMIN}),
            portal_url="http://portal.invalid",  # never called: no page asks the portal
            portal_client_secret=SecretStr("bench-secret"),
        )
        engine = create_engine(url)
        await migrate.upgrade(engine)
        await engine.dispose()
        services = build_services(settings)
        try:
            now = datetime.now(UTC)
            started = time.perf_counter()
            counts = await seed(services, args, now)
            setup_s = time.perf_counter() - started
            print(f"setup: {counts} in {setup_s:.1f} s", flush=True)
            results = await time_pages(services, settings, args)
        finally:
            await services.engine.dispose()
    worst = max(page["max_ms"] for page in results.values())
    # A bare route answering 400 needs parameters (e.g. /versions/diff); it is timed with them.
    ok = all(
        (p["status"] == 200 or (p["status"] == 400 and "?" not in path))
        and p["max_ms"] < args.budget_ms
        for path, p in results.items()
    )
    summary = {
        "benchmark": "console",
        "database": url.split(":", 1)[0],
        **counts,
        "days": args.days,
        "repeat": args.repeat,
        "setup_s": round(setup_s, 1),
        "budget_ms": args.budget_ms,
        "worst_max_ms": worst,
        "ok": ok,
        "pages": results,
        "actions": actions,
    }
    print(json.dumps(summary, ensure_ascii=False))
    return 0 if ok else 1


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--budget-ms", type=float, default=300.0)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--database-url", default="", help="default: SQLite in a temp dir")
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(asyncio.run(main(parse_args())))
