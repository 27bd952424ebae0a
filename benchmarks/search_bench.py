#!/usr/bin/env python3
"""Benchmark the search: accuracy, latency per query, index build time and memory.

Usage (from the project root)::

    python benchmarks/search_bench.py [--size N] [--queries FILE] [--repeat R]

With ``--size N`` larger than the bundled catalog, synthetic procedures derived from the
real ones (``benchmarks/make_catalog.py``: same aliases and keywords, varied titles) are
added until there are N; accuracy is still measured with the real procedures' labelled
questions (``tests/data/search_dev.tsv`` by default), now against the bigger catalog. The
same questions are also timed with bare ``rapidfuzz.process.extractOne`` over the titles,
in the same run, as a baseline. Everything runs on one core.

The last line of output is one JSON object: procedures, queries, top1, top3,
answer_precision, answer_rate, p50_ms, p99_ms, build_s (CPU seconds of the index build),
rss_mb (peak resident memory of the whole process, catalog objects included),
baseline_p50_ms, baseline_p99_ms; also catalog_rss_mb (resident memory before the build:
interpreter, libraries and the procedure objects), index_build_mb (what the build added at
its peak), baseline_top1, holdout_top1, holdout_top3, holdout_answer_precision, and with
``--size``, top1_family (a synthetic copy of the right procedure counts as a hit).
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import process

from bot.search.engine import SearchEngine
from bot.search.evaluation import LabelledQuery, evaluate, load_queries
from bot.search.synonyms import load_synonyms
from procedures_catalog.loader import BUNDLED_DIR, SYNONYMS_FILE, read_catalog
from procedures_catalog.schema import Procedure


def catalog(size: int | None) -> list[Procedure]:
    """The bundled procedures, plus synthetic ones up to `size`."""
    real = read_catalog(BUNDLED_DIR).procedures
    if size is None or size <= len(real):
        return real[: size or len(real)]
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from make_catalog import generate

    extra: list[Procedure] = generate(size - len(real), seed=1, bases=real)
    return [*real, *extra]


def current_rss_mb() -> float:
    """Resident memory now (Linux /proc), in MiB."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return peak_rss_mb()
    return pages * resource.getpagesize() / 2**20


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MiB (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def timings(func: object, queries: Sequence[str], repeat: int) -> list[float]:
    """Milliseconds per call, each query run `repeat` times (after one warm-up pass)."""
    call = func  # a callable taking the query
    for q in queries:
        call(q)  # type: ignore[operator]
    out: list[float] = []
    gc.disable()
    try:
        for _ in range(repeat):
            for q in queries:
                started = time.perf_counter()
                call(q)  # type: ignore[operator]
                out.append((time.perf_counter() - started) * 1000)
    finally:
        gc.enable()
    return out


def family_top1(
    engine: SearchEngine, rows: Sequence[LabelledQuery], procedures: Sequence[Procedure]
) -> float:
    """Top-1 of the procedure questions when a synthetic copy of the right procedure (its
    title starts with the real title) also counts: the copies share the real one's aliases,
    so telling them apart is not something a question can do."""
    real = read_catalog(BUNDLED_DIR).procedures
    by_length = sorted(real, key=lambda p: -len(p.title.vi))
    family = {p.code: p.code for p in real}
    for proc in procedures:
        if proc.code not in family:
            base = next((r for r in by_length if proc.title.vi.startswith(r.title.vi + " ")), None)
            family[proc.code] = base.code if base else proc.code
    asked = [r for r in rows if r.codes]
    hits = 0
    for row in asked:
        found = engine.search(row.query, 1).results
        hits += bool(found) and family.get(found[0].code) in row.codes
    return hits / max(len(asked), 1)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=None, help="procedures (default: bundled)")
    ap.add_argument("--queries", type=Path, default=ROOT / "tests/data/search_dev.tsv")
    ap.add_argument("--holdout", type=Path, default=ROOT / "tests/data/search_holdout.tsv")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)

    procedures = catalog(args.size)
    synonyms = load_synonyms(BUNDLED_DIR / SYNONYMS_FILE)
    gc.collect()
    catalog_mb = current_rss_mb()
    started = time.process_time()
    engine = SearchEngine.build(procedures, synonyms)
    build_s = time.process_time() - started
    build_peak_mb = peak_rss_mb()

    rows = load_queries(args.queries)
    queries = [r.query for r in rows]
    metrics = evaluate(engine, rows)
    search_ms = timings(engine.search, queries, args.repeat)

    titles = [p.title.vi for p in procedures]
    codes = [p.code for p in procedures]
    baseline_ms = timings(lambda q: process.extractOne(q, titles), queries, args.repeat)
    procedure_rows = [r for r in rows if r.codes]
    baseline_hits = 0
    for row in procedure_rows:
        best = process.extractOne(row.query, titles)
        baseline_hits += best is not None and codes[best[2]] in row.codes

    result: dict[str, float | int] = {
        "procedures": len(procedures),
        "queries": len(rows),
        "top1": round(metrics.top1, 4),
        "top3": round(metrics.top3, 4),
        "answer_precision": round(metrics.answer_precision, 4),
        "answer_rate": round(metrics.answer_rate, 4),
        "p50_ms": round(statistics.median(search_ms), 3),
        "p99_ms": round(percentile(search_ms, 99), 3),
        "build_s": round(build_s, 3),
        "rss_mb": round(peak_rss_mb(), 1),
        "catalog_rss_mb": round(catalog_mb, 1),
        "index_build_mb": round(build_peak_mb - catalog_mb, 1),
        "baseline_p50_ms": round(statistics.median(baseline_ms), 3),
        "baseline_p99_ms": round(percentile(baseline_ms, 99), 3),
        "baseline_top1": round(baseline_hits / max(len(procedure_rows), 1), 4),
    }
    if len(procedures) > len(read_catalog(BUNDLED_DIR).procedures):
        result["top1_family"] = round(family_top1(engine, rows, procedures), 4)
    if args.holdout.exists():
        held = evaluate(engine, load_queries(args.holdout))
        result["holdout_top1"] = round(held.top1, 4)
        result["holdout_top3"] = round(held.top3, 4)
        result["holdout_answer_precision"] = round(held.answer_precision, 4)
    print(f"procedure top1 {metrics.procedure_top1:.4f}; by style {metrics.by_style}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
