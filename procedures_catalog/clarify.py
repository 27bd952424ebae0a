"""Clarifying questions: one plain question that tells sibling procedures apart.

`clarify.yaml`, beside the procedure files of a catalog directory, is a list of
attributes. Each has an `id` (slug, at most 32 characters: it travels in button data), a
`question` in Vietnamese and English, in the words a person at the counter would use
("Người cần làm thẻ bao nhiêu tuổi?"), and two to eight `options`: a short `label` in both
languages (it is a button, at most 60 characters) and the procedure `codes` that answer
leads to. A code may sit in only one option of an attribute: otherwise the answer would
not tell the procedures apart.

`read_clarify` never raises on bad input: it returns the valid attributes and every
problem (file, line, attribute id, what is wrong). `load_clarify` raises `ClarifyError`
listing them. `missing_clarify_codes` lists the option codes not in a catalog;
`clarify_problems` is what `catalog validate` reports for a directory.
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

CLARIFY_FILE = "clarify.yaml"
# The bundled catalog directory (as procedures_catalog.loader.BUNDLED_DIR; not imported,
# so the loader may import this module).
BUNDLED_CLARIFY = Path(__file__).resolve().parent / "data" / CLARIFY_FILE
SLUG_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
MAX_ID_CHARS = 32  # q:<id>:<option>:<log id> must fit Telegram's 64 bytes of button data
MAX_LABEL_CHARS = 60  # longer button texts are cut by the keyboard builder
MAX_OPTIONS = 8


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Question(_Model):
    """The question, in both languages (both required)."""

    vi: Annotated[str, Field(min_length=1, max_length=200)]
    en: Annotated[str, Field(min_length=1, max_length=200)]


class Label(_Model):
    """An option's button text, in both languages (both required)."""

    vi: Annotated[str, Field(min_length=1, max_length=MAX_LABEL_CHARS)]
    en: Annotated[str, Field(min_length=1, max_length=MAX_LABEL_CHARS)]


class ClarifyOption(_Model):
    """One answer to the question and the procedure(s) it leads to."""

    label: Label
    codes: list[str]

    @field_validator("codes")
    @classmethod
    def _codes(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("needs at least one procedure code")
        bad = [c for c in value if not (NATIONAL_CODE_RE.match(c) or LOCAL_CODE_RE.match(c))]
        if bad:
            raise ValueError(f"not a procedure code (like 1.001193 or LOCAL-NAME): {bad[0]!r}")
        twice = sorted({c for c in value if value.count(c) > 1})
        if twice:
            raise ValueError(f"a code appears twice: {', '.join(twice)}")
        return value


class ClarifyAttribute(_Model):
    """What tells sibling procedures apart, asked as one question."""

    id: str
    question: Question
    options: list[ClarifyOption]

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG_RE.match(value):
            raise ValueError("must be a slug: lower-case letters, digits, '-' or '_'")
        if len(value) > MAX_ID_CHARS:
            raise ValueError(f"at most {MAX_ID_CHARS} characters (it goes into button data)")
        return value

    @field_validator("options")
    @classmethod
    def _options(cls, value: list[ClarifyOption]) -> list[ClarifyOption]:
        if not 2 <= len(value) <= MAX_OPTIONS:
            raise ValueError(f"needs 2 to {MAX_OPTIONS} options, not {len(value)}")
        owner: dict[str, int] = {}
        for index, option in enumerate(value):
            for code in option.codes:
                first = owner.setdefault(code, index)
                if first != index:
                    raise ValueError(
                        f"procedure {code} is in options [{first}] and [{index}]: "
                        "an answer must lead to different procedures"
                    )
        return value

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(code for option in self.options for code in option.codes)


class ClarifyError(CatalogError):
    """`clarify.yaml` could not be loaded; `problems` lists every reason."""


@dataclass(frozen=True, slots=True)
class MissingClarifyCode:
    """An option code whose procedure is not in the catalog."""

    attribute_id: str
    option: int
    code: str


def read_clarify(
    path: Path, display: str | None = None
) -> tuple[list[ClarifyAttribute], list[Problem]]:
    """The valid attributes of a clarify file and every problem found; never raises."""
    records, problems = read_id_list(path, display or str(path), ClarifyAttribute, "attribute")
    return [r.record for r in records], problems


def load_clarify(path: Path) -> list[ClarifyAttribute]:
    """The attributes of a clarify file, in file order; `ClarifyError` lists every problem."""
    attributes, problems = read_clarify(Path(path))
    if problems:
        raise ClarifyError(problems)
    return attributes


def missing_clarify_codes(
    attributes: Iterable[ClarifyAttribute], codes: Collection[str]
) -> list[MissingClarifyCode]:
    """Option codes whose procedure is not among `codes`, in file order."""
    return [
        MissingClarifyCode(attribute.id, index, code)
        for attribute in attributes
        for index, option in enumerate(attribute.options)
        for code in option.codes
        if code not in codes
    ]


def clarify_problems(catalog_path: Path, codes: Collection[str] | None) -> list[Problem]:
    """What `catalog validate` reports for the clarifying questions of a catalog directory."""

    def unknown(
        attributes: list[ClarifyAttribute], known: Collection[str]
    ) -> list[tuple[str, str]]:
        return [
            (f"{m.attribute_id}.options[{m.option}].codes", m.code)
            for m in missing_clarify_codes(attributes, known)
        ]

    return side_file_problems(catalog_path, CLARIFY_FILE, read_clarify, unknown, codes)


def load_bundled_clarify() -> list[ClarifyAttribute]:
    """The attributes shipped beside the bundled catalog; none when the file is absent."""
    file = BUNDLED_CLARIFY
    return load_clarify(file) if file.is_file() else []
