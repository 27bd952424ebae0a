#!/usr/bin/env python3
"""Calibrate the search: ranking weights and the answer/clarify/none thresholds, on data.

Usage (from the project root)::

    python benchmarks/calibrate_search.py [--tune-ranking] [--target 0.98]

1. ``tests/data/search_dev.tsv`` is split deterministically (hash of the question) into a
   training part (70 %) and a validation part (30 %). ``tests/data/search_holdout.tsv`` is
   only reported, never used for a choice.
2. ``--tune-ranking``: coordinate descent over :class:`bot.search.params.RankingParams` on
   the training part, maximising top-1 (+0.3 × top-3) of the procedure questions.
3. Threshold sweep: every combination of answer_min × margin_min × title_min ×
   exclusive_min × coverage_min × relevant_coverage_min × plausible_min × clarify_min is
   simulated on the training part (the same logic as
   :func:`bot.search.decision.decide` and :func:`bot.search.intent.resolve_intent`). The
   chosen one has the highest utility + answer rate among those whose answer precision is at
   least ``--target``; utility is top-1 except that asking back about something the catalog
   lacks (a ``none`` row) earns half a point instead of none. Precision/recall tables
   around the choice are printed, then the metrics of the choice on the training,
   validation and holdout sets.

The chosen constants are copied by hand into ``bot/search/decision.py`` and
``bot/search/params.py``. The last line of output is one JSON object.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.search.decision import Thresholds
from bot.search.engine import SearchEngine
from bot.search.evaluation import (
    AMBIGUOUS,
    LabelledQuery,
    evaluate,
    load_queries,
    split,
)
from bot.search.index import SearchIndex
from bot.search.intent import IntentDetector
from bot.search.params import RankingParams
from bot.search.ranking import analyze_query, rank
from bot.search.synonyms import SynonymEntry, load_synonyms

BoolArray = npt.NDArray[np.bool_]

# Candidate values for the coordinate descent (query-time and build-time parameters).
SEARCH_SPACE: dict[str, Sequence[float]] = {
    "query_side": (0.2, 0.3, 0.4, 0.5, 0.6),
    "query_cap": (1.0, 1.5, 2.0, 3.0, 100.0),
    "query_cap_floor": (0.0, 10.0, 25.0, 40.0),
    "bigram_weight": (0.3, 0.45, 0.6, 0.8, 1.0),
    "phrase_share": (0.4, 0.5, 0.6, 0.7, 0.8),
    "names_share": (0.0, 0.1, 0.2, 0.3),
    "bow_share": (0.1, 0.2, 0.3),
    "title_share": (0.0, 0.05, 0.1, 0.2),
    "accent_mismatch": (0.0, 0.3, 0.5, 0.8),
    "unknown_word_share": (0.0, 0.25, 0.5, 1.0),
    "fuzzy_share": (0.0, 0.1, 0.2, 0.3),
    "no_cue_factor": (0.5, 0.6, 0.7, 0.8, 0.9, 1.0),
    "summary_weight": (0.3, 0.45, 0.6),
}
BUILD_TIME = {"bigram_weight", "summary_weight", "unigram_weight"}
GRID: dict[str, Sequence[float]] = {
    "answer_min": np.round(np.arange(0.50, 0.801, 0.05), 3).tolist(),
    "margin_min": np.round(np.arange(0.0, 0.201, 0.04), 3).tolist(),
    "title_min": (0.0, 0.2, 0.4),
    "exclusive_min": (0.0, 0.2, 0.4),
    "coverage_min": (0.0, 0.2, 0.4, 0.5, 0.6),
    "relevant_coverage_min": (0.0, 0.2, 0.3, 0.4),
    "plausible_min": (0.3, 0.4, 0.5, 0.6),
    "clarify_min": np.round(np.arange(0.25, 0.501, 0.05), 3).tolist(),
}


def ranking_objective(index: SearchIndex, rows: Sequence[LabelledQuery]) -> float:
    hit1 = hit3 = 0
    procedure = [r for r in rows if r.codes]
    for row in procedure:
        codes = [c.code for c in rank(index, analyze_query(index, row.query), 3)]
        hit1 += bool(codes) and codes[0] in row.codes
        hit3 += any(c in row.codes for c in codes)
    return (hit1 + 0.3 * hit3) / max(len(procedure), 1)


def tune_ranking(
    procedures: list[Any], synonyms: list[SynonymEntry], rows: Sequence[LabelledQuery]
) -> RankingParams:
    params = RankingParams()
    index = SearchIndex.build(procedures, synonyms, params)
    best = ranking_objective(index, rows)
    print(f"ranking: start objective {best:.4f}")
    for sweep in range(2):
        improved = False
        for name, values in SEARCH_SPACE.items():
            for value in values:
                if getattr(params, name) == value:
                    continue
                change: dict[str, Any] = {name: value}
                trial = dataclasses.replace(params, **change)
                if name in BUILD_TIME:
                    trial_index = SearchIndex.build(procedures, synonyms, trial)
                else:
                    trial_index = dataclasses.replace(index, params=trial)
                score = ranking_objective(trial_index, rows)
                if score > best + 1e-9:
                    best, params, index, improved = score, trial, trial_index, True
                    print(f"ranking: sweep {sweep} {name}={value} → {best:.4f}")
        if not improved:
            break
    return params


@dataclasses.dataclass
class Features:
    """Per-row arrays for the threshold simulation."""

    s1: npt.NDArray[np.float64]
    s2: npt.NDArray[np.float64]
    title: npt.NDArray[np.float64]
    exclusive: npt.NDArray[np.float64]
    coverage: npt.NDArray[np.float64]
    official: BoolArray  # the best candidate is an official (portal-data) entry
    coverage2: npt.NDArray[np.float64]  # the runner-up's share of the question explained
    fuzzy: npt.NDArray[np.float64]  # the best candidate's string similarity
    has_candidates: BoolArray
    top_right: BoolArray
    status_strong: BoolArray
    status_weak: BoolArray
    small_talk: list[str | None]
    leftover: npt.NDArray[np.int64]
    domain: BoolArray
    rows: list[LabelledQuery]


def collect(engine: SearchEngine, rows: Sequence[LabelledQuery]) -> Features:
    detector = IntentDetector()
    cols: dict[str, list[Any]] = {k: [] for k in Features.__dataclass_fields__}
    for row in rows:
        sig = detector.signals(row.query)
        cands = engine.candidates(row.query, 5)
        cols["s1"].append(cands[0].score if cands else 0.0)
        cols["s2"].append(cands[1].score if len(cands) > 1 else 0.0)
        cols["title"].append(cands[0].title_coverage if cands else 0.0)
        cols["exclusive"].append(cands[0].exclusive if cands else 0.0)
        cols["coverage"].append(cands[0].query_coverage if cands else 0.0)
        cols["official"].append(bool(cands) and cands[0].official)
        cols["coverage2"].append(cands[1].query_coverage if len(cands) > 1 else 0.0)
        cols["fuzzy"].append(cands[0].fuzzy_score if cands else 0.0)
        cols["has_candidates"].append(bool(cands))
        cols["top_right"].append(bool(cands) and cands[0].code in row.codes)
        cols["status_strong"].append(sig.status_strong)
        cols["status_weak"].append(sig.status_weak)
        small = sig.small_talk
        cols["small_talk"].append(small.contract if small else None)
        cols["leftover"].append(sig.leftover_words)
        cols["domain"].append(sig.domain)
    arrays: dict[str, Any] = {
        k: v if k == "small_talk" else np.asarray(v) for k, v in cols.items() if k != "rows"
    }
    return Features(**arrays, rows=list(rows))


def simulate(f: Features, t: Thresholds) -> dict[str, float]:
    found = f.has_candidates & (f.s1 >= t.clarify_min) & (f.coverage >= t.relevant_coverage_min)
    specific = (f.title >= t.title_min) | (f.exclusive >= t.exclusive_min)
    confident = (f.s1 >= t.answer_min) & (f.coverage >= t.coverage_min)
    official_ok = (f.title >= t.official_title_min) & (f.coverage >= t.official_coverage_min)
    confident &= ~f.official | official_ok
    tie = (
        (f.title < t.tie_title_min)
        & (f.fuzzy < 0.95)
        & (f.s1 - f.s2 < t.band)
        & (f.coverage >= 0.95 - 1e-6)
        & (f.coverage2 >= f.coverage - 1e-6)
    )
    answer = found & confident & (f.s1 - f.s2 >= t.margin_min) & specific & ~tie
    plausible = (f.coverage >= t.plausible_min) & (f.s1 >= t.clarify_min / 2)
    plausible &= ~f.official | (f.title >= t.official_title_min / 2)
    intent = np.where(f.domain | plausible, "procedure", "unknown")
    intent = intent.astype(object)
    intent[found] = "procedure"
    for i, small in enumerate(f.small_talk):
        if small is not None and (f.leftover[i] == 0 or not found[i]):
            intent[i] = small
    intent[f.status_weak & ~answer] = "status"
    intent[f.status_strong] = "status"
    is_procedure = intent == "procedure"
    answered = answer & is_procedure
    decision_none = ~found | ~is_procedure
    hit = np.zeros(len(f.rows), dtype=bool)
    right = np.zeros(len(f.rows), dtype=bool)
    clear = np.zeros(len(f.rows), dtype=bool)
    credit = np.zeros(len(f.rows), dtype=float)
    for i, row in enumerate(f.rows):
        if row.intent is not None:
            hit[i] = intent[i] == row.intent
        elif row.none:
            hit[i] = decision_none[i]
            # asking back about something the catalog lacks is half a miss; answering is a miss
            credit[i] = 1.0 if hit[i] else (0.0 if answered[i] else 0.5)
            continue
        else:
            hit[i] = is_procedure[i] and f.top_right[i]
            right[i] = hit[i] and row.style != AMBIGUOUS
            clear[i] = row.style != AMBIGUOUS
    credit[~np.asarray([r.none for r in f.rows])] = hit[~np.asarray([r.none for r in f.rows])]
    n_answered = int(answered.sum())
    return {
        "top1": float(hit.mean()),
        "utility": float(credit.mean()),
        "answer_precision": float((answered & right).sum() / n_answered) if n_answered else 1.0,
        "answer_rate": float((answered & clear).sum() / max(int(clear.sum()), 1)),
    }


def sweep(f: Features, target: float) -> tuple[Thresholds, dict[str, float]]:
    best: tuple[float, Thresholds, dict[str, float]] | None = None
    for a, m, ti, e, cov, rel, pl, c in itertools.product(*GRID.values()):
        if c > a or rel > cov:
            continue
        t = Thresholds(
            answer_min=float(a),
            margin_min=float(m),
            title_min=float(ti),
            exclusive_min=float(e),
            coverage_min=float(cov),
            relevant_coverage_min=float(rel),
            plausible_min=float(pl),
            clarify_min=float(c),
        )
        r = simulate(f, t)
        if r["answer_precision"] < target:
            continue
        objective = r["utility"] + r["answer_rate"]
        if best is None or objective > best[0] + 1e-9:
            best = (objective, t, r)
    if best is None:
        raise SystemExit(f"no thresholds reach answer precision {target}")
    return best[1], best[2]


def table(f: Features, chosen: Thresholds, name: str) -> None:
    print(f"\n{name:>14} | answer_precision | answer_rate (recall) | top1")
    for value in GRID[name]:
        r = simulate(f, dataclasses.replace(chosen, **{name: float(value)}))
        mark = " <" if abs(getattr(chosen, name) - float(value)) < 1e-9 else ""
        print(
            f"{value:>14} | {r['answer_precision']:16.3f} | {r['answer_rate']:20.3f} |"
            f" {r['top1']:.3f}{mark}"
        )


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", type=Path, default=ROOT / "tests/data/search_dev.tsv")
    ap.add_argument("--holdout", type=Path, default=ROOT / "tests/data/search_holdout.tsv")
    ap.add_argument("--catalog", type=Path, default=None)
    ap.add_argument("--target", type=float, default=0.98, help="answer precision on train")
    ap.add_argument("--tune-ranking", action="store_true")
    args = ap.parse_args(argv)

    from procedures_catalog.loader import BUNDLED_DIR, SYNONYMS_FILE, read_catalog

    directory = args.catalog or BUNDLED_DIR
    procedures = read_catalog(directory).procedures
    synonyms = load_synonyms(directory / SYNONYMS_FILE)
    train, valid = split(load_queries(args.dev))
    holdout = load_queries(args.holdout) if args.holdout.exists() else []
    print(f"{len(procedures)} procedures; train {len(train)}, validation {len(valid)}")

    params = tune_ranking(procedures, synonyms, train) if args.tune_ranking else RankingParams()
    if args.tune_ranking:
        changed = {
            k: getattr(params, k)
            for k in SEARCH_SPACE
            if getattr(params, k) != getattr(RankingParams(), k)
        }
        print("ranking params changed:", changed)
    engine = SearchEngine.build(procedures, synonyms, params=params)
    chosen, train_result = sweep(collect(engine, train), args.target)
    f_train = collect(engine, train)
    for name in GRID:
        table(f_train, chosen, name)
    engine = SearchEngine.build(procedures, synonyms, params=params, thresholds=chosen)
    report: dict[str, Any] = {"thresholds": dataclasses.asdict(chosen)}
    for label, rows in (("train", train), ("validation", valid), ("holdout", holdout)):
        if rows:
            report[label] = evaluate(engine, rows).summary()
    print(f"\nchosen on train: {train_result}")
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
