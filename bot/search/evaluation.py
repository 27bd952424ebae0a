"""Labelled question sets and the metrics used by tests, the benchmark and calibration.

A set is a TSV file with three columns: the question; what is acceptable — procedure codes
separated by spaces, ``intent:NAME`` (status, greeting, help, unknown) or ``none`` (nothing in
the catalog fits, the bot must not answer); and a style tag (accented, plain, abbrev, typo,
letter, english, colloquial, ambiguous, …). Lines starting with ``#`` are comments.

Rows tagged ``ambiguous`` list every acceptable sibling: any of them at the top counts as a
hit, but an ``answer`` decision on them counts as a wrong answer (the bot should ask back).

Metrics:

* ``top1`` / ``top3``: over every row — the expected intent for intent rows, decision
  ``none`` for none rows, an acceptable code first / among the first three otherwise;
* ``answer_precision``: of all ``answer`` decisions, the share with a right first result
  (on a non-ambiguous procedure row);
* ``answer_rate``: share of non-ambiguous procedure rows that got ``answer``;
* ``status_recall``: share of ``intent:status`` rows recognised as status questions;
* ``offcatalog_answered``: share of ``none`` rows answered confidently with a procedure.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.search.engine import SearchEngine, SearchOutcome

AMBIGUOUS = "ambiguous"


@dataclass(frozen=True, slots=True)
class LabelledQuery:
    query: str
    codes: tuple[str, ...] = ()
    intent: str | None = None  # expected intent for intent:NAME rows
    none: bool = False  # nothing should be answered
    style: str = ""

    @property
    def is_procedure(self) -> bool:
        return bool(self.codes)


def parse_label(label: str) -> tuple[tuple[str, ...], str | None, bool]:
    label = label.strip()
    if label.startswith("intent:"):
        return (), label.split(":", 1)[1].strip(), False
    if label == "none":
        return (), None, True
    return tuple(label.split()), None, False


def load_queries(path: Path) -> list[LabelledQuery]:
    """Read a labelled TSV file."""
    rows: list[LabelledQuery] = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 2:
            raise ValueError(f"{path}:{n}: expected query<TAB>label[<TAB>style]")
        codes, intent, none = parse_label(parts[1])
        style = parts[2].strip() if len(parts) > 2 else ""
        rows.append(LabelledQuery(parts[0].strip(), codes, intent, none, style))
    return rows


def split(
    rows: Sequence[LabelledQuery], train_share: float = 0.7
) -> tuple[list[LabelledQuery], list[LabelledQuery]]:
    """Deterministic train/validation split by a hash of the question text."""
    train: list[LabelledQuery] = []
    valid: list[LabelledQuery] = []
    for row in rows:
        bucket = int(hashlib.sha256(row.query.encode("utf-8")).hexdigest()[:8], 16) % 1000
        (train if bucket < train_share * 1000 else valid).append(row)
    return train, valid


@dataclass(frozen=True, slots=True)
class Judged:
    row: LabelledQuery
    outcome: SearchOutcome
    hit1: bool
    hit3: bool
    answered: bool
    answer_right: bool


def judge(row: LabelledQuery, outcome: SearchOutcome) -> Judged:
    answered = outcome.decision.value == "answer"
    if row.intent is not None:
        hit1 = hit3 = outcome.intent.contract == row.intent
        right = False
    elif row.none:
        hit1 = hit3 = outcome.decision.value == "none"
        right = False
    else:
        codes = [r.code for r in outcome.results] if outcome.intent.value == "procedure" else []
        hit1 = bool(codes) and codes[0] in row.codes
        hit3 = any(c in row.codes for c in codes[:3])
        right = hit1 and row.style != AMBIGUOUS
    return Judged(row, outcome, hit1, hit3, answered, answered and right)


@dataclass
class Metrics:
    queries: int = 0
    top1: float = 0.0
    top3: float = 0.0
    answer_precision: float = 0.0
    answer_rate: float = 0.0
    procedure_top1: float = 0.0
    status_recall: float = 0.0
    offcatalog_answered: float = 0.0
    by_style: dict[str, float] = field(default_factory=dict)
    misses: list[Judged] = field(default_factory=list)

    def summary(self) -> dict[str, float | int]:
        return {
            "queries": self.queries,
            "top1": round(self.top1, 4),
            "top3": round(self.top3, 4),
            "answer_precision": round(self.answer_precision, 4),
            "answer_rate": round(self.answer_rate, 4),
            "procedure_top1": round(self.procedure_top1, 4),
            "status_recall": round(self.status_recall, 4),
            "offcatalog_answered": round(self.offcatalog_answered, 4),
        }


def metrics(judged: Iterable[Judged]) -> Metrics:
    items = list(judged)
    m = Metrics(queries=len(items))
    if not items:
        return m
    m.top1 = sum(j.hit1 for j in items) / len(items)
    m.top3 = sum(j.hit3 for j in items) / len(items)
    answered = [j for j in items if j.answered]
    m.answer_precision = sum(j.answer_right for j in answered) / len(answered) if answered else 1.0
    clear = [j for j in items if j.row.is_procedure and j.row.style != AMBIGUOUS]
    m.answer_rate = sum(j.answered for j in clear) / len(clear) if clear else 0.0
    procedure = [j for j in items if j.row.is_procedure]
    m.procedure_top1 = sum(j.hit1 for j in procedure) / len(procedure) if procedure else 0.0
    status = [j for j in items if j.row.intent == "status"]
    m.status_recall = sum(j.hit1 for j in status) / len(status) if status else 0.0
    offcatalog = [j for j in items if j.row.none]
    m.offcatalog_answered = (
        sum(j.answered for j in offcatalog) / len(offcatalog) if offcatalog else 0.0
    )
    styles: dict[str, list[bool]] = {}
    for j in items:
        styles.setdefault(j.row.style or "-", []).append(j.hit1)
    m.by_style = {k: round(sum(v) / len(v), 4) for k, v in sorted(styles.items())}
    m.misses = [j for j in items if not j.hit1 or (j.answered and not j.answer_right)]
    return m


def evaluate(engine: SearchEngine, rows: Sequence[LabelledQuery], top: int = 5) -> Metrics:
    """Run every question through `engine` and score it."""
    return metrics(judge(row, engine.search(row.query, top)) for row in rows)
