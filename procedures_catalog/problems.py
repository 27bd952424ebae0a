"""Structured problems found while reading, validating or writing a catalog.

Every reader and writer in this package turns what it cannot accept into a `Problem`
instead of raising, so staff see every mistake in one run. A problem names the file, the
place in it (a YAML line, a CSV row, an XLSX sheet and row, the line inside a cell), the
field path inside the procedure (`channels[1].fees[0].amount_vnd`) and a message in plain
English.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Hard limits for untrusted input; checked before anything is parsed.
MAX_FILE_BYTES = 40 * 1024 * 1024
MAX_XLSX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_YAML_DEPTH = 30
MAX_YAML_NODES = 2_000_000
MAX_SHOWN_VALUE = 60


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing staff must fix; `location` and `field_path` may be empty."""

    file: str
    location: str
    field_path: str
    message: str

    def __str__(self) -> str:
        where = ", ".join(part for part in (self.file, self.location) if part)
        field = f"{self.field_path}: " if self.field_path else ""
        return f"{where}: {field}{self.message}"


class CatalogError(ValueError):
    """A catalog could not be loaded or written; `problems` lists every reason."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        head = "\n".join(str(p) for p in self.problems[:20])
        more = len(self.problems) - 20
        tail = f"\n… and {more} more" if more > 0 else ""
        super().__init__(f"{len(self.problems)} problem(s) in the catalog:\n{head}{tail}")


def join_path(parent: str, part: str | int) -> str:
    """`join_path("channels", 1)` → `channels[1]`; `join_path("title", "vi")` → `title.vi`."""
    if isinstance(part, int):
        return f"{parent}[{part}]"
    return f"{parent}.{part}" if parent else part


def path_of(loc: Iterable[str | int]) -> str:
    """Turn a pydantic error location tuple into a field path string."""
    path = ""
    for part in loc:
        path = join_path(path, part)
    return path


def parent_path(path: str) -> str | None:
    """The enclosing path (`a.b[2]` → `a.b`, `a.b` → `a`, `a` → ``), None for the root."""
    if not path:
        return None
    cut = max(path.rfind("."), path.rfind("["))
    return path[:cut] if cut > 0 else ""


def locate(locations: dict[str, str], path: str) -> str:
    """The location of `path` or of its nearest enclosing path that has one."""
    current: str | None = path
    while current is not None:
        if current in locations:
            return locations[current]
        current = parent_path(current)
    return ""


def short(value: object, limit: int = MAX_SHOWN_VALUE) -> str:
    """A value as staff should see it in a message: repr-like and at most `limit` chars."""
    text = repr(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text
