"""Life events (sự kiện cuộc sống): situations that call for several procedures in order.

`life_events.yaml`, beside the procedure files of a catalog directory, is a list of events.
Each has an `id` (slug), a `title` and an `intro` in Vietnamese and English, `triggers`
(phrases citizens write about the situation, in any spelling), optional `exclude` phrases
(a trigger found overlapping one of them does not count, e.g. "mất căn cước" is a lost
card, not a death) and ordered `steps`: a procedure `code` and a short `note` on why/when.

`read_life_events` never raises on bad input: it returns the valid events and every
problem (file, line, event id, what is wrong). `load_life_events` raises
`LifeEventsError` listing them. `missing_codes` lists the steps whose procedure is not in a
catalog; `life_event_problems` is what `catalog validate` reports for a directory.
This module imports nothing from `bot/`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from procedures_catalog.id_lists import read_id_list, side_file_problems
from procedures_catalog.problems import CatalogError, Problem
from procedures_catalog.schema import LOCAL_CODE_RE, NATIONAL_CODE_RE

LIFE_EVENTS_FILE = "life_events.yaml"
# The bundled catalog directory (as procedures_catalog.loader.BUNDLED_DIR; not imported,
# so the loader may import this module).
BUNDLED_LIFE_EVENTS = Path(__file__).resolve().parent / "data" / LIFE_EVENTS_FILE
SLUG_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")

Phrase = Annotated[str, Field(min_length=1, max_length=120)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class BiText(_Model):
    """A short text in both languages (both required)."""

    vi: Annotated[str, Field(min_length=1, max_length=400)]
    en: Annotated[str, Field(min_length=1, max_length=400)]


class LifeEventStep(_Model):
    """One procedure of the event and why or when it is needed."""

    code: str
    note: BiText

    @field_validator("code")
    @classmethod
    def _known_shape(cls, value: str) -> str:
        if not (NATIONAL_CODE_RE.match(value) or LOCAL_CODE_RE.match(value)):
            raise ValueError("not a procedure code (like 1.001193 or LOCAL-NAME)")
        return value


class LifeEvent(_Model):
    """A situation and the procedures it calls for, in order."""

    id: str
    title: BiText
    intro: BiText
    triggers: list[Phrase]
    exclude: list[Phrase] = Field(default_factory=list)
    steps: list[LifeEventStep]

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG_RE.match(value):
            raise ValueError("must be a slug: lower-case letters, digits, '-' or '_'")
        return value

    @field_validator("triggers")
    @classmethod
    def _some_triggers(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("needs at least one trigger phrase")
        return value

    @field_validator("steps")
    @classmethod
    def _distinct_steps(cls, value: list[LifeEventStep]) -> list[LifeEventStep]:
        if not value:
            raise ValueError("needs at least one step")
        codes = [step.code for step in value]
        twice = sorted({code for code in codes if codes.count(code) > 1})
        if twice:
            raise ValueError(f"a procedure appears twice in the steps: {', '.join(twice)}")
        return value


class LifeEventsError(CatalogError):
    """`life_events.yaml` could not be loaded; `problems` lists every reason."""


@dataclass(frozen=True, slots=True)
class MissingCode:
    """A step whose procedure is not in the catalog."""

    event_id: str
    index: int
    code: str


def _phrase_key(phrase: str) -> str:
    return " ".join(phrase.casefold().split())


def read_life_events(
    path: Path, display: str | None = None
) -> tuple[list[LifeEvent], list[Problem]]:
    """The valid events of a life-events file and every problem found; never raises."""
    display = display or str(path)
    records, problems = read_id_list(path, display, LifeEvent, "event")
    seen_triggers: dict[str, str] = {}
    for listed in records:
        event = listed.record
        for phrase in event.triggers:
            owner = seen_triggers.setdefault(_phrase_key(phrase), event.id)
            if owner != event.id:
                problems.append(
                    Problem(
                        display,
                        listed.where,
                        f"{listed.label}.triggers",
                        f"trigger {phrase!r} is also a trigger of event {owner!r}",
                    )
                )
    return [r.record for r in records], problems


def load_life_events(path: Path) -> list[LifeEvent]:
    """The events of a life-events file, in file order; `LifeEventsError` lists every problem."""
    events, problems = read_life_events(Path(path))
    if problems:
        raise LifeEventsError(problems)
    return events


def missing_codes(events: Iterable[LifeEvent], codes: Collection[str]) -> list[MissingCode]:
    """Steps whose procedure code is not among `codes`, in file order."""
    return [
        MissingCode(event.id, index, step.code)
        for event in events
        for index, step in enumerate(event.steps)
        if step.code not in codes
    ]


def life_event_problems(catalog_path: Path, codes: Collection[str] | None) -> list[Problem]:
    """What `catalog validate` reports for the life events of a catalog directory."""

    def unknown(events: list[LifeEvent], known: Collection[str]) -> list[tuple[str, str]]:
        return [
            (f"{m.event_id}.steps[{m.index}].code", m.code) for m in missing_codes(events, known)
        ]

    return side_file_problems(catalog_path, LIFE_EVENTS_FILE, read_life_events, unknown, codes)


def load_bundled_life_events() -> list[LifeEvent]:
    """The life events shipped beside the bundled catalog; none when the file is absent."""
    file = BUNDLED_LIFE_EVENTS
    return load_life_events(file) if file.is_file() else []
