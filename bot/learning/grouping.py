"""Group the questions the bot did not answer well by similarity (pure, deterministic).

Input: the logged texts of a period, each with how often it ended in ``none`` (nothing
found), ``clarify`` (asked back) or got a 👎 (see `bot.learning.logread`). Steps:

1. texts with the same content key (`bot.learning.keys`) are one question: "Làm sổ đỏ?"
   and "lam so do" add up;
2. keys that an active staff decision lists as a member are *handled* and leave the open
   list (they are shown under that decision); so are the most frequent keys that are as
   similar to a decided member as two members of one group (below);
3. the :data:`CLUSTER_LIMIT` most frequent remaining keys are clustered: going down by
   frequency, each key not yet taken leads a group and takes every other free key whose
   :func:`~bot.learning.keys.comparable` form scores at least :data:`SIMILARITY` against it
   (rapidfuzz ``ratio``, one ``cdist`` call). Groups are stars around their most frequent
   key, so A≈B≈C never chains into one group when A and C differ. Rarer keys are left out
   and counted (``left_out``).

The same input always gives the same groups in the same order. A group's id (``gid``) is
a hash of its leading key, stable while that key leads it.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from rapidfuzz import fuzz, process

from bot.learning.keys import QuestionKeys, comparable
from bot.learning.triage import TriageRecord
from bot.personal_numbers import mask_personal_numbers

#: How many distinct keys (the most frequent) are clustered; the rest are counted only.
CLUSTER_LIMIT = 800
#: Similarity (0–100) of two keys' sorted words for them to be one group.
SIMILARITY = 80.0
#: Spellings shown per group.
EXAMPLES = 5


@dataclass(frozen=True, slots=True)
class LoggedText:
    """One logged text (as stored: numbers masked) and what happened to it in the period."""

    text: str
    none: int
    clarify: int
    #: 👎 on an answer to this text (rows not already counted as none/clarify)
    disliked: int
    first: datetime
    last: datetime

    @property
    def count(self) -> int:
        return self.none + self.clarify + self.disliked


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    count: int


@dataclass(frozen=True)
class QuestionGroup:
    """Similar questions, with how often and when they were asked."""

    gid: str
    key: str  # content key of the most frequent member (the leader)
    none: int
    clarify: int
    disliked: int
    first: datetime | None
    last: datetime | None
    examples: tuple[Example, ...]
    members: tuple[str, ...]  # content keys, most frequent first
    #: every spelling, most frequent first (for the effect preview; numbers masked)
    texts: tuple[Example, ...] = field(repr=False, default=())
    #: the staff decision that handles it (None: open)
    triage: TriageRecord | None = None

    @property
    def count(self) -> int:
        return self.none + self.clarify + self.disliked

    @property
    def label(self) -> str:
        """The most frequent spelling (numbers masked), or the key."""
        return self.examples[0].text if self.examples else self.key


@dataclass(frozen=True)
class Grouping:
    """Open groups (most asked first), handled ones (by decision, newest first) and what
    was too rare to cluster."""

    open: tuple[QuestionGroup, ...]
    handled: tuple[QuestionGroup, ...]
    left_out_keys: int
    left_out_questions: int

    def find(self, gid: str) -> QuestionGroup | None:
        return next((g for g in (*self.open, *self.handled) if g.gid == gid), None)


def group_id(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


@dataclass
class _Key:
    """Everything logged under one content key."""

    key: str
    none: int = 0
    clarify: int = 0
    disliked: int = 0
    first: datetime | None = None
    last: datetime | None = None
    spellings: Counter[str] = field(default_factory=Counter)

    @property
    def count(self) -> int:
        return self.none + self.clarify + self.disliked

    def add(self, row: LoggedText) -> None:
        self.none += row.none
        self.clarify += row.clarify
        self.disliked += row.disliked
        self.first = row.first if self.first is None else min(self.first, row.first)
        self.last = row.last if self.last is None else max(self.last, row.last)
        self.spellings[row.text] += row.count


def _merge(rows: Iterable[LoggedText], keys: QuestionKeys) -> list[_Key]:
    """One entry per non-empty content key, most frequent first (ties by key)."""
    merged: dict[str, _Key] = {}
    for row in rows:
        key = keys.key(row.text)
        if not key:
            continue
        entry = merged.get(key)
        if entry is None:
            entry = merged[key] = _Key(key)
        entry.add(row)
    return sorted(merged.values(), key=lambda e: (-e.count, e.key))


def _group(entries: Sequence[_Key], triage: TriageRecord | None = None) -> QuestionGroup:
    spellings: Counter[str] = Counter()
    for entry in entries:
        spellings.update(entry.spellings)
    texts = tuple(
        Example(mask_personal_numbers(text), n)
        for text, n in sorted(spellings.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    firsts = [e.first for e in entries if e.first is not None]
    lasts = [e.last for e in entries if e.last is not None]
    key = entries[0].key if entries else (triage.group_key if triage else "")
    return QuestionGroup(
        gid=group_id(key) if triage is None else f"t{triage.id}",
        key=key,
        none=sum(e.none for e in entries),
        clarify=sum(e.clarify for e in entries),
        disliked=sum(e.disliked for e in entries),
        first=min(firsts) if firsts else None,
        last=max(lasts) if lasts else None,
        examples=texts[:EXAMPLES],
        members=tuple(e.key for e in entries),
        texts=texts,
        triage=triage,
    )


def _similar_rows(left: Sequence[str], right: Sequence[str], threshold: float) -> np.ndarray:
    """Scores (uint8) of every `left` × `right` pair of comparable forms, 0 below threshold."""
    return np.asarray(
        process.cdist(
            left, right, scorer=fuzz.ratio, score_cutoff=threshold, dtype=np.uint8, workers=1
        )
    )


def group_questions(
    rows: Iterable[LoggedText],
    keys: QuestionKeys,
    decisions: Sequence[TriageRecord] = (),
    *,
    limit: int = CLUSTER_LIMIT,
    threshold: float = SIMILARITY,
) -> Grouping:
    """Open and handled groups of the logged texts (see the module docstring)."""
    entries = _merge(rows, keys)
    owner: dict[str, TriageRecord] = {}
    for record in decisions:  # oldest first: a later decision wins a shared member
        for member in record.members:
            owner[member] = record
    handled: dict[int, list[_Key]] = {record.id: [] for record in decisions}
    remaining: list[_Key] = []
    for entry in entries:
        decided_by = owner.get(entry.key)
        if decided_by is not None:
            handled[decided_by.id].append(entry)
        else:
            remaining.append(entry)
    top, rest = remaining[:limit], remaining[limit:]
    if top and owner:
        decided = list(owner)
        forms = [comparable(e.key) for e in top]
        scores = _similar_rows(forms, [comparable(k) for k in decided], threshold)
        kept: list[_Key] = []
        for i, entry in enumerate(top):
            best = int(scores[i].argmax())
            if scores[i, best] >= threshold:
                handled[owner[decided[best]].id].append(entry)
            else:
                kept.append(entry)
        top = kept
    groups: list[QuestionGroup] = []
    if top:
        forms = [comparable(e.key) for e in top]
        scores = _similar_rows(forms, forms, threshold)
        taken = np.zeros(len(top), dtype=bool)
        for i in range(len(top)):
            if taken[i]:
                continue
            members = np.flatnonzero((scores[i] >= threshold) & ~taken)
            members = members if i in members else np.concatenate(([i], members))
            taken[members] = True
            groups.append(_group([top[j] for j in sorted(members)]))
    groups.sort(key=lambda g: (-g.count, g.key))
    by_id = {record.id: record for record in decisions}
    done = [_group(handled[rid], by_id[rid]) for rid in sorted(handled, reverse=True)]
    return Grouping(
        open=tuple(groups),
        handled=tuple(done),
        left_out_keys=len(rest),
        left_out_questions=sum(e.count for e in rest),
    )
