"""One row per procedure: the column layout shared by the CSV and XLSX formats.

`COLUMNS` fixes the Vietnamese headers and their order. `procedure_to_row` and
`row_to_record` convert between a `Procedure` and a row of text cells; the per-line cell
syntax lives in `procedures_catalog.cells` and is documented in docs/catalog_format.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Any

from procedures_catalog import cells
from procedures_catalog.problems import Problem
from procedures_catalog.schema import LOCAL_CODE_RE, Procedure
from procedures_catalog.validation import RawRecord


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    path: str = ""  # field path shown in problems; defaults to `key`

    @property
    def field_path(self) -> str:
        return self.path or self.key


COLUMNS: tuple[Column, ...] = (
    Column("code", "Mã thủ tục", True),
    Column("title_vi", "Tên thủ tục", True, "title.vi"),
    Column("title_en", "Tên tiếng Anh", path="title.en"),
    Column("summary_vi", "Tóm tắt", True, "summary.vi"),
    Column("summary_en", "Tóm tắt tiếng Anh", path="summary.en"),
    Column("field", "Lĩnh vực", True),
    Column("level", "Cấp thực hiện", True),
    Column("agency", "Cơ quan thực hiện", True),
    Column("applicants", "Đối tượng thực hiện"),
    Column("channels", "Cách thức và thời hạn"),
    Column("fees", "Phí, lệ phí", path="channels"),
    Column("documents", "Thành phần hồ sơ"),
    Column("steps", "Trình tự thực hiện"),
    Column("online_available", "Nộp trực tuyến", path="online.available"),
    Column("online_level", "Mức độ trực tuyến", path="online.level"),
    Column("online_url", "Đường dẫn nộp trực tuyến", path="online.url"),
    Column("online_note", "Ghi chú trực tuyến", path="online.note"),
    Column("conditions", "Yêu cầu, điều kiện"),
    Column("results", "Kết quả thực hiện"),
    Column("legal_basis", "Căn cứ pháp lý"),
    Column("detail_url", "Đường dẫn chi tiết"),
    Column("decision", "Quyết định công bố"),
    Column("aliases", "Tên gọi khác"),
    Column("keywords", "Từ khóa"),
    Column("related", "Thủ tục liên quan"),
    Column("life_event", "Sự kiện cuộc sống"),
    Column("kind", "Loại mục"),
    Column("last_reviewed", "Ngày rà soát", True),
    Column("source", "Nguồn", True),
    Column("unverified", "Thông tin chưa xác minh"),
    Column("unverified_en", "Thông tin chưa xác minh (tiếng Anh)"),
)
HEADERS: tuple[str, ...] = tuple(c.header for c in COLUMNS)
BY_KEY = {c.key: c for c in COLUMNS}
_HEADER_LOOKUP = {cells.fold(c.header): c for c in COLUMNS} | {c.key: c for c in COLUMNS}
_LIST_KEYS = (
    "level",
    "steps",
    "conditions",
    "results",
    "aliases",
    "keywords",
    "related",
    "unverified",
    "unverified_en",
)
_TEXT_KEYS = ("kind", "field", "agency", "applicants", "decision", "life_event", "source")
_DMY_RE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_PARTS = {
    "channels": ("kind", "time_value", "time_unit", "time_note"),
    "fees": ("kind", "amount_vnd", "free", "note", "condition", "until"),
    "documents": ("name", "quantity", "form", "action", "form_name", "form_url", "condition"),
    "legal_basis": ("ref", "note"),
}

# where(column key, line number or 0) -> location text
Locator = Callable[[str, int], str]


def match_headers(
    headers: Sequence[str], file: str, where: Callable[[int], str]
) -> tuple[list[Column | None], list[Problem], bool]:
    """Map header cells to columns; problems for unknown, repeated and missing columns.
    The flag is False when a required column is missing (the rows cannot be read)."""
    found: list[Column | None] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, text in enumerate(headers):
        column = _HEADER_LOOKUP.get(cells.fold(text))
        if column is None and text.strip():
            problems.append(Problem(file, where(index), "", f"unknown column {text.strip()!r}"))
        elif column is not None and column.key in seen:
            problems.append(Problem(file, where(index), "", f"column {text!r} appears twice"))
            column = None
        if column is not None:
            seen.add(column.key)
        found.append(column)
    missing = [c.header for c in COLUMNS if c.required and c.key not in seen]
    if missing:
        problems.append(
            Problem(
                file,
                where(-1),
                "",
                "missing column(s): "
                + ", ".join(repr(m) for m in missing)
                + "; the first row must hold the column headers (see docs/catalog_format.md)",
            )
        )
    return found, problems, not missing


def cell_text(value: object) -> str:
    """A spreadsheet cell value as text (dates as YYYY-MM-DD, whole floats without .0)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, int | float):
        return cells.format_number(value)
    return str(value).replace("\r\n", "\n")


def procedure_to_row(proc: Procedure) -> list[str]:
    """The cells of one procedure, in `COLUMNS` order."""

    def lines(items: Sequence[str]) -> str:
        return "\n".join(cells.escape(i, bars=False) for i in items)

    def parts(rows: list[list[str]]) -> str:
        return "\n".join(cells.join_parts(r) for r in rows)

    values: dict[str, str] = {
        "code": proc.code,
        "title_vi": proc.title.vi,
        "title_en": proc.title.en,
        "summary_vi": proc.summary.vi,
        "summary_en": proc.summary.en,
        "channels": parts(
            [
                [c.kind.value, cells.format_number(c.time_value), c.time_unit.value, c.time_note]
                for c in proc.channels
            ]
        ),
        "fees": parts(
            [
                [
                    c.kind.value,
                    cells.format_number(f.amount_vnd),
                    "free" if f.free else "",
                    f.note,
                    f.condition,
                    f.until.isoformat() if f.until else "",
                ]
                for c in proc.channels
                for f in c.fees
            ]
        ),
        "documents": parts(
            [
                [
                    d.name,
                    str(d.quantity),
                    d.form.value,
                    d.action.value,
                    d.form_name,
                    str(d.form_url or ""),
                    d.condition,
                ]
                for d in proc.documents
            ]
        ),
        "online_available": "có" if proc.online.available else "không",
        "online_level": proc.online.level.value,
        "online_url": str(proc.online.url or ""),
        "online_note": proc.online.note,
        "legal_basis": parts([[b.ref, b.note] for b in proc.legal_basis]),
        "detail_url": str(proc.detail_url or ""),
        "last_reviewed": proc.last_reviewed.isoformat(),
    }
    for key in _TEXT_KEYS:
        values[key] = str(getattr(proc, key))
    for key in _LIST_KEYS:
        values[key] = lines(getattr(proc, key))
    return [values[c.key] for c in COLUMNS]


def _structured(
    key: str, cell: str, where: Locator, file: str, problems: list[Problem]
) -> list[tuple[int, dict[str, Any]]]:
    names = _PARTS[key]
    items: list[tuple[int, dict[str, Any]]] = []
    for line_no, line in cells.cell_lines(cell):
        parts = cells.split_parts(line)
        if len(parts) > len(names):
            problems.append(
                Problem(
                    file,
                    where(key, line_no),
                    BY_KEY[key].field_path,
                    f"too many parts ({len(parts)}); expected {' | '.join(names)}; write a "
                    "bar inside a text as \\|",
                )
            )
            continue
        item: dict[str, Any] = {}
        for name, part in zip(names, parts, strict=False):
            if not part:
                continue
            if name in cells.ENUM_WORDS:
                part = cells.enum_value(name, part)
            if name == "amount_vnd":
                part = cells.parse_amount(part)
            if name == "until":
                part = _date_text(part)
            item[name] = cells.parse_bool(part) if name == "free" else part
        items.append((line_no, item))
    return items


def _date_text(text: str) -> str:
    match = _DMY_RE.match(text.strip())
    if match:
        day, month, year = match.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return text.strip()


def row_to_record(
    row: dict[str, str], file: str, where: Locator, record_where: str, *, track: bool = False
) -> tuple[RawRecord, list[Problem]]:
    """Build the raw data of one procedure from its cells (keyed by column key).

    Field locations are worked out only when `track` is set, or later when the record
    turns out to have a problem."""
    data: dict[str, Any] = {}
    locs: dict[str, str] = {"": record_where}
    problems: list[Problem] = []

    def note(path: str, key: str, line: int = 0) -> None:
        if track:
            locs[path] = where(key, line)

    def text(key: str, target: str) -> None:
        note(target, key)
        value = row.get(key, "").strip()
        if value:
            data[target] = value

    text("code", "code")
    data["code_is_local"] = bool(LOCAL_CODE_RE.match(data.get("code", "")))
    note("code_is_local", "code")
    for name in ("title", "summary"):
        pair = {lang: row.get(f"{name}_{lang}", "").strip() for lang in ("vi", "en")}
        note(name, f"{name}_vi")
        note(f"{name}.vi", f"{name}_vi")
        note(f"{name}.en", f"{name}_en")
        if any(pair.values()):
            data[name] = {lang: value for lang, value in pair.items() if value}
    for key in _TEXT_KEYS:
        text(key, key)
    if "kind" in data:
        data["kind"] = cells.ENTRY_KINDS.get(cells.fold(data["kind"]), data["kind"])
    for key in _LIST_KEYS:
        note(key, key)
        lines = cells.cell_lines(row.get(key, ""))
        for index, (line_no, _line) in enumerate(lines):
            note(f"{key}[{index}]", key, line_no)
        if lines:
            data[key] = [cells.unescape(line) for _, line in lines]
    channels: list[dict[str, Any]] = []
    note("channels", "channels")
    found = _structured("channels", row.get("channels", ""), where, file, problems)
    for index, (line_no, item) in enumerate(found):
        note(f"channels[{index}]", "channels", line_no)
        channels.append(item | {"fees": []})
    for line_no, fee in _structured("fees", row.get("fees", ""), where, file, problems):
        kind = fee.pop("kind", "")
        target = next((i for i, c in enumerate(channels) if c.get("kind") == kind), None)
        if target is None:
            problems.append(
                Problem(
                    file,
                    where("fees", line_no),
                    "channels",
                    f"fee for channel {kind!r}, which is not listed in column "
                    f"{BY_KEY['channels'].header!r} (use online, post or in_person)",
                )
            )
            continue
        note(f"channels[{target}].fees[{len(channels[target]['fees'])}]", "fees", line_no)
        channels[target]["fees"].append(fee)
    if channels:
        data["channels"] = channels
    for key in ("documents", "legal_basis"):
        note(key, key)
        items = _structured(key, row.get(key, ""), where, file, problems)
        for index, (line_no, _item) in enumerate(items):
            note(f"{key}[{index}]", key, line_no)
        if items:
            data[key] = [item for _, item in items]
    online: dict[str, Any] = {}
    note("online", "online_available")
    for part in ("available", "level", "url", "note"):
        note(f"online.{part}", f"online_{part}")
        value = row.get(f"online_{part}", "").strip()
        if part == "available":
            online[part] = cells.parse_bool(value)
        elif part == "level" and value:
            online[part] = cells.enum_value("level", value)
        elif value:
            online[part] = value
    data["online"] = online
    text("detail_url", "detail_url")
    note("last_reviewed", "last_reviewed")
    if row.get("last_reviewed", "").strip():
        data["last_reviewed"] = _date_text(row["last_reviewed"])
    if track:
        return RawRecord(file, record_where, data, locs), problems
    later = partial(_locations, row, file, where, record_where)
    return RawRecord(file, record_where, data, relocate=later), problems


def _locations(row: dict[str, str], file: str, where: Locator, record_where: str) -> dict[str, str]:
    record = row_to_record(row, file, where, record_where, track=True)[0]
    return record.locations or {}


def column_letter(index: int) -> str:
    """Spreadsheet letter of a 0-based column index (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def read_rows(
    rows: Iterator[Sequence[object]], file: str, prefix: str = "", letters: bool = False
) -> tuple[list[RawRecord], list[Problem]]:
    """Turn a header row plus data rows into raw records; `prefix` names the sheet."""
    header = next(rows, None)
    if header is None or not any(cell_text(h).strip() for h in header):
        return [], [Problem(file, f"{prefix}row 1", "", "no header row (the first row is empty)")]
    names = [cell_text(h).strip() for h in header]

    def column_name(index: int) -> str:
        letter = f"{column_letter(index)} " if letters else ""
        return f"column {letter}{names[index]!r}"

    def header_where(index: int) -> str:
        return f"{prefix}row 1" + (f", {column_name(index)}" if index >= 0 else "")

    columns, problems, complete = match_headers(names, file, header_where)
    if not complete:
        return [], problems
    index_of = {c.key: i for i, c in enumerate(columns) if c is not None}
    records: list[RawRecord] = []
    for row_no, row in enumerate(rows, start=2):
        values = [cell_text(v) for v in row]
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(columns) and any(v.strip() for v in values[len(columns) :]):
            problems.append(
                Problem(file, f"{prefix}row {row_no}", "", "values to the right of the last column")
            )
        cells_by_key = {k: values[i] for k, i in index_of.items() if i < len(values)}

        def where(key: str, line: int, row_no: int = row_no) -> str:
            index = index_of.get(key)
            text = f"{prefix}row {row_no}"
            if index is not None:
                text += f", {column_name(index)}"
            return text + (f", line {line}" if line else "")

        record, found = row_to_record(cells_by_key, file, where, f"{prefix}row {row_no}")
        records.append(record)
        problems.extend(found)
    return records, problems
