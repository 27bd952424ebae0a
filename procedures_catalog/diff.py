"""Preview what an import would change: added, removed and changed procedures.

For a changed procedure every differing field path is listed with short old → new values
(`channels[2].fees[0].amount_vnd: 20000 → 25000`). Computed purely in memory, before
anything is written.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from procedures_catalog.problems import join_path, short
from procedures_catalog.schema import Procedure

_MISSING = object()
_LABEL_KEYS = ("name", "ref", "kind", "vi")


@dataclass(frozen=True)
class FieldChange:
    path: str
    old: str  # short display text; "—" when the value did not exist
    new: str


@dataclass(frozen=True)
class ProcedureChange:
    code: str
    title: str
    changes: list[FieldChange]


@dataclass(frozen=True)
class CatalogDiff:
    added: list[Procedure] = field(default_factory=list)
    removed: list[Procedure] = field(default_factory=list)
    changed: list[ProcedureChange] = field(default_factory=list)
    unchanged: int = 0

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.removed)} removed, "
            f"{len(self.changed)} changed, {self.unchanged} unchanged"
        )


def brief(value: Any, limit: int = 60) -> str:
    """A short display of a JSON value: text quoted, a list item by its name."""
    if value is _MISSING or value is None:
        return "—"
    if isinstance(value, dict):
        label = next((value[k] for k in _LABEL_KEYS if isinstance(value.get(k), str)), None)
        if label is not None:
            return "{" + short(label, limit - 2) + " …}"
    if isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False)
        return text if len(text) <= limit else text[: limit - 1] + "…"
    if isinstance(value, str):
        return short(value, limit)
    return json.dumps(value)


def _walk(old: Any, new: Any, path: str, out: list[FieldChange]) -> None:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*old, *(k for k in new if k not in old)]:
            _walk(old.get(key, _MISSING), new.get(key, _MISSING), join_path(path, key), out)
    elif isinstance(old, list) and isinstance(new, list):
        for index in range(max(len(old), len(new))):
            _walk(
                old[index] if index < len(old) else _MISSING,
                new[index] if index < len(new) else _MISSING,
                join_path(path, index),
                out,
            )
    elif old != new:
        out.append(FieldChange(path, brief(old), brief(new)))


def field_changes(old: Procedure, new: Procedure) -> list[FieldChange]:
    """Every field path whose value differs between two versions of a procedure."""
    out: list[FieldChange] = []
    _walk(old.model_dump(mode="json"), new.model_dump(mode="json"), "", out)
    return out


def diff_catalogs(old: Sequence[Procedure], new: Sequence[Procedure]) -> CatalogDiff:
    """Compare two catalogs by code; lists are sorted by code."""
    before = {p.code: p for p in old}
    after = {p.code: p for p in new}
    changed: list[ProcedureChange] = []
    unchanged = 0
    for code in sorted(before.keys() & after.keys()):
        if before[code] == after[code]:
            unchanged += 1
            continue
        changes = field_changes(before[code], after[code])
        changed.append(ProcedureChange(code, after[code].title.vi, changes))
    return CatalogDiff(
        added=[after[c] for c in sorted(after.keys() - before.keys())],
        removed=[before[c] for c in sorted(before.keys() - after.keys())],
        changed=changed,
        unchanged=unchanged,
    )
