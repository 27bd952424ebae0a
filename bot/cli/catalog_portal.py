"""`run_bot.py catalog import-portal PATH`: official entries from the national portal's data.

PATH is the national_portal folder (its `details/` and `lists/`), a folder of detail files or
one detail JSON file. The entries are built and validated, then:

- `--dry-run`: only the report is printed; nothing is written;
- `--out DIR`: one `<code>.yaml` per entry is written to DIR (codes that have a curated
  entry in the bundled catalog are skipped; files DIR no longer needs are removed);
- otherwise the entries are imported into the database the same way as `catalog import`
  (a new version, audited, with diff and rollback): the current catalog's curated entries
  stay unchanged and the official entries are added; an official entry never replaces a
  curated one. `--author` is required then.

Exit status: 0 on success, 1 when nothing could be read or the input is bad.
"""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from bot.db import catalog_store as store
from procedures_catalog.diff import diff_catalogs
from procedures_catalog.loader import BUNDLED_DIR, YAML_SUFFIXES
from procedures_catalog.portal.read import PortalInputError, build_selected, read_portal
from procedures_catalog.portal.report import ImportRun, render_report
from procedures_catalog.portal.select import Selection, parse_levels
from procedures_catalog.problems import Problem
from procedures_catalog.report import diff_report, problems_report
from procedures_catalog.schema import LOCAL_CODE_RE, NATIONAL_CODE_RE, EntryKind, Procedure
from procedures_catalog.validation import RawRecord, validate_records
from procedures_catalog.yaml_io import write_directory

T = TypeVar("T")
WithDb = Callable[[Callable[[store.SessionFactory], Awaitable[Any]]], Awaitable[Any]]
Baseline = Callable[[store.SessionFactory], Awaitable[tuple[str, list[Procedure]]]]


def add_parser(actions: Any) -> None:
    imp = actions.add_parser(
        "import-portal", help="build official entries from the national portal's data"
    )
    imp.add_argument("path", type=Path, help="national_portal folder, a details folder or one JSON")
    imp.add_argument("--lists", type=Path, help="folder of danh-sach-tthc-*.xlsx (default: beside)")
    imp.add_argument("--levels", default="", help="keep these levels: xa, tinh, bo (comma list)")
    imp.add_argument("--citizens", action="store_true", help="keep procedures open to citizens")
    imp.add_argument("--dry-run", action="store_true", help="build and report; write nothing")
    imp.add_argument("--out", type=Path, help="write <code>.yaml files to this folder")
    imp.add_argument("--author", help="who imports (required for a database import)")
    imp.add_argument("--note", default="", help="why (kept in history)")
    imp.add_argument(
        "--reviewed", type=date.fromisoformat, help="last_reviewed of the entries (default today)"
    )
    imp.add_argument("--limit", type=int, default=25, help="lines shown per report section")


def curated_codes(directory: Path = BUNDLED_DIR) -> set[str]:
    """Codes of the curated entries in the bundled catalog's top-level folder (by file name)."""
    if not directory.is_dir():
        return set()
    return {
        p.stem
        for p in directory.iterdir()
        if p.is_file() and p.suffix in YAML_SUFFIXES and NATIONAL_CODE_RE.match(p.stem)
    }


def _build(args: argparse.Namespace, selection: Selection) -> tuple[ImportRun, list[Procedure]]:
    data = read_portal(args.path, args.lists)
    run, entries = build_selected(data, selection, today=args.reviewed or date.today())
    return run, [entries[code] for code in sorted(entries)]


def _validate(procedures: list[Procedure]) -> list[Problem]:
    records = [RawRecord(p.code, "", p.model_dump(mode="json")) for p in procedures]
    return validate_records(records)[1]


def _refuse_out(out: Path) -> str:
    """Why `out` must not be written (it would delete curated files), or ""."""
    if out.resolve() == BUNDLED_DIR.resolve():
        return f"{out} is the bundled catalog's folder; write to a sub-folder such as official/"
    for path in sorted(out.glob("*.yaml")) if out.is_dir() else []:
        if (NATIONAL_CODE_RE.match(path.stem) or LOCAL_CODE_RE.match(path.stem)) and (
            "kind: official" not in path.read_text(encoding="utf-8", errors="replace")
        ):
            return f"{out} holds entries that are not official ({path.name}); use another folder"
    return ""


def _write(out: Path, procedures: list[Procedure]) -> int:
    skip = curated_codes()
    official = [p for p in procedures if p.code not in skip]
    reason = _refuse_out(out)
    if reason:
        print(f"error: {reason}")
        return 1
    keep = {f"{p.code}.yaml" for p in official}
    stale = [p for p in out.glob("*.yaml") if p.name not in keep] if out.is_dir() else []
    problems = write_directory(official, out)
    if problems:
        print(problems_report(problems))
        return 1
    print(
        f"\nWrote {len(official)} official entries to {out} "
        f"({len(procedures) - len(official)} skipped: a curated entry has the code; "
        f"{len(stale)} stale file(s) removed)."
    )
    return 0


async def _import(
    args: argparse.Namespace, procedures: list[Procedure], with_db: WithDb, baseline: Baseline
) -> int:
    async def work(sf: store.SessionFactory) -> int:
        label, current = await baseline(sf)
        curated = [p for p in current if p.kind is EntryKind.CURATED]
        taken = {p.code for p in curated}
        official = [p for p in procedures if p.code not in taken]
        catalog = sorted(curated + official, key=lambda p: p.code)
        problems = _validate(catalog)
        if problems:
            print(problems_report(problems))
            print("\nNothing was imported.")
            return 1
        print(f"\nChanges from {label}:")
        print(diff_report(diff_catalogs(current, catalog), limit=20, fields=5))
        outcome = await store.import_catalog(
            sf, catalog, author=args.author, note=args.note, source=f"import-portal {args.path}"
        )
        v = outcome.version
        if outcome.changed:
            print(
                f"Imported version {v.id}: {v.procedure_count} procedures ({len(curated)} "
                f"curated kept, {len(official)} official; now current)."
            )
        else:
            print(f"Unchanged: the catalog is identical to current version {v.id}.")
        return 0

    result: int = await with_db(work)
    return result


async def run(args: argparse.Namespace, with_db: WithDb, baseline: Baseline) -> int:
    """The command; `with_db` runs work on the migrated database, `baseline` gives the
    current catalog (the database's, or the bundled one before the first import)."""
    if args.dry_run and args.out:
        print("error: use either --dry-run or --out, not both")
        return 1
    if not (args.dry_run or args.out or args.author):
        print("error: --author is required to import into the database (or use --dry-run/--out)")
        return 1
    try:
        selection = Selection(parse_levels(args.levels), args.citizens)
        run_info, procedures = _build(args, selection)
    except (ValueError, PortalInputError) as exc:
        print(f"error: {exc}")
        return 1
    print(render_report(run_info, limit=args.limit))
    if not procedures:
        print("\nNothing could be read: no entry was built.")
        return 1
    problems = _validate(procedures)
    if problems:
        print(problems_report(problems))
        print(f"\n{len(problems)} problem(s) in the built entries. Nothing was written.")
        return 1
    print(f"\nValidation: {len(procedures)} entries, no problems.")
    if args.dry_run:
        print("Dry run: nothing was written.")
        return 0
    if args.out:
        return _write(args.out, procedures)
    return await _import(args, procedures, with_db, baseline)
