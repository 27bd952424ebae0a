"""Quality gates on the labelled question sets (tests/data/search_*.tsv).

The development set is what the ranking and thresholds were tuned on; the holdout set was
written separately and is never tuned on (here only loosely guarded against regressions).
"""

from __future__ import annotations

from pathlib import Path

from bot.search.engine import SearchEngine
from bot.search.evaluation import evaluate, load_queries

DATA = Path(__file__).resolve().parents[1] / "data"


def test_dev_set_top1_and_answer_precision(search_engine: SearchEngine) -> None:
    metrics = evaluate(search_engine, load_queries(DATA / "search_dev.tsv"))
    misses = [(j.row.query, j.row.codes or j.row.intent) for j in metrics.misses][:20]
    assert metrics.queries >= 300
    assert metrics.top1 >= 0.93, misses
    assert metrics.top3 >= 0.95, misses
    assert metrics.answer_precision >= 0.99, misses


def test_holdout_set_has_not_regressed(search_engine: SearchEngine) -> None:
    metrics = evaluate(search_engine, load_queries(DATA / "search_holdout.tsv"))
    assert metrics.queries >= 100
    assert metrics.top1 >= 0.9
    assert metrics.top3 >= 0.95
    assert metrics.answer_precision >= 0.97


def test_labels_name_procedures_that_exist(search_engine: SearchEngine) -> None:
    known = set(search_engine.index.code_to_doc)
    for name in ("search_dev.tsv", "search_holdout.tsv"):
        rows = load_queries(DATA / name)
        unknown = {c for r in rows for c in r.codes} - known
        assert not unknown, (name, unknown)
        assert all(r.intent in {None, "status", "greeting", "help", "unknown"} for r in rows)
