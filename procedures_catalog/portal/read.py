"""Read the portal's data: detail JSON files (a folder, recursively, or one file) and the
official list workbooks beside them; build every entry (`build_all`, `portal_entries`) or
those an import selects (`build_selected`).

PATH may be the national_portal folder (its `details/` and `lists/` are used), a folder of
detail files (a `lists/` folder beside it is used when present) or one JSON file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from procedures_catalog.portal.build import BuildResult, procedure_from_detail
from procedures_catalog.portal.lists import ListEntry, read_lists
from procedures_catalog.portal.report import ImportRun
from procedures_catalog.portal.select import Selection, SelectionCount, excluded_because
from procedures_catalog.schema import Procedure

MAX_DETAIL_BYTES = 5 * 1024 * 1024


class PortalInputError(ValueError):
    """The given path cannot be read as portal data (one clear line for the user)."""


@dataclass
class Detail:
    """One detail file: its path, the folder it sits in (the ministry) and its content."""

    path: Path
    folder: str
    data: dict[str, Any]


@dataclass
class PortalData:
    """Everything read from a path: details, unreadable files and the official lists."""

    details: list[Detail] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    files: int = 0
    lists: dict[str, ListEntry] = field(default_factory=dict)
    list_files: int = 0
    list_problems: list[str] = field(default_factory=list)


def locate(path: Path, lists: Path | None = None) -> tuple[Path, Path | None]:
    """(details file or folder, lists folder or None) for a user-given path."""
    if not path.exists():
        raise PortalInputError(f"{path}: no such file or directory")
    if path.is_file():
        return path, lists
    if (path / "details").is_dir():
        found = path / "lists"
        return path / "details", lists or (found if found.is_dir() else None)
    beside = path.parent / "lists"
    return path, lists or (beside if beside.is_dir() else None)


def detail_files(path: Path) -> list[Path]:
    """The JSON files under `path` (recursively, hidden paths skipped), sorted."""
    if path.is_file():
        return [path]
    return sorted(
        p
        for p in path.rglob("*.json")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
    )


def read_detail(path: Path) -> tuple[dict[str, Any] | None, str]:
    """The content of one detail file, or None and why it cannot be used."""
    try:
        if path.stat().st_size > MAX_DETAIL_BYTES:
            return None, f"{path.name}: larger than {MAX_DETAIL_BYTES // (1024 * 1024)} MB"
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return None, f"{path.name}: not UTF-8 text"
    except json.JSONDecodeError as exc:
        return None, f"{path.name}: not JSON ({exc.msg}, line {exc.lineno})"
    except OSError as exc:
        return None, f"{path.name}: cannot read ({exc.strerror or exc})"
    if not isinstance(data, dict) or "ma_thu_tuc" not in data:
        return None, f"{path.name}: not a portal detail (no 'ma_thu_tuc')"
    return data, ""


def read_portal(path: Path, lists: Path | None = None) -> PortalData:
    """Read the details (and lists) at `path`; `PortalInputError` when the path is missing,
    or is a single file that cannot be read."""
    details_path, lists_path = locate(Path(path), lists)
    result = PortalData()
    files = detail_files(details_path)
    result.files = len(files)
    for file in files:
        data, problem = read_detail(file)
        if data is None:
            if details_path.is_file():
                raise PortalInputError(f"{file}: {problem.split(': ', 1)[1]}")
            result.problems.append(problem)
            continue
        result.details.append(Detail(file, file.parent.name, data))
    if lists_path is not None:
        if not lists_path.is_dir():
            raise PortalInputError(f"{lists_path}: not a folder of list workbooks")
        result.lists, result.list_problems, result.list_files = read_lists(lists_path)
    return result


def build_all(
    details: list[Detail], *, today: date, lists: dict[str, ListEntry] | None = None
) -> Iterator[tuple[Detail, BuildResult]]:
    """Each detail with the entry built from it, in order."""
    for detail in details:
        code = str(detail.data.get("ma_thu_tuc") or "").strip()
        listing = (lists or {}).get(code)
        yield detail, procedure_from_detail(detail.data, today=today, listing=listing)


def portal_entries(path: Path, today: date) -> dict[str, Procedure]:
    """Code → official entry for every readable detail under `path` (for `catalog audit`);
    the first file wins when a code appears twice."""
    data = read_portal(path)
    entries: dict[str, Procedure] = {}
    for _, built in build_all(data.details, today=today, lists=data.lists):
        if built.procedure is not None:
            entries.setdefault(built.code, built.procedure)
    return entries


def build_selected(
    data: PortalData, selection: Selection, *, today: date
) -> tuple[ImportRun, dict[str, Procedure]]:
    """Build the details `selection` keeps (`catalog import-portal`, a portal upload in the
    console): what the run read, left out and built, and code → entry (first file wins)."""
    count = SelectionCount()
    kept = []
    for detail in data.details:
        why = excluded_because(detail.data, detail.folder, selection)
        if why:
            count.left_out[why] += 1
        else:
            kept.append(detail)
            count.kept += 1
    results = [built for _, built in build_all(kept, today=today, lists=data.lists)]
    read_codes = {str(d.data.get("ma_thu_tuc") or "").strip() for d in data.details}
    run = ImportRun(
        data.files,
        data.problems,
        selection,
        count,
        results,
        data.list_files,
        len(data.lists),
        len(set(data.lists) - read_codes),
        data.list_problems,
    )
    entries: dict[str, Procedure] = {}
    for built in results:
        if built.procedure is not None:
            entries.setdefault(built.code, built.procedure)
    return run, entries
