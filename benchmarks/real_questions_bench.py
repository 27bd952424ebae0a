#!/usr/bin/env python3
"""Search quality on the set of real citizens' questions (``tests/data/real/``).

Each row of ``tests/data/real/*_dev.tsv`` and ``*_holdout.tsv`` is a question rewritten from
one a citizen asked in public (its source URL is in the fourth column), labelled before the
bot was run: procedure codes, ``intent:status`` or ``none``. The holdout files are never
tuned on. Prints, for dev and holdout: top-1, top-3, the share of procedure questions
answered directly, answer precision, status recall and the share of off-catalog questions
answered confidently; the last line is one JSON object.

Usage (from the project root)::

    python benchmarks/real_questions_bench.py [--catalog DIR] [--misses N]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.search.engine import SearchEngine
from bot.search.evaluation import LabelledQuery, Metrics, evaluate, load_queries
from bot.search.synonyms import load_synonyms
from procedures_catalog.loader import BUNDLED_DIR, SYNONYMS_FILE, load_catalog

REAL = ROOT / "tests" / "data" / "real"


def rows(part: str) -> list[LabelledQuery]:
    """Every labelled row of the `part` ("dev" or "holdout") files."""
    found: list[LabelledQuery] = []
    for path in sorted(REAL.glob(f"*_{part}.tsv")):
        found.extend(load_queries(path))
    return found


def figures(metrics: Metrics) -> dict[str, float | int]:
    summary = metrics.summary()
    return {
        "questions": summary["queries"],
        "top1": summary["top1"],
        "top3": summary["top3"],
        "answered_directly": summary["answer_rate"],
        "answer_precision": summary["answer_precision"],
        "status_recall": summary["status_recall"],
        "offcatalog_answered": summary["offcatalog_answered"],
    }


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--catalog", type=Path, default=BUNDLED_DIR)
    ap.add_argument("--misses", type=int, default=0, help="print this many misses per part")
    args = ap.parse_args(argv)
    engine = SearchEngine.build(
        load_catalog(args.catalog), load_synonyms(args.catalog / SYNONYMS_FILE)
    )
    result: dict[str, dict[str, float | int]] = {}
    for part in ("dev", "holdout"):
        metrics = evaluate(engine, rows(part))
        result[part] = figures(metrics)
        print(f"{part}: {result[part]}")
        for judged in metrics.misses[: args.misses]:
            got = [r.code for r in judged.outcome.results[:3]]
            want = judged.row.codes or judged.row.intent or "none"
            print(f"  {judged.row.query[:90]!r} want {want} got {judged.outcome.intent} {got}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
