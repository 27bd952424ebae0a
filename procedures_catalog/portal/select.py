"""Which portal details become catalog entries: filters by level and by applicant.

`--levels xa,tinh` keeps procedures done at commune or province level (so a procedure
whose only level is "Cấp bộ" is left out); `--citizens` keeps those open to "Công dân Việt
Nam". Whenever a filter is given, the court's folder (toa-an-nhan-dan: court services, not
administrative procedures for citizens) is left out too.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

LEVEL_WORDS = {"xa": "Cấp xã", "tinh": "Cấp tỉnh", "bo": "Cấp bộ"}
CITIZENS = "Công dân Việt Nam"
COURT_FOLDER = "toa-an-nhan-dan"


@dataclass(frozen=True)
class Selection:
    """The filters of one import; empty means everything."""

    levels: frozenset[str] = frozenset()  # "Cấp xã", "Cấp tỉnh", "Cấp bộ"
    citizens: bool = False

    @property
    def active(self) -> bool:
        return bool(self.levels) or self.citizens

    def describe(self) -> str:
        parts = []
        if self.levels:
            parts.append("levels " + ", ".join(sorted(self.levels)))
        if self.citizens:
            parts.append(f"applicants include {CITIZENS}")
        return "; ".join(parts) or "none"


def parse_levels(text: str | None) -> frozenset[str]:
    """{"Cấp xã", "Cấp tỉnh"} from "xa,tinh"; `ValueError` names an unknown word."""
    if not text:
        return frozenset()
    levels = set()
    for word in (w.strip().casefold() for w in text.split(",")):
        if not word:
            continue
        if word not in LEVEL_WORDS:
            raise ValueError(f"unknown level {word!r}; use {', '.join(LEVEL_WORDS)}")
        levels.add(LEVEL_WORDS[word])
    return frozenset(levels)


def _levels_of(detail: dict[str, Any]) -> set[str]:
    text = str(detail.get("cap_thuc_hien") or "")
    return {part.strip() for part in text.split(",") if part.strip()}


def excluded_because(detail: dict[str, Any], folder: str, selection: Selection) -> str:
    """ "" when the detail is selected, else the reason it is left out."""
    if not selection.active:
        return ""
    if folder == COURT_FOLDER:
        return "court folder"
    if selection.levels and not (_levels_of(detail) & selection.levels):
        return "level not selected"
    if (
        selection.citizens
        and CITIZENS.casefold() not in str(detail.get("doi_tuong_thuc_hien") or "").casefold()
    ):
        return "not open to citizens"
    return ""


@dataclass
class SelectionCount:
    """How many details a selection kept and why the others were left out."""

    kept: int = 0
    left_out: Counter[str] = field(default_factory=Counter)
