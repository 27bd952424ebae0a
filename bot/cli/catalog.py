"""`run_bot.py catalog validate|import|import-portal|audit|diff|export|history|rollback`:
staff catalog commands (import-portal and audit live in their own modules).

`validate` needs no database. The other commands use `DVC_DATABASE_URL`, apply the
migrations first, and never write anything when the input has a problem. Exit status: 0 on
success, 1 when the input has problems or the request cannot be done.
"""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from bot.cli import catalog_audit as audit_cli
from bot.cli import catalog_portal as portal_cli
from bot.config import Settings
from bot.db import catalog_store as store
from bot.db import migrate
from bot.db.engine import create_engine, session_factory
from bot.db.health import ensure_reachable
from procedures_catalog.clarify import clarify_problems
from procedures_catalog.diff import diff_catalogs
from procedures_catalog.life_events import life_event_problems
from procedures_catalog.loader import BUNDLED_DIR, FORMATS, LoadResult, read_catalog, write_catalog
from procedures_catalog.problems import Problem
from procedures_catalog.report import diff_report, history_report, problems_report
from procedures_catalog.schema import Procedure

T = TypeVar("T")


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "catalog", help="validate, import, diff, export and roll back the procedure catalog"
    )
    actions = parser.add_subparsers(dest="catalog_action", required=True, metavar="ACTION")
    validate = actions.add_parser("validate", help="check a catalog and list every problem")
    validate.add_argument("path", type=Path, help="directory of <code>.yaml, .yaml, .csv or .xlsx")
    imp = actions.add_parser("import", help="validate, then store as the new current version")
    imp.add_argument("path", type=Path)
    imp.add_argument("--author", required=True, help="who makes the change (kept in history)")
    imp.add_argument("--note", default="", help="why (kept in history)")
    portal_cli.add_parser(actions)
    audit_cli.add_parser(actions)
    diff = actions.add_parser("diff", help="show what importing PATH would change")
    diff.add_argument("path", type=Path)
    diff.add_argument("--limit", type=int, default=50, help="procedures shown per section")
    export = actions.add_parser("export", help="write the current catalog to a file")
    export.add_argument("--format", choices=FORMATS, required=True)
    export.add_argument("--out", type=Path, required=True, help="directory (yaml) or file")
    export.add_argument("--version", type=int, help="an earlier version instead of the current")
    hist = actions.add_parser("history", help="list catalog versions, newest first")
    hist.add_argument("--limit", type=int, default=None)
    back = actions.add_parser("rollback", help="make an earlier version current again")
    back.add_argument("version", type=int)
    back.add_argument("--author", required=True)
    back.add_argument("--note", default="")
    parser.set_defaults(handler=handle)


def _print_problems(problems: list[Problem], files: int, what: str) -> None:
    print(problems_report(problems))
    print(f"\n{len(problems)} problem(s) in {files} file(s) checked. {what}")


async def _with_db(settings: Settings, work: Callable[[store.SessionFactory], Awaitable[T]]) -> T:
    engine = create_engine(settings.database_url)
    try:
        await ensure_reachable(engine, settings.database_url)
        await migrate.upgrade(engine)
        return await work(session_factory(engine))
    finally:
        await engine.dispose()


def _load(path: Path, what: str) -> LoadResult | None:
    result = read_catalog(path)
    if result.problems:
        _print_problems(result.problems, result.files, what)
        return None
    return result


async def _validate(args: argparse.Namespace, settings: Settings) -> int:
    result = read_catalog(args.path)
    # A directory's life_events.yaml and clarify.yaml: their own problems, and codes missing.
    codes = {p.code for p in result.procedures} if result.ok else None
    problems = [
        *result.problems,
        *life_event_problems(args.path, codes),
        *clarify_problems(args.path, codes),
    ]
    if problems:
        _print_problems(problems, result.files, "Fix them and validate again.")
        return 1
    print(f"OK: {len(result.procedures)} procedures in {result.files} file(s), no problems.")
    return 0


async def _baseline(sf: store.SessionFactory, settings: Settings) -> tuple[str, list[Procedure]]:
    """The current database catalog, or the bundled one (its valid procedures)."""
    current = await store.current_catalog(sf)
    if current is not None:
        return f"database version {current[0].id}", current[1]
    bundled = read_catalog(settings.catalog_dir or BUNDLED_DIR)
    return "the bundled catalog (the database has none)", bundled.procedures


async def _diff(args: argparse.Namespace, settings: Settings) -> int:
    result = _load(args.path, "Fix them first; no diff was computed.")
    if result is None:
        return 1
    label, old = await _with_db(settings, lambda sf: _baseline(sf, settings))
    print(f"Changes from {label} to {args.path}:")
    print(diff_report(diff_catalogs(old, result.procedures), limit=args.limit))
    return 0


async def _import(args: argparse.Namespace, settings: Settings) -> int:
    result = _load(args.path, "Nothing was imported.")
    if result is None:
        return 1

    async def work(sf: store.SessionFactory) -> int:
        current = await store.current_catalog(sf)
        old = current[1] if current else []
        print(diff_report(diff_catalogs(old, result.procedures), limit=20, fields=5))
        outcome = await store.import_catalog(
            sf, result.procedures, author=args.author, note=args.note, source=str(args.path)
        )
        v = outcome.version
        if outcome.changed:
            print(f"Imported version {v.id}: {v.procedure_count} procedures (now current).")
        else:
            print(f"Unchanged: the catalog is identical to current version {v.id}.")
        return 0

    return await _with_db(settings, work)


async def _import_portal(args: argparse.Namespace, settings: Settings) -> int:
    return await portal_cli.run(
        args, lambda work: _with_db(settings, work), lambda sf: _baseline(sf, settings)
    )


async def _audit(args: argparse.Namespace, settings: Settings) -> int:
    from procedures_catalog.portal.read import portal_entries  # the parser only when needed

    async def catalog(_: argparse.Namespace) -> tuple[str, list[Procedure]]:
        if args.catalog is not None:
            result = read_catalog(args.catalog)
            return str(args.catalog), result.procedures
        return await _with_db(settings, lambda sf: _baseline(sf, settings))

    return await audit_cli.run(args, catalog, portal_entries)


async def _export(args: argparse.Namespace, settings: Settings) -> int:
    async def fetch(sf: store.SessionFactory) -> tuple[str, list[Procedure]]:
        if args.version is not None:
            return f"version {args.version}", await store.version_catalog(sf, args.version)
        return await _baseline(sf, settings)

    try:
        label, procedures = await _with_db(settings, fetch)
    except store.UnknownVersionError as exc:
        print(f"error: {exc}")
        return 1
    problems = write_catalog(procedures, args.out, args.format)
    if problems:
        _print_problems(problems, 1, "Nothing usable was written.")
        return 1
    print(f"Exported {len(procedures)} procedures from {label} to {args.out} ({args.format}).")
    return 0


async def _history(args: argparse.Namespace, settings: Settings) -> int:
    versions = await _with_db(settings, lambda sf: store.history(sf, args.limit))
    if not versions:
        print("No catalog version in the database yet (the bot uses the bundled catalog).")
        return 0
    print(history_report(versions))
    return 0


async def _rollback(args: argparse.Namespace, settings: Settings) -> int:
    try:
        outcome = await _with_db(
            settings,
            lambda sf: store.rollback(sf, args.version, author=args.author, note=args.note),
        )
    except store.UnknownVersionError as exc:
        print(f"error: {exc}")
        return 1
    v = outcome.version
    if outcome.changed:
        print(
            f"Version {args.version} restored as version {v.id} ({v.procedure_count} procedures)."
        )
    else:
        print(f"Unchanged: version {v.id} already holds that catalog.")
    return 0


_ACTIONS = {
    "validate": _validate,
    "import": _import,
    "import-portal": _import_portal,
    "audit": _audit,
    "diff": _diff,
    "export": _export,
    "history": _history,
    "rollback": _rollback,
}


async def handle(args: argparse.Namespace, settings: Settings) -> int:
    return await _ACTIONS[args.catalog_action](args, settings)
