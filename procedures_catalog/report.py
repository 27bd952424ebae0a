"""Plain-text reports for staff: aligned tables, problem lists, diffs and history."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from itertools import groupby

from procedures_catalog.diff import CatalogDiff
from procedures_catalog.problems import Problem
from procedures_catalog.versions import VersionInfo


def width(text: str) -> int:
    """Terminal columns of `text` (combining marks take none, wide characters two)."""
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if width(text) <= limit:
        return text
    out = ""
    for ch in text:
        if width(out + ch) > limit - 1:
            break
        out += ch
    return out + "…"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], max_width: int = 60) -> str:
    """Columns padded to their widest cell; cells clipped to `max_width` columns."""
    cells = [[clip(str(c), max_width) for c in row] for row in [headers, *rows]]
    widths = [max(width(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        padded = [c + " " * (w - width(c)) for c, w in zip(row, widths, strict=True)]
        lines.append("  ".join(padded).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def problems_report(problems: Sequence[Problem]) -> str:
    """Problems grouped by file, each with its place, field path and message."""
    blocks = []
    for file, group in groupby(problems, key=lambda p: p.file):
        items = list(group)
        where = max(width(p.location) for p in items)
        path = max(width(p.field_path) for p in items)
        lines = [file or "(catalog)"]
        for p in items:
            parts = [
                text + " " * (size - width(text))
                for text, size in ((p.location, where), (p.field_path, path))
                if size
            ]
            lines.append("  " + "  ".join([*parts, p.message]))
        blocks.append("\n".join(lines))
    return "\n".join(blocks)


def diff_report(diff: CatalogDiff, limit: int = 50, fields: int = 12) -> str:
    """Added, removed and changed procedures; at most `limit` of each kind."""
    lines: list[str] = []
    for sign, procs in (("+", diff.added), ("-", diff.removed)):
        for proc in procs[:limit]:
            lines.append(f"  {sign} {proc.code:<18} {clip(proc.title.vi, 70)}")
        if len(procs) > limit:
            lines.append(f"    … and {len(procs) - limit} more")
    for change in diff.changed[:limit]:
        lines.append(f"  ~ {change.code:<18} {clip(change.title, 70)}")
        for item in change.changes[:fields]:
            lines.append(f"      {item.path}: {item.old} → {item.new}")
        if len(change.changes) > fields:
            lines.append(f"      … and {len(change.changes) - fields} more fields")
    if len(diff.changed) > limit:
        lines.append(f"    … and {len(diff.changed) - limit} more changed procedures")
    lines.append(f"Summary: {diff.summary()}")
    return "\n".join(lines)


def history_report(versions: Sequence[VersionInfo]) -> str:
    rows = [
        [
            str(v.id),
            "*" if v.is_current else "",
            v.created_at.strftime("%Y-%m-%d %H:%M"),
            v.author,
            str(v.procedure_count),
            str(v.restored_from or ""),
            v.checksum[:12],
            v.note or v.source,
        ]
        for v in versions
    ]
    headers = [
        "Version",
        "Current",
        "Created (UTC)",
        "Author",
        "Procedures",
        "Restored from",
        "Checksum",
        "Note / source",
    ]
    return table(headers, rows)
