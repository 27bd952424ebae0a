"""YAML catalog files: a guarded, line-tracking reader and a stable, readable writer.

The reader walks libyaml's event stream itself (iteratively, no recursion) so that it can
refuse aliases (the "billion laughs" bomb), cap nesting depth and node count before any
value is built, and report duplicate keys; all with line numbers. It records the line of
every field path only when asked: a file is read once without, and read again with
locations only when one of its records has a problem. The writer emits one `<code>.yaml`
per procedure in the schema's field order, UTF-8 with Vietnamese kept readable, long texts
as literal blocks.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

import yaml

from procedures_catalog.files import read_text
from procedures_catalog.problems import MAX_YAML_DEPTH, MAX_YAML_NODES, Problem, join_path
from procedures_catalog.schema import LOCAL_CODE_RE, NATIONAL_CODE_RE, Procedure
from procedures_catalog.validation import RawRecord

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BaseDumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_COLLECTION_TAGS = {None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_STR_TAG = "tag:yaml.org,2002:str"
_NOTHING = object()


class _Refused(Exception):
    def __init__(self, event: Any, message: str) -> None:
        super().__init__(message)
        self.line = int(event.start_mark.line) + 1
        self.message = message


def _scalar(loader: Any, event: Any) -> Any:
    tag = event.tag
    if tag is None or tag == "!":
        if not event.implicit[0]:
            return event.value  # quoted or block text is always a string
        tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
    if tag == _STR_TAG:
        return event.value
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        return loader.construct_object(node)
    except (yaml.YAMLError, ValueError, OverflowError) as exc:
        problem = getattr(exc, "problem", None) or str(exc)
        raise _Refused(event, f"cannot read {event.value!r}: {problem}") from None


def _build(loader: Any, locations: dict[str, str] | None) -> Any:
    """Plain data from the event stream; fills `locations` (path → "line N") if given."""
    stack: list[list[Any]] = []  # [container, pending key, path]
    result: Any = _NOTHING
    nodes = documents = 0
    while loader.check_event():
        event = loader.get_event()
        kind = type(event)
        top = stack[-1] if stack else None
        if kind is yaml.ScalarEvent and top is not None and top[1] is None and type(top[0]) is dict:
            if event.value in top[0]:
                raise _Refused(event, f"key {event.value!r} appears twice in the same mapping")
            top[1] = event.value
            if locations is not None:
                locations[join_path(top[2], event.value)] = f"line {event.start_mark.line + 1}"
            continue
        if (
            kind is yaml.ScalarEvent
            or kind is yaml.MappingStartEvent
            or kind is yaml.SequenceStartEvent
        ):
            nodes += 1
            if nodes > MAX_YAML_NODES:
                raise _Refused(event, f"too many values (more than {MAX_YAML_NODES:,})")
            path = ""
            if locations is not None:
                if top is None:
                    locations[""] = f"line {event.start_mark.line + 1}"
                elif type(top[0]) is list:
                    path = join_path(top[2], len(top[0]))
                    locations[path] = f"line {event.start_mark.line + 1}"
                else:
                    path = join_path(top[2], top[1])
            if kind is yaml.ScalarEvent:
                value = _scalar(loader, event)
            elif top is not None and type(top[0]) is dict and top[1] is None:
                raise _Refused(event, "a key must be a plain name, not a list or mapping")
            elif event.tag not in _COLLECTION_TAGS:
                raise _Refused(event, f"YAML tags such as {event.tag} are not allowed")
            elif len(stack) >= MAX_YAML_DEPTH:
                raise _Refused(event, f"nested too deeply (more than {MAX_YAML_DEPTH} levels)")
            else:
                stack.append([{} if kind is yaml.MappingStartEvent else [], None, path])
                continue
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            value = stack.pop()[0]
        elif kind is yaml.AliasEvent:
            raise _Refused(
                event, f"aliases (*{event.anchor}) are not allowed; write the value out in full"
            )
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Refused(event, "more than one YAML document (---) in the file")
            continue
        else:
            continue
        if not stack:
            result = value
        elif type(stack[-1][0]) is list:
            stack[-1][0].append(value)
        else:
            stack[-1][0][stack[-1][1]] = value
            stack[-1][1] = None
    return result


def parse_yaml(
    text: str, display: str, *, track: bool = True
) -> tuple[Any, dict[str, str], list[Problem]]:
    """Parse one YAML document; returns (data, path → location, problems)."""
    loader = _Loader(text)
    locations: dict[str, str] = {}
    try:
        data = _build(loader, locations if track else None)
    except _Refused as exc:
        return None, {}, [Problem(display, f"line {exc.line}", "", exc.message)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f"line {mark.line + 1}" if mark else ""
        what = " ".join(str(p) for p in (exc.problem, exc.context) if p)
        lines = text.splitlines()
        bad_line = lines[mark.line] if mark and mark.line < len(lines) else ""
        hint = "; indent with spaces, not tabs" if "\t" in bad_line else ""
        return None, {}, [Problem(display, line, "", f"not valid YAML: {what}{hint}")]
    except (yaml.YAMLError, RecursionError, MemoryError) as exc:
        return None, {}, [Problem(display, "", "", f"not valid YAML: {exc}")]
    finally:
        loader.dispose()
    if data is _NOTHING or data is None:
        return None, {}, [Problem(display, "", "", "file is empty (no YAML content)")]
    return data, locations, []


def _relative(locations: dict[str, str], prefix: str) -> dict[str, str]:
    cut = len(prefix)
    out: dict[str, str] = {}
    for path, where in locations.items():
        if path.startswith(prefix):
            rest = path[cut:]
            if not rest or rest[0] in ".[":
                out[rest.removeprefix(".")] = where
    return out


def read_yaml_file(path: Path, display: str) -> tuple[list[RawRecord], list[Problem]]:
    """Read a `<code>.yaml` procedure file, or a file holding a list of procedures."""
    text, problems = read_text(path, display)
    if text is None:
        return [], problems
    data, _, problems = parse_yaml(text, display, track=False)
    if problems:
        return [], problems
    cache: dict[str, dict[str, str]] = {}

    def locations() -> dict[str, str]:  # read again, with lines, only when needed
        if "all" not in cache:
            cache["all"] = parse_yaml(text, display)[1]
        return cache["all"]

    def item_locations(index: int) -> dict[str, str]:
        return _relative(locations(), f"[{index}]")

    if isinstance(data, list):
        return [
            RawRecord(display, "", item, relocate=partial(item_locations, i))
            for i, item in enumerate(data)
        ], []
    stem = path.stem
    expected = stem if NATIONAL_CODE_RE.match(stem) or LOCAL_CODE_RE.match(stem) else None
    record = RawRecord(display, "", data, relocate=locations, expected_code=expected)
    if expected is None and isinstance(data, dict):
        return [record], [
            Problem(
                display,
                "",
                "code",
                f"file name {path.name!r} is not a procedure code; name the file "
                f"{str(data.get('code', '<code>')).strip()}.yaml",
            )
        ]
    return [record], []


# ---------------------------------------------------------------- writing


class _Dumper(_BaseDumper):
    """Safe dumper that writes multi-line text as literal blocks."""


def _represent_str(dumper: Any, value: str) -> Any:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def _prune(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _prune(v) for k, v in value.items() if v is not None and v != "" and v != []}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def procedure_to_yaml(proc: Procedure) -> str:
    """One procedure as readable YAML, keys in the schema's order, empty values left out."""
    data = _prune(proc.model_dump(mode="json"))
    data["last_reviewed"] = proc.last_reviewed
    text: str = yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, indent=2
    )
    return text


def write_directory(procedures: list[Procedure], out: Path) -> list[Problem]:
    """Write `<code>.yaml` files; older procedure files not in the catalog are removed."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        keep = {f"{p.code}.yaml" for p in procedures}
        for proc in procedures:
            (out / f"{proc.code}.yaml").write_text(procedure_to_yaml(proc), encoding="utf-8")
        for old in out.glob("*.yaml"):
            if old.name not in keep and (
                NATIONAL_CODE_RE.match(old.stem) or LOCAL_CODE_RE.match(old.stem)
            ):
                old.unlink()
    except OSError as exc:
        return [Problem(str(out), "", "", f"cannot write the directory ({exc})")]
    return []
