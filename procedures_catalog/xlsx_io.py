"""XLSX catalog workbooks: sheet "Thủ tục" with one row per procedure, plus a help sheet.

Reading checks the ZIP container first (truncated or damaged files, oversized contents)
and reads with openpyxl in read-only mode. Writing refuses, as problems, texts Excel
cannot hold: cells over 32,767 characters and control characters.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from procedures_catalog.cells import fold
from procedures_catalog.files import size_problem
from procedures_catalog.problems import MAX_XLSX_UNCOMPRESSED_BYTES, Problem
from procedures_catalog.schema import Procedure
from procedures_catalog.tabular import COLUMNS, HEADERS, column_letter, procedure_to_row, read_rows
from procedures_catalog.validation import RawRecord

SHEET = "Thủ tục"
HELP_SHEET = "Hướng dẫn"
MAX_CELL_CHARS = 32_767
_HELP = (
    ("Cột", "Cách ghi"),
    ("Mọi cột nhiều giá trị", "Mỗi dòng trong ô là một mục (Alt+Enter để xuống dòng)."),
    ("Cách và thời hạn", "kênh | thời gian | đơn vị | ghi chú — vd. online | 5 | working_days"),
    ("Phí, lệ phí", "kênh | số tiền | free | ghi chú — vd. in_person | 50000 | | Lệ phí"),
    (
        "Thành phần hồ sơ",
        "tên | số lượng | original/copy/certified_copy/original_or_copy/electronic | "
        "submit/show | tên mẫu | đường dẫn mẫu | điều kiện",
    ),
    ("Căn cứ pháp lý", "văn bản | ghi chú"),
    ("Ký tự đặc biệt", "\\| là dấu | trong chữ, \\n là xuống dòng trong một mục, \\\\ là \\"),
    ("Chi tiết", "docs/catalog_format.md"),
)


def _workbook_problem(path: Path, display: str) -> Problem | None:
    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return Problem(
            display,
            "",
            "",
            "this is not a valid .xlsx workbook (the file is damaged or was cut off while "
            "copying); open it in Excel and save it again",
        )
    except (OSError, ValueError, RuntimeError) as exc:
        return Problem(display, "", "", f"cannot open the workbook ({exc})")
    if total > MAX_XLSX_UNCOMPRESSED_BYTES:
        return Problem(
            display,
            "",
            "",
            f"the workbook unpacks to {total / 1024 / 1024:.0f} MB (limit "
            f"{MAX_XLSX_UNCOMPRESSED_BYTES / 1024 / 1024:.0f} MB); split the catalog",
        )
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        return Problem(display, "", "", "this ZIP file is not an Excel .xlsx workbook")
    return None


def read_xlsx(path: Path, display: str) -> tuple[list[RawRecord], list[Problem]]:
    """Read the catalog sheet of a workbook into raw records."""
    problem = size_problem(path, display) or _workbook_problem(path, display)
    if problem:
        return [], [problem]
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on damaged workbooks
        return [], [Problem(display, "", "", f"cannot open the workbook ({exc})")]
    try:
        sheets = {fold(name): name for name in workbook.sheetnames}
        name = sheets.get(fold(SHEET)) or workbook.sheetnames[0]
        sheet = workbook[name]
        rows = sheet.iter_rows(values_only=True)
        first = next(rows, None)
        known = {fold(h) for h in HEADERS} | {c.key for c in COLUMNS}
        if first is None or not any(fold(str(c)) in known for c in first if c is not None):
            return [], [
                Problem(
                    display,
                    f"sheet {name!r}, row 1",
                    "",
                    f"wrong sheet layout: expected a sheet named {SHEET!r} whose first row holds "
                    f"the column headers ({', '.join(HEADERS[:4])}, …); export a catalog with "
                    "`catalog export --format xlsx` to get a template",
                )
            ]
        return read_rows(iter([first, *rows]), display, prefix=f"sheet {name!r}, ", letters=True)
    except Exception as exc:  # damaged sheet XML surfaces only while iterating
        return [], [Problem(display, "", "", f"cannot read the workbook ({exc})")]
    finally:
        workbook.close()


def _cell_problems(out: str, rows: list[list[str]], codes: list[str]) -> list[Problem]:
    problems: list[Problem] = []
    for row_no, (code, row) in enumerate(zip(codes, rows, strict=True), start=2):
        for index, value in enumerate(row):
            column = COLUMNS[index]
            letter = column_letter(index)
            where = f"sheet {SHEET!r}, row {row_no}, column {letter} {column.header!r}"
            if len(value) > MAX_CELL_CHARS:
                problems.append(
                    Problem(
                        out,
                        where,
                        column.field_path,
                        f"{code}: {len(value):,} characters do not fit in one Excel cell "
                        f"(limit {MAX_CELL_CHARS:,}); shorten the text or export as YAML",
                    )
                )
            bad = ILLEGAL_CHARACTERS_RE.search(value)
            if bad:
                problems.append(
                    Problem(
                        out,
                        where,
                        column.field_path,
                        f"{code}: control character U+{ord(bad.group()):04X} cannot be stored "
                        "in Excel; remove it",
                    )
                )
    return problems


def _add_help(workbook: Workbook) -> None:
    sheet = workbook.create_sheet(HELP_SHEET)
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 110
    for row in _HELP:
        sheet.append(list(row))


def write_xlsx(procedures: Sequence[Procedure], out: Path) -> list[Problem]:
    """Write the workbook; nothing is written when a cell cannot be stored."""
    rows = [procedure_to_row(p) for p in procedures]
    problems = _cell_problems(str(out), rows, [p.code for p in procedures])
    if problems:
        return problems
    workbook = Workbook(write_only=True)
    sheet: WriteOnlyWorksheet = workbook.create_sheet(SHEET)
    sheet.freeze_panes = "C2"
    for index, column in enumerate(COLUMNS):
        wide = column.key in {"summary_vi", "documents", "steps", "channels", "fees"}
        sheet.column_dimensions[column_letter(index)].width = 60 if wide else 24
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    header = []
    for text in HEADERS:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"  # never a formula, even when the text starts with "="
            if "\n" in value:
                cell.alignment = wrap
            cells.append(cell)
        sheet.append(cells)
    _add_help(workbook)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        workbook.save(out)
    except OSError as exc:
        return [Problem(str(out), "", "", f"cannot write the file ({exc})")]
    return []
