"""CSV catalog files: one row per procedure, Vietnamese headers, UTF-8 with a BOM.

The BOM makes Excel open the file as UTF-8. On reading, a comma, semicolon or tab
delimiter is accepted (Excel in a Vietnamese locale often saves with semicolons).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from procedures_catalog.files import read_text
from procedures_catalog.problems import Problem
from procedures_catalog.schema import Procedure
from procedures_catalog.tabular import HEADERS, procedure_to_row, read_rows
from procedures_catalog.validation import RawRecord

_DELIMITERS = (",", ";", "\t")


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    known = {h.casefold() for h in HEADERS}

    def score(delimiter: str) -> int:
        cells = next(csv.reader([first], delimiter=delimiter), [])
        return sum(c.strip().casefold() in known for c in cells)

    return max(_DELIMITERS, key=score)


def read_csv(path: Path, display: str) -> tuple[list[RawRecord], list[Problem]]:
    """Read a CSV catalog into raw records; every problem is reported with its row."""
    text, problems = read_text(path, display)
    if text is None:
        return [], problems
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    rows: list[list[str]] = []
    try:
        rows.extend(reader)
    except csv.Error as exc:
        reason = str(exc)
        if "field larger than field limit" in reason:
            reason = f"a cell is longer than {csv.field_size_limit():,} characters ({reason})"
        return [], [
            Problem(
                display,
                f"row {len(rows) + 1} (file line {reader.line_num})",
                "",
                f"cannot read the CSV: {reason}",
            )
        ]
    return read_rows(iter(rows), display)


def catalog_to_csv(procedures: Sequence[Procedure]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for proc in procedures:
        writer.writerow(procedure_to_row(proc))
    return buffer.getvalue()


def write_csv(procedures: Sequence[Procedure], out: Path) -> list[Problem]:
    """Write the catalog as CSV (UTF-8 with BOM, CRLF rows as Excel expects)."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(catalog_to_csv(procedures), encoding="utf-8-sig", newline="")
    except OSError as exc:
        return [Problem(str(out), "", "", f"cannot write the file ({exc})")]
    return []
