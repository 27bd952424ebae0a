"""An uploaded file as a candidate catalog: read, combined with the current one, validated.

Accepted uploads: a catalog as YAML (one procedure, or a list), CSV or XLSX; a ZIP of YAML
files (a catalog folder); the portal's data as one detail JSON file or a ZIP of the
`national_portal` folder (details and lists). The bytes are written to a private temporary
folder (a ZIP is unpacked with its names and sizes checked) and read by the same readers
as `run_bot.py catalog`; the records of the candidate catalog then go through the same
validator as the files, so each problem keeps its place in the upload (a YAML line, a CSV
row, an XLSX sheet, row and column).

Two modes: *merge* adds the uploaded procedures and replaces those with the same code,
keeping the rest of the current catalog; *replace* makes the upload the whole catalog. An
official entry built from the portal's data never replaces a curated entry, and in
*replace* mode the curated entries stay (as `catalog import-portal` does).
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path, PurePosixPath

from procedures_catalog.csv_io import read_csv
from procedures_catalog.loader import gc_paused, read_records
from procedures_catalog.portal.read import PortalInputError, build_selected, read_portal
from procedures_catalog.portal.report import render_report
from procedures_catalog.portal.select import Selection
from procedures_catalog.problems import MAX_FILE_BYTES, MAX_XLSX_UNCOMPRESSED_BYTES, Problem
from procedures_catalog.schema import EntryKind, Procedure
from procedures_catalog.validation import RawRecord, validate_records
from procedures_catalog.yaml_io import read_yaml_file

MAX_ZIP_MEMBERS = 20_000
CURRENT = "current catalog"  # the display name of the current catalog's records
_SAFE_NAME = re.compile(r"[^\w.\-]+")
_CATALOG_SUFFIXES = (".yaml", ".yml", ".csv", ".xlsx")


class UploadKind(StrEnum):
    CATALOG = "catalog"
    PORTAL = "portal"


class ImportMode(StrEnum):
    MERGE = "merge"
    REPLACE = "replace"


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


@dataclass
class Candidate:
    """The catalog an upload would make current, and what was found on the way."""

    kind: UploadKind
    procedures: list[Procedure]  # the whole candidate catalog, sorted by code
    uploaded: list[Procedure]  # the entries that came from the upload (and are kept)
    problems: list[Problem]
    files: int = 0
    skipped_curated: list[str] = field(default_factory=list)
    report: str = ""  # the portal importer's report

    @property
    def ok(self) -> bool:
        return not self.problems


def safe_name(filename: str) -> str:
    """The upload's base name with only safe characters (its suffix kept)."""
    name = _SAFE_NAME.sub("_", PurePosixPath(filename.replace("\\", "/")).name).strip("._")
    return name[-100:] or "upload"


def _unzip(data: bytes, display: str, dest: Path) -> list[Problem]:
    archive_path = dest.parent / "upload.zip"
    archive_path.write_bytes(data)
    try:
        with zipfile.ZipFile(archive_path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if len(members) > MAX_ZIP_MEMBERS:
                return [Problem(display, "", "", f"more than {MAX_ZIP_MEMBERS} files in the ZIP")]
            if sum(m.file_size for m in members) > MAX_XLSX_UNCOMPRESSED_BYTES:
                return [Problem(display, "", "", "the ZIP unpacks to more than 200 MB")]
            for member in members:
                parts = PurePosixPath(member.filename.replace("\\", "/")).parts
                if member.filename.startswith("/") or ".." in parts or not parts:
                    return [Problem(display, member.filename, "", "unsafe file name in the ZIP")]
                target = dest.joinpath(*(safe_name(part) for part in parts))
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(member) as source:
                    target.write_bytes(source.read(MAX_FILE_BYTES + 1))
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError) as exc:
        return [Problem(display, "", "", f"this is not a readable ZIP file ({exc})")]
    return []


def _root(folder: Path) -> Path:
    """Down through folders that hold nothing but one folder (a zipped folder)."""
    while True:
        entries = [p for p in folder.iterdir() if not p.name.startswith((".", "__MACOSX"))]
        if len(entries) != 1 or not entries[0].is_dir():
            return folder
        folder = entries[0]


def _records_of(procedures: Sequence[Procedure], display: str) -> list[RawRecord]:
    return [RawRecord(display, p.code, p.model_dump(mode="json")) for p in procedures]


def _validate(records: list[RawRecord], kind: UploadKind) -> Candidate:
    with gc_paused():
        procedures, problems = validate_records(records)
    return Candidate(kind, procedures, [], problems)


def combine(
    current: Sequence[Procedure],
    uploaded: Sequence[Procedure],
    kind: UploadKind,
    mode: ImportMode,
) -> tuple[list[Procedure], list[Procedure], list[str]]:
    """(the candidate catalog, the uploaded entries it takes, codes skipped because a
    curated entry has them); a pure function of its inputs."""
    skipped: list[str] = []
    if kind is UploadKind.PORTAL:
        curated = {p.code: p for p in current if p.kind is EntryKind.CURATED}
        taken = [p for p in uploaded if p.code not in curated]
        skipped = [p.code for p in uploaded if p.code in curated]
        base = list(current) if mode is ImportMode.MERGE else list(curated.values())
    else:
        taken = list(uploaded)
        base = list(current) if mode is ImportMode.MERGE else []
    by_code = {p.code: p for p in base}
    by_code.update({p.code: p for p in taken})
    return sorted(by_code.values(), key=lambda p: p.code), taken, skipped


def revalidate(
    current: Sequence[Procedure],
    uploaded: Sequence[Procedure],
    kind: UploadKind,
    mode: ImportMode,
) -> Candidate:
    """The candidate of entries already read once (a confirmation), validated again."""
    procedures, taken, skipped = combine(current, uploaded, kind, mode)
    result = _validate(_records_of(procedures, "upload"), kind)
    result.uploaded, result.skipped_curated = taken, skipped
    return result


def _read(path: Path) -> tuple[list[RawRecord], list[Problem], int]:
    """The records of an unpacked folder or of one file, named as the upload names them."""
    if path.is_dir():
        records, problems, files = read_records(path)
        return records, [_relabel(p, path) for p in problems], files
    from procedures_catalog.xlsx_io import read_xlsx  # openpyxl only when needed

    readers = {".csv": read_csv, ".xlsx": read_xlsx}
    reader = readers.get(path.suffix.lower(), read_yaml_file)
    records, problems = reader(path, path.name)
    return records, problems, 1


def _relabel(problem: Problem, folder: Path) -> Problem:
    """The problem without the temporary folder's path."""
    prefix = str(folder)
    if prefix not in problem.file and prefix not in problem.message:
        return problem
    return Problem(
        problem.file.replace(prefix, folder.name),
        problem.location,
        problem.field_path,
        problem.message.replace(prefix, folder.name),
    )


def _catalog_candidate(path: Path, current: Sequence[Procedure], mode: ImportMode) -> Candidate:
    records, problems, files = _read(path)
    codes = {code for code in (r.raw_code() for r in records) if code}
    kept = [p for p in current if p.code not in codes] if mode is ImportMode.MERGE else []
    result = _validate([*records, *_records_of(kept, CURRENT)], UploadKind.CATALOG)
    result.problems = problems + result.problems
    result.files = files
    result.uploaded = [p for p in result.procedures if p.code in codes]
    if not records and not problems:
        result.problems.append(Problem(path.name, "", "", "the file holds no procedures"))
    return result


def _portal_candidate(
    path: Path,
    current: Sequence[Procedure],
    mode: ImportMode,
    today: date,
    selection: Selection,
) -> Candidate:
    try:
        data = read_portal(path)
    except PortalInputError as exc:
        problem = _relabel(Problem(path.name, "", "", str(exc)), path.parent)
        return Candidate(UploadKind.PORTAL, [], [], [problem])
    run, entries = build_selected(data, selection, today=today)
    if not entries:
        left_out = sum(run.selected.left_out.values())
        message = "no portal entry could be built from the upload" + (
            f" ({left_out} left out by the filters: {selection.describe()})" if left_out else ""
        )
        problem = Problem(path.name, "", "", message)
        return Candidate(UploadKind.PORTAL, [], [], [problem], files=data.files)
    result = revalidate(current, list(entries.values()), UploadKind.PORTAL, mode)
    run.skipped_curated = result.skipped_curated
    result.files, result.report = data.files, render_report(run)
    return result


def _is_portal(folder: Path) -> bool:
    return any(folder.rglob("*.json"))


def read_upload(
    upload: Upload,
    current: Sequence[Procedure],
    mode: ImportMode,
    today: date,
    selection: Selection | None = None,
) -> Candidate:
    """Read an upload into a validated candidate catalog (blocking: run it in a thread);
    `selection` filters the portal's details as `catalog import-portal --levels
    --citizens` does (default: everything)."""
    selection = selection or Selection()
    name = safe_name(upload.filename)
    if not upload.data:
        return Candidate(UploadKind.CATALOG, [], [], [Problem(name, "", "", "file is empty")])
    if len(upload.data) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        problem = Problem(name, "", "", f"file is too large (the limit is {limit} MB)")
        return Candidate(UploadKind.CATALOG, [], [], [problem])
    suffix = PurePosixPath(name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="dvc-upload-") as tmp:
        folder = Path(tmp) / "upload"
        folder.mkdir()
        if suffix == ".zip":
            problems = _unzip(upload.data, name, folder)
            if problems:
                return Candidate(UploadKind.CATALOG, [], [], problems)
            root = _root(folder)
            if _is_portal(root):
                return _portal_candidate(root, current, mode, today, selection)
            return _catalog_candidate(root, current, mode)
        path = folder / name
        path.write_bytes(upload.data)
        if suffix == ".json":
            return _portal_candidate(path, current, mode, today, selection)
        if suffix not in _CATALOG_SUFFIXES:
            message = "unknown file type; upload .yaml, .csv, .xlsx, .zip or a portal .json"
            return Candidate(UploadKind.CATALOG, [], [], [Problem(name, "", "", message)])
        return _catalog_candidate(path, current, mode)
