"""Read a catalog data file that is a YAML list of records with an `id` (life events,
clarifying questions): parse it, validate each record with its pydantic model, refuse
duplicate ids, and report every problem with its line; never raises. `side_file_problems`
is what `catalog validate` reports for such a file beside the procedures."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from procedures_catalog.files import read_text
from procedures_catalog.problems import Problem, join_path, locate, path_of, short
from procedures_catalog.yaml_io import parse_yaml

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class ListedRecord(Generic[M]):
    """One valid record and where it was: its index, label ("[2] birth") and line."""

    index: int
    label: str
    where: str
    record: M


def _message(error: Any) -> str:
    if error["type"] == "extra_forbidden":
        return f"unknown key (value {short(error.get('input'))})"
    if error["type"] == "missing":
        return "required"
    return str(error["msg"]).removeprefix("Value error, ")


def read_id_list(
    path: Path, display: str, model: type[M], noun: str
) -> tuple[list[ListedRecord[M]], list[Problem]]:
    """The valid records of `path` in file order and every problem; `noun` names a record
    in messages ("event", "attribute")."""
    text, problems = read_text(path, display)
    if text is None:
        return [], problems
    data, locations, problems = parse_yaml(text, display)
    if problems:
        return [], problems
    if not isinstance(data, list):
        return [], [Problem(display, "line 1", "", f"must be a list of {noun}s (- id: …)")]
    records: list[ListedRecord[M]] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(data):
        label = f"[{index}]"
        if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"].strip():
            label = f"[{index}] {item['id'].strip()}"
        try:
            record = model.model_validate(item)
        except ValidationError as exc:
            for error in exc.errors():
                rel = path_of(error["loc"])
                where = locate(locations, join_path(f"[{index}]", rel) if rel else f"[{index}]")
                field = f"{label}.{rel}" if rel else label
                problems.append(Problem(display, where, field, _message(error)))
            continue
        where = locate(locations, f"[{index}]")
        record_id = str(getattr(record, "id", ""))
        if record_id in seen:
            message = f"duplicate id (also {noun} [{seen[record_id]}])"
            problems.append(Problem(display, where, f"{label}.id", message))
            continue
        seen[record_id] = index
        records.append(ListedRecord(index, label, where, record))
    if not data:
        problems.append(Problem(display, "", "", f"the file holds no {noun}s"))
    return records, problems


def side_file_problems(
    catalog_path: Path,
    name: str,
    read: Callable[[Path, str], tuple[list[M], list[Problem]]],
    unknown_codes: Callable[[list[M], Collection[str]], Iterable[tuple[str, str]]],
    codes: Collection[str] | None,
) -> list[Problem]:
    """What `catalog validate` reports for a data file beside the procedures (`name` in the
    directory `catalog_path`): its own problems, then every (field, code) `unknown_codes`
    finds missing from `codes` (skipped when `codes` is None: the catalog has problems).
    Nothing when `catalog_path` is not a directory or holds no such file."""
    file = Path(catalog_path) / name
    if not Path(catalog_path).is_dir() or not file.is_file():
        return []
    display = str(file)
    records, problems = read(file, display)
    if codes is not None:
        for field, code in unknown_codes(records, codes):
            problems.append(Problem(display, "", field, f"procedure {code} is not in the catalog"))
    return problems
