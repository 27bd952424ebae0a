"""The edit form of one procedure: its fields as form inputs, and back to a raw record.

Plain fields are one input each; lists are one item per line; the nested parts (channels
with their fees, documents, legal basis) are edited as YAML in a text area. Reading a form
gives a :class:`~procedures_catalog.validation.RawRecord` for the same validator the files
go through, with the line inside a YAML text area as the location of a nested field, and
every problem is tied back to the input it belongs to.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import yaml

from procedures_catalog.problems import Problem
from procedures_catalog.schema import (
    LOCAL_CODE_RE,
    Channel,
    Document,
    EntryKind,
    Fee,
    LegalBasis,
    Localized,
    OnlineLevel,
    OnlineSubmission,
    Procedure,
)
from procedures_catalog.validation import RawRecord
from procedures_catalog.yaml_io import parse_yaml


class Input(StrEnum):
    TEXT = "text"
    TEXTAREA = "textarea"
    LINES = "lines"  # a list of texts, one per line
    YAML = "yaml"  # a list of mappings, as YAML
    CHECKBOX = "checkbox"
    CHOICE = "choice"
    DATE = "date"
    URL = "url"


@dataclass(frozen=True)
class FormField:
    """One input: its name in the form, the field path in the procedure, how it is edited."""

    name: str
    path: str
    input: Input
    choices: tuple[str, ...] = ()
    required: bool = False

    @property
    def label_key(self) -> str:
        return f"con_f_{self.name}"


FIELDS: tuple[FormField, ...] = (
    FormField("code", "code", Input.TEXT, required=True),
    FormField("kind", "kind", Input.CHOICE, tuple(k.value for k in EntryKind)),
    FormField("title_vi", "title.vi", Input.TEXT, required=True),
    FormField("title_en", "title.en", Input.TEXT),
    FormField("summary_vi", "summary.vi", Input.TEXTAREA, required=True),
    FormField("summary_en", "summary.en", Input.TEXTAREA),
    FormField("field", "field", Input.TEXT, required=True),
    FormField("level", "level", Input.LINES, required=True),
    FormField("agency", "agency", Input.TEXT, required=True),
    FormField("applicants", "applicants", Input.TEXTAREA),
    FormField("life_event", "life_event", Input.TEXT),
    FormField("channels", "channels", Input.YAML),
    FormField("documents", "documents", Input.YAML),
    FormField("steps", "steps", Input.LINES),
    FormField("conditions", "conditions", Input.LINES),
    FormField("results", "results", Input.LINES),
    FormField("online_available", "online.available", Input.CHECKBOX),
    FormField("online_level", "online.level", Input.CHOICE, tuple(v.value for v in OnlineLevel)),
    FormField("online_url", "online.url", Input.URL),
    FormField("online_note", "online.note", Input.TEXTAREA),
    FormField("legal_basis", "legal_basis", Input.YAML),
    FormField("detail_url", "detail_url", Input.URL),
    FormField("decision", "decision", Input.TEXT),
    FormField("aliases", "aliases", Input.LINES),
    FormField("keywords", "keywords", Input.LINES),
    FormField("related", "related", Input.LINES),
    FormField("last_reviewed", "last_reviewed", Input.DATE, required=True),
    FormField("source", "source", Input.TEXT, required=True),
    FormField("unverified", "unverified", Input.LINES),
    FormField("unverified_en", "unverified_en", Input.LINES),
)
BY_NAME = {f.name: f for f in FIELDS}
_BY_PATH = {f.path: f for f in FIELDS}
#: The record's display name in problems found in a form.
FORM_FILE = "form"
_CHECKED = {"on", "true", "1", "yes"}


@dataclass(frozen=True)
class FieldProblem:
    """A problem shown next to its input (`field` "" for the form as a whole)."""

    field: str
    path: str
    location: str
    message: str

    def __str__(self) -> str:
        where = ", ".join(part for part in (self.location, self.path) if part)
        return f"{where}: {self.message}" if where else self.message


def _get(data: Mapping[str, Any], path: str) -> Any:
    value: Any = data
    for part in path.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[last] = value


class _Dumper(yaml.SafeDumper):
    """Multi-line text as literal blocks, like the catalog files."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar(
        "tag:yaml.org,2002:str", value, style="|" if "\n" in value else None
    )


_Dumper.add_representer(str, _represent_str)


def _prune(value: Any) -> Any:
    if isinstance(value, dict):
        # `False` is every flag's default in the nested models (a fee's `free`)
        return {
            k: _prune(v) for k, v in value.items() if v is not False and v not in (None, "", [])
        }
    if isinstance(value, list):
        return [_prune(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def yaml_text(items: list[Any]) -> str:
    """A list of mappings as the YAML the text areas show (empty and false values left
    out: they are the defaults)."""
    if not items:
        return ""
    text: str = yaml.dump(
        _prune(items), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100
    )
    return text


def procedure_form(proc: Procedure) -> dict[str, str]:
    """The form's values for an existing procedure."""
    data = proc.model_dump(mode="json")
    values: dict[str, str] = {}
    for f in FIELDS:
        value = _get(data, f.path)
        if f.input is Input.LINES:
            values[f.name] = "\n".join(value or [])
        elif f.input is Input.YAML:
            values[f.name] = yaml_text(value or [])
        elif f.input is Input.CHECKBOX:
            values[f.name] = "on" if value else ""
        else:
            values[f.name] = "" if value is None else str(value)
    return values


def blank_form(today: str) -> dict[str, str]:
    """The values of a new procedure's form."""
    values = {f.name: "" for f in FIELDS}
    values.update(kind=EntryKind.CURATED.value, online_level=OnlineLevel.UNKNOWN.value)
    values["last_reviewed"] = today
    return values


def _yaml_list(f: FormField, text: str) -> tuple[Any, dict[str, str], list[Problem]]:
    """The list in a YAML text area, its field locations ("line N of …") and problems."""
    if not text.strip():
        return [], {}, []
    data, found, problems = parse_yaml(text, FORM_FILE)
    if problems:
        return None, {}, [Problem(FORM_FILE, p.location, f.path, p.message) for p in problems]
    if isinstance(data, dict):  # one item written without its dash
        data = [data]
        found = {"[0]" + (f".{k}" if k and k[0] != "[" else k): v for k, v in found.items()}
    if not isinstance(data, list):
        return None, {}, [Problem(FORM_FILE, "", f.path, "expected a list of items")]
    # the reader's paths are relative to the text area's list: "[1].name" → "documents[1].name"
    locations = {f.path + rest: where for rest, where in found.items()}
    return data, locations, []


def read_form(values: Mapping[str, str]) -> tuple[RawRecord | None, list[Problem]]:
    """The record a submitted form describes; with problems reading a YAML text area the
    record is None (the validator would only repeat them)."""
    data: dict[str, Any] = {}
    locations: dict[str, str] = {}
    problems: list[Problem] = []
    for f in FIELDS:
        raw = str(values.get(f.name, "") or "").replace("\r\n", "\n")
        value: Any
        if f.input is Input.LINES:
            value = [line.strip() for line in raw.split("\n") if line.strip()]
        elif f.input is Input.YAML:
            value, found, trouble = _yaml_list(f, raw)
            locations.update(found)
            problems.extend(trouble)
        elif f.input is Input.CHECKBOX:
            value = raw.strip().lower() in _CHECKED
        elif f.input is Input.URL:
            value = raw.strip() or None
        elif f.input in (Input.DATE, Input.CHOICE) or (f.required and f.input is Input.TEXT):
            value = raw.strip()
            if not value:
                continue  # missing: the schema's default, or "required field is missing"
        else:
            value = raw.strip()
        _set(data, f.path, value)
    if problems:
        return None, problems
    code = str(data.get("code", ""))
    data["code_is_local"] = bool(LOCAL_CODE_RE.match(code))
    return RawRecord(FORM_FILE, "", data, locations=locations), []


def form_field_of(path: str) -> str:
    """The input a field path belongs to ("" when none does, e.g. the record as a whole)."""
    if path == "code_is_local":
        return "code"
    current = path
    while current:
        if current in _BY_PATH:
            return _BY_PATH[current].name
        cut = max(current.rfind("."), current.rfind("["))
        current = current[:cut] if cut > 0 else ""
    if path in ("title", "summary"):
        return f"{path}_vi"
    return "online_available" if path == "online" else ""


def field_problems(problems: list[Problem]) -> list[FieldProblem]:
    """Problems tied to the inputs they concern (another procedure's, to none)."""
    return [
        FieldProblem(form_field_of(p.field_path), p.field_path, p.location, p.message)
        if p.file == FORM_FILE
        else FieldProblem("", p.field_path, f"{p.file} {p.location}".strip(), p.message)
        for p in problems
    ]


def schema_field_names() -> list[str]:
    """Every field name of the schema (for "did you mean" hints on unknown keys)."""
    models = (Procedure, Localized, Channel, Fee, Document, OnlineSubmission, LegalBasis)
    return sorted({name for model in models for name in model.model_fields})
