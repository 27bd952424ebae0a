"""`run_bot.py search "QUESTION" [--json] [--top N] [--batch FILE] [--catalog DIR]`.

Stable interface (DESIGN.md, interface 1): with ``--json`` one JSON object per question,
``{"query", "intent", "decision", "results": [{"code", "title", "score"}, …]}``; with
``--batch FILE`` one question per line of FILE (blank lines skipped) and one JSON object per
line of output (JSON Lines), in order, in a single process. Without ``--json`` a readable
table. It uses the bundled catalog unless ``--catalog`` names another directory, and needs
no database, token or network. Heavy imports happen inside the handler so ``--help`` and
the other sub-commands stay fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.search.engine import SearchEngine, SearchOutcome


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "search",
        help="find the procedure for a question (no database or network needed)",
        description="Find the procedure for a question, as the bot would.",
    )
    parser.add_argument("question", nargs="?", help="the question, in quotes")
    parser.add_argument("--json", action="store_true", help="print JSON (one object per line)")
    parser.add_argument("--top", type=int, default=5, metavar="N", help="results (default 5)")
    parser.add_argument("--batch", type=Path, metavar="FILE", help="one question per line")
    parser.add_argument(
        "--catalog", type=Path, metavar="DIR", help="catalog directory (default: bundled)"
    )
    parser.set_defaults(handler=handler)


def _load_engine(directory: Path | None, err: TextIO) -> SearchEngine:
    from bot.search.engine import SearchEngine
    from bot.search.synonyms import load_synonyms
    from procedures_catalog.loader import BUNDLED_DIR, SYNONYMS_FILE, load_directory, read_catalog
    from procedures_catalog.problems import CatalogError

    path = directory or BUNDLED_DIR
    if not path.is_dir():
        raise FileNotFoundError(f"catalog directory not found: {path}")
    try:
        procedures = load_directory(path)
    except CatalogError as exc:
        # Search what is valid rather than nothing; staff see the problems in `catalog check`.
        result = read_catalog(path)
        print(f"warning: catalog has problems, searching the valid entries: {exc}", file=err)
        procedures = result.procedures
    return SearchEngine.build(procedures, load_synonyms(path / SYNONYMS_FILE))


def _print_table(outcome: SearchOutcome, out: TextIO) -> None:
    print(f"{outcome.query}", file=out)
    print(f"  intent: {outcome.intent.value}   decision: {outcome.decision.value}", file=out)
    for rank, result in enumerate(outcome.results, 1):
        print(f"  {rank}. {result.code:<10} {result.score:6.3f}  {result.title}", file=out)
    if outcome.choices:
        print("  ask: " + " | ".join(c.code for c in outcome.choices), file=out)


def _emit(outcome: SearchOutcome, as_json: bool, out: TextIO) -> None:
    if as_json:
        out.write(json.dumps(outcome.to_json(), ensure_ascii=False) + "\n")
    else:
        _print_table(outcome, out)


async def handler(args: argparse.Namespace, settings: Settings | None) -> int:
    out, err = sys.stdout, sys.stderr
    if hasattr(out, "reconfigure"):
        out.reconfigure(encoding="utf-8")
    if args.top < 1:
        print("error: --top must be at least 1", file=err)
        return 2
    if (args.question is None) == (args.batch is None):
        print("error: give either a QUESTION or --batch FILE", file=err)
        return 2
    directory = args.catalog or (settings.catalog_dir if settings is not None else None)
    try:
        engine = _load_engine(directory, err)
        questions = (
            [line.strip() for line in args.batch.read_text("utf-8-sig").splitlines()]
            if args.batch is not None
            else [args.question]
        )
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=err)
        return 2
    for question in questions:
        if args.batch is not None and not question:
            continue
        _emit(engine.search(question, args.top), args.json, out)
    out.flush()
    return 0
