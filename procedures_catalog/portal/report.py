"""The text report of an import from the portal's data (`catalog import-portal`).

Files read, entries built, the parse rate of each field, fee conflicts (code and reason),
ended fee reductions, and the most frequent reasons each field failed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from procedures_catalog.portal.build import FIELDS, BuildResult
from procedures_catalog.portal.select import Selection, SelectionCount

TOP_REASONS = 3


@dataclass
class ImportRun:
    """What one run read, selected and built."""

    files: int
    unreadable: list[str]
    selection: Selection
    selected: SelectionCount
    results: list[BuildResult]
    list_files: int = 0
    list_entries: int = 0
    list_without_detail: int = 0
    list_problems: list[str] = field(default_factory=list)
    skipped_curated: list[str] = field(default_factory=list)

    @property
    def built(self) -> list[BuildResult]:
        return [r for r in self.results if r.procedure is not None]


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    –"


def _limited(lines: list[str], limit: int) -> list[str]:
    shown = [f"  {line}" for line in lines[:limit]]
    if len(lines) > limit:
        shown.append(f"  … and {len(lines) - limit} more")
    return shown


def field_rates(results: list[BuildResult]) -> dict[str, tuple[int, int]]:
    """Field → (entries where it was read, entries built)."""
    built = [r for r in results if r.procedure is not None]
    return {
        name: (sum(1 for r in built if r.fields.get(name) and r.fields[name].read), len(built))
        for name in FIELDS
    }


def failure_reasons(results: list[BuildResult]) -> dict[str, Counter[str]]:
    """Field → reason → how many entries failed that way."""
    reasons: dict[str, Counter[str]] = {name: Counter() for name in FIELDS}
    for result in results:
        if result.procedure is None:
            continue
        for name, outcome in result.fields.items():
            if not outcome.read:
                for reason in (outcome.reason or "not read").split("; "):
                    reasons[name][reason] += 1
    return reasons


def render_report(run: ImportRun, *, limit: int = 25) -> str:
    """The report as plain text."""
    built = run.built
    failed = [r for r in run.results if r.procedure is None]
    lines = [
        f"Files read: {run.files} ({len(run.unreadable)} unreadable)",
        f"Selection: {run.selection.describe()}; kept {run.selected.kept}"
        + (
            " (left out: "
            + ", ".join(f"{n} {why}" for why, n in run.selected.left_out.most_common())
            + ")"
            if run.selected.left_out
            else ""
        ),
        f"Entries built: {len(built)} (failed: {len(failed)})",
    ]
    if run.skipped_curated:
        lines.append(f"Skipped (a curated entry has the code): {len(run.skipped_curated)}")
    if run.list_files:
        lines.append(
            f"Official lists: {run.list_files} workbook(s), {run.list_entries} procedures; "
            f"{run.list_without_detail} listed procedures have no detail file"
        )
    lines += ["", "Parse rate per field (of entries built):"]
    for name, (read, total) in field_rates(run.results).items():
        lines.append(f"  {name:<12} {_percent(read, total)}  ({read}/{total})")
    conflicts = [f"{r.code}  {c}" for r in built for c in r.conflicts]
    codes = {r.code for r in built if r.conflicts}
    free_codes = {r.code for r in built if any("'Miễn phí'" in c for c in r.conflicts)}
    lines += [
        "",
        f"Fee conflicts: {len(codes)} entries ({len(conflicts)} channels); cell 'Miễn phí' "
        f"but an amount in the description: {len(free_codes)} entries",
    ]
    lines += _limited(conflicts, limit)
    soft = {r.code for r in built if r.soft_conflicts}
    lines.append(
        f"Fee cell 'Miễn phí' but the description refers to a fee rule: {len(soft)} entries"
    )
    ended = [f"{r.code}  {e}" for r in built for e in r.ended]
    in_entries = len({r.code for r in built if r.ended})
    lines += ["", f"Ended fee reductions: {len(ended)} lines in {in_entries} entries"]
    lines += _limited(ended, limit)
    lines += ["", "Top reasons a field was not read:"]
    for name, reasons in failure_reasons(run.results).items():
        if reasons:
            top = "; ".join(f"{why} ({n})" for why, n in reasons.most_common(TOP_REASONS))
            lines.append(f"  {name}: {top}")
    problems = [f"{r.code or '?'}: {r.error}" for r in failed] + run.unreadable + run.list_problems
    if problems:
        lines += ["", "Problems:", *_limited(problems, limit)]
    return "\n".join(lines)
