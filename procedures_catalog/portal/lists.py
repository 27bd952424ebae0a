"""The official procedure lists (`lists/danh-sach-tthc-*.xlsx`): one row per procedure.

Each workbook has a title block in its first row, then the headers `Mã số`, `Tên`,
`Cơ quan ban hành`, `Cơ quan thực hiện`, `Lĩnh vực`, then one procedure per row. They fill
what a detail file lacks (agency, field, title) and tell which listed procedures have no
detail file. Read with openpyxl in read-only mode.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from procedures_catalog.portal.text import clean
from procedures_catalog.schema import NATIONAL_CODE_RE

_HEADERS = {
    "mã số": "code",
    "tên": "title",
    "cơ quan ban hành": "issuer",
    "cơ quan thực hiện": "agency",
    "lĩnh vực": "field",
}


@dataclass(frozen=True)
class ListEntry:
    """One row of an official list."""

    code: str
    title: str
    issuer: str
    agency: str  # several agencies joined with ", "
    field: str
    file: str


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def _columns(cells: list[str]) -> dict[str, int] | None:
    """Key → column index when `cells` is the header row, else None."""
    found = {_HEADERS[c.casefold()]: i for i, c in enumerate(cells) if c.casefold() in _HEADERS}
    return found if {"code", "title"} <= found.keys() else None


def _entry(row: tuple[object, ...], columns: dict[str, int], file: str) -> ListEntry | None:
    def get(key: str) -> str:
        index = columns.get(key)
        return _cell(row[index]) if index is not None and index < len(row) else ""

    code = clean(get("code"))
    if not NATIONAL_CODE_RE.match(code):
        return None
    agencies = [clean(a) for a in get("agency").splitlines() if clean(a)]
    return ListEntry(
        code,
        clean(get("title")),
        clean(get("issuer")),
        ", ".join(agencies),
        clean(get("field")),
        file,
    )


def read_list(path: Path) -> tuple[list[ListEntry], list[str]]:
    """The rows of one list workbook and the problems met (a missing header row, …)."""
    from openpyxl import load_workbook  # only when lists are read

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a damaged workbook is reported, never raised
        return [], [f"{path.name}: cannot read the workbook ({type(exc).__name__})"]
    entries: list[ListEntry] = []
    columns: dict[str, int] | None = None
    try:
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            if columns is None:
                columns = _columns([clean(_cell(v)) for v in row])
                continue
            entry = _entry(row, columns, path.name)
            if entry is not None:
                entries.append(entry)
    finally:
        workbook.close()
    if columns is None:
        return [], [f"{path.name}: no header row with 'Mã số' and 'Tên'"]
    return entries, []


def read_lists(directory: Path) -> tuple[dict[str, ListEntry], list[str], int]:
    """Every `danh-sach-tthc-*.xlsx` in `directory`: code → row (first one wins), problems
    and the number of workbooks read."""
    entries: dict[str, ListEntry] = {}
    problems: list[str] = []
    files = sorted(directory.glob("danh-sach-tthc-*.xlsx"))
    for path in files:
        rows, trouble = read_list(path)
        problems.extend(trouble)
        for entry in rows:
            entries.setdefault(entry.code, entry)
    return entries, problems, len(files)
