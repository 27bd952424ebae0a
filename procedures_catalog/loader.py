"""Load and validate procedure catalogs from a directory, a YAML file, a CSV or an XLSX.

`read_catalog(path)` never raises on bad input: it returns the valid procedures and every
problem found. `load_catalog(path)` and `load_directory(path)` return the procedures and
raise `CatalogError` (a `ValueError`) listing all problems. `load_bundled()` reads the
catalog shipped in `procedures_catalog/data/`. Procedures always come sorted by code.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from procedures_catalog.csv_io import read_csv, write_csv
from procedures_catalog.problems import CatalogError, Problem
from procedures_catalog.schema import Procedure
from procedures_catalog.validation import RawRecord, validate_records
from procedures_catalog.yaml_io import read_yaml_file, write_directory

BUNDLED_DIR = Path(__file__).resolve().parent / "data"
SYNONYMS_FILE = "synonyms.yaml"
LIFE_EVENTS_FILE = "life_events.yaml"
NOT_PROCEDURES = frozenset({SYNONYMS_FILE, LIFE_EVENTS_FILE, "clarify.yaml"})
YAML_SUFFIXES = (".yaml", ".yml")
FORMATS = ("yaml", "csv", "xlsx")


@dataclass(frozen=True)
class LoadResult:
    """What `read_catalog` found: valid procedures (sorted by code) and all problems."""

    procedures: list[Procedure]
    problems: list[Problem]
    files: int

    @property
    def ok(self) -> bool:
        return not self.problems


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many objects that all stay alive
    (it would otherwise rescan them again and again); nothing here creates cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _display(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return str(path.relative_to(root.parent))
        except ValueError:
            pass
    return str(path)


def _yaml_files(directory: Path) -> list[Path]:
    return [
        p
        for p in directory.iterdir()
        if p.suffix.lower() in YAML_SUFFIXES
        and p.name not in NOT_PROCEDURES
        and not p.name.startswith(".")
        and p.is_file()
    ]


def procedure_files(directory: Path) -> list[Path]:
    """The procedure files of a catalog directory and of its sub-folders one level down
    (e.g. `official/`); not synonyms.yaml or life_events.yaml, nothing hidden."""
    files = _yaml_files(directory)
    for sub in directory.iterdir():
        if sub.is_dir() and not sub.name.startswith((".", "_")):
            files.extend(_yaml_files(sub))
    return sorted(files)


def format_of(path: Path) -> str | None:
    """yaml, csv or xlsx from the path (a directory is yaml); None when unknown."""
    if path.is_dir():
        return "yaml"
    suffix = path.suffix.lower()
    if suffix in YAML_SUFFIXES:
        return "yaml"
    return {".csv": "csv", ".xlsx": "xlsx"}.get(suffix)


def read_records(path: Path) -> tuple[list[RawRecord], list[Problem], int]:
    """Raw records of every procedure in `path`, parse problems and the number of files."""
    from procedures_catalog.xlsx_io import read_xlsx  # openpyxl only when needed

    display = str(path)
    if not path.exists():
        return [], [Problem(display, "", "", "no such file or directory")], 0
    if path.is_dir():
        files = procedure_files(path)
        if not files:
            return [], [Problem(display, "", "", "no procedure files (*.yaml) in the directory")], 0
        records: list[RawRecord] = []
        problems: list[Problem] = []
        for file in files:
            found, trouble = read_yaml_file(file, _display(file, path))
            records.extend(found)
            problems.extend(trouble)
        return records, problems, len(files)
    kind = format_of(path)
    if kind is None:
        return (
            [],
            [Problem(display, "", "", "unknown file type; use a directory, .yaml, .csv or .xlsx")],
            1,
        )
    reader = {"yaml": read_yaml_file, "csv": read_csv, "xlsx": read_xlsx}[kind]
    found, trouble = reader(path, display)
    return found, trouble, 1


def read_catalog(path: Path) -> LoadResult:
    """Read and validate a catalog; never raises on bad content."""
    with gc_paused():
        records, problems, files = read_records(Path(path))
        procedures, found = validate_records(records)
    problems.extend(found)
    if not records and not problems:
        problems.append(Problem(str(path), "", "", "the catalog holds no procedures"))
    return LoadResult(procedures, problems, files)


def load_catalog(path: Path) -> list[Procedure]:
    """The procedures in `path`, sorted by code; `CatalogError` lists every problem."""
    result = read_catalog(path)
    if result.problems:
        raise CatalogError(result.problems)
    return result.procedures


def load_directory(path: Path = BUNDLED_DIR) -> list[Procedure]:
    """Read every `<code>.yaml` procedure file in `path`, sorted by code."""
    return load_catalog(path)


def load_bundled() -> list[Procedure]:
    """The catalog shipped with the package (`procedures_catalog/data/`).

    About a thousand files take a second or two to read and validate, and the bundle only
    changes when its files do, so the result is kept per process for the files' current
    names, sizes and modification times. The procedures are shared: treat them as read-only
    (use `model_copy` to change one)."""
    return list(_bundled(_fingerprint(BUNDLED_DIR)))


def _fingerprint(directory: Path) -> tuple[tuple[str, int, int], ...]:
    stats = ((p, p.stat()) for p in procedure_files(directory))
    return tuple((str(p), st.st_mtime_ns, st.st_size) for p, st in stats)


@functools.lru_cache(maxsize=1)
def _bundled(fingerprint: tuple[tuple[str, int, int], ...]) -> tuple[Procedure, ...]:
    return tuple(load_catalog(BUNDLED_DIR))


def write_catalog(procedures: list[Procedure], out: Path, fmt: str) -> list[Problem]:
    """Write `procedures` as a YAML directory, a CSV or an XLSX file."""
    from procedures_catalog.xlsx_io import write_xlsx  # openpyxl only when needed

    ordered = sorted(procedures, key=lambda p: p.code)
    writers = {"yaml": write_directory, "csv": write_csv, "xlsx": write_xlsx}
    if fmt not in writers:
        return [Problem(str(out), "", "", f"unknown format {fmt!r}; use yaml, csv or xlsx")]
    return writers[fmt](ordered, Path(out))
