"""Read a catalog data file that is a YAML list of records with an `id` (life events,
clarifying questions): parse it, validate each record with its pydantic model, refuse
duplicate ids, and report every problem with its line; never raises."""

from __future__ import annotations

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
