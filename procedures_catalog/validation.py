"""Turn raw records (from YAML, CSV or XLSX) into `Procedure`s and collect every problem.

A reader produces `RawRecord`s: plain data plus a map from field path to the place it came
from. `validate_records` runs the pydantic schema on each record, adds the checks the schema
cannot make alone (file name vs code, invisible characters, duplicate channels, URL hosts)
and the catalog-wide ones (duplicate codes, related codes that do not exist), and reports
all of them with locations.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from procedures_catalog import schema
from procedures_catalog.problems import Problem, join_path, locate, path_of, short

# Control characters that spreadsheets cannot hold or that hide in copied text.
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
# How json.dumps writes them (may also hit an escaped backslash: then the slow walk decides).
_JSON_CONTROL_RE = re.compile(r"\\(?:u00[01]|[bfr])")


def _all_field_names() -> list[str]:
    names: set[str] = set()
    for model in vars(schema).values():
        if isinstance(model, type) and issubclass(model, BaseModel):
            names.update(model.model_fields)
    return sorted(names)


@dataclass
class RawRecord:
    """One procedure as read from a file, before validation."""

    file: str
    location: str  # of the record as a whole ("line 1", "row 5", "sheet 'Thủ tục', row 5")
    data: Any
    locations: dict[str, str] | None = None  # field path → location
    expected_code: str | None = None  # the code the file name promises, if any
    relocate: Callable[[], dict[str, str]] | None = field(default=None, repr=False)

    def where(self, path: str) -> str:
        """The location of a field path, found lazily (only records with problems need it)."""
        if self.locations is None:
            self.locations = self.relocate() if self.relocate else {}
        return locate(self.locations, path) or self.location

    def problem(self, path: str, message: str) -> Problem:
        return Problem(self.file, self.where(path), path, message)

    def raw_code(self) -> str | None:
        code = self.data.get("code") if isinstance(self.data, dict) else None
        return code.strip() if isinstance(code, str) else None


def _number(value: object) -> float | None:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _message(error: ErrorDetails, field_names: Sequence[str]) -> str:
    kind = error["type"]
    msg = str(error["msg"]).removeprefix("Value error, ")
    value = error.get("input")
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        name = str(error["loc"][-1]) if error["loc"] else "?"
        close = difflib.get_close_matches(name, field_names, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"unknown field {name!r}{hint}"
    if kind in {"greater_than_equal", "less_than_equal"}:
        number = _number(value)
        if number is not None and number < 0:
            return f"must not be negative (got {value})"
    if kind == "enum":
        expected = str(error.get("ctx", {}).get("expected", ""))
        return f"unknown value {short(value)}; use one of {expected}"
    if kind.startswith("url_"):
        return f"invalid URL {short(value)}: {msg}"
    if kind == "value_error":
        return msg
    if kind == "string_too_short" and isinstance(value, str) and not value.strip():
        return "must not be empty"
    if isinstance(value, dict | list):
        return f"{msg} (got a {type(value).__name__})"
    return f"{msg} (got {short(value)})"


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, join_path(path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, join_path(path, index))


def _extra_checks(record: RawRecord, proc: schema.Procedure) -> list[Problem]:
    problems: list[Problem] = []
    if record.expected_code is not None and record.expected_code != proc.code:
        problems.append(
            record.problem(
                "code",
                f"file name {record.expected_code!r} does not match the code {proc.code!r}; "
                f"name the file {proc.code}.yaml",
            )
        )
    dumped = json.dumps(record.data, ensure_ascii=False, default=str)
    suspicious = _CONTROL_RE.search(dumped) or _JSON_CONTROL_RE.search(dumped)
    for path, text in _strings(record.data, "") if suspicious else ():
        match = _CONTROL_RE.search(text)
        if match:
            problems.append(
                record.problem(
                    path,
                    f"contains an invisible control character U+{ord(match.group()):04X} at "
                    f"position {match.start() + 1}; delete it (it often comes from copy-paste)",
                )
            )
    seen: dict[str, int] = {}
    for index, channel in enumerate(proc.channels):
        kind = channel.kind.value
        if kind in seen:
            problems.append(
                record.problem(
                    f"channels[{index}].kind",
                    f"channel {kind!r} is listed twice (also channels[{seen[kind]}])",
                )
            )
        seen.setdefault(kind, index)
    urls: list[tuple[str, object]] = [
        ("detail_url", proc.detail_url),
        ("online.url", proc.online.url),
    ]
    urls += [(f"documents[{i}].form_url", d.form_url) for i, d in enumerate(proc.documents)]
    for path, url in urls:
        host = urlsplit(str(url)).hostname if url is not None else None
        if url is not None and (not host or "." not in host):
            problems.append(
                record.problem(path, f"invalid URL {short(str(url))}: the host is not a domain")
            )
    return problems


def validate_record(
    record: RawRecord, field_names: Sequence[str]
) -> tuple[schema.Procedure | None, list[Problem]]:
    """Validate one record; the procedure is None when it has problems."""
    if not isinstance(record.data, dict):
        kind = type(record.data).__name__
        return None, [
            Problem(
                record.file,
                record.location,
                "",
                f"expected a procedure (a mapping of fields such as code, title), got a {kind}",
            )
        ]
    try:
        proc = schema.Procedure.model_validate(record.data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            path = path_of(error["loc"])
            problems.append(record.problem(path, _message(error, field_names)))
        return None, problems
    problems = _extra_checks(record, proc)
    return (None if problems else proc), problems


def validate_records(
    records: Sequence[RawRecord],
) -> tuple[list[schema.Procedure], list[Problem]]:
    """Validate every record and the catalog as a whole; procedures are sorted by code."""
    field_names = _all_field_names()
    procedures: list[schema.Procedure] = []
    problems: list[Problem] = []
    first_seen: dict[str, RawRecord] = {}
    for record in records:
        proc, found = validate_record(record, field_names)
        problems.extend(found)
        code = proc.code if proc else record.raw_code()
        if code:
            other = first_seen.get(code)
            if other is not None:
                problems.append(
                    record.problem(
                        "code",
                        f"duplicate code {code}: already used in {other.file} at "
                        f"{other.where('code')}",
                    )
                )
                proc = None
            else:
                first_seen[code] = record
        if proc is not None:
            procedures.append(proc)
    by_code = {p.code: p for p in procedures}
    for code, record in first_seen.items():
        proc = by_code.get(code)
        for index, related in enumerate(proc.related if proc else []):
            if related not in first_seen:
                problems.append(
                    record.problem(
                        f"related[{index}]",
                        f"related code {related} is not in the catalog",
                    )
                )
    return sorted(procedures, key=lambda p: p.code), problems
