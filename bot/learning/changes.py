"""Catalog changes an editor can make from a group of questions (pure functions).

* **attach** — the phrase becomes a colloquial name (an ``alias``) of one procedure.
* **synonym** — a word or phrase citizens use ("giấy chào đời") for a phrase the catalog
  uses ("khai sinh"). Staff synonyms are catalog data, not a second vocabulary file: the
  phrase is added as a ``keyword`` to every procedure whose title or colloquial names
  contain the meaning (at most :data:`MAX_SYNONYM_TARGETS`). So a synonym is versioned,
  diffed, audited and rolled back like any other catalog change, and the search needs no
  second source of words (the bundled ``procedures_catalog/data/synonyms.yaml`` stays the
  shipped vocabulary and is read as before).

:func:`plan_change` checks the change against a catalog and returns the new list of
procedures (the input is not modified); :class:`ChangeError` carries the key of the text
the console shows and its parameters.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from bot.search.normalize import normalize_query
from procedures_catalog.schema import Procedure

MAX_PHRASE_CHARS = 120
MAX_SYNONYM_TARGETS = 25
_SPACES = re.compile(r"\s+")
_TRIM = " \t\r\n.,;:!?…-–—\"'“”"
#: a run of five digits or more (ID, phone, dossier numbers) never becomes catalog text
_NUMBER = re.compile(r"\d[\d .]{3,}\d|\[số")


class ChangeKind(StrEnum):
    ATTACH = "attach"
    SYNONYM = "synonym"


class ChangeError(ValueError):
    """A change the catalog refuses; `key` is a text key of bot/texts/console_questions.py."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True, slots=True)
class CatalogChange:
    kind: ChangeKind
    phrase: str  # what citizens say
    code: str = ""  # attach: the procedure
    meaning: str = ""  # synonym: the phrase the catalog uses


@dataclass(frozen=True)
class ChangePlan:
    change: CatalogChange  # with the phrase (and meaning) cleaned
    targets: tuple[str, ...]  # codes of the procedures that change
    procedures: list[Procedure] = field(repr=False)


def clean_phrase(text: str) -> str:
    """One line, single spaces, no surrounding punctuation."""
    return _SPACES.sub(" ", text).strip(_TRIM)


def _checked(text: str, *, empty: str) -> str:
    phrase = clean_phrase(text)
    if not phrase or not normalize_query(phrase):
        raise ChangeError(empty)
    if len(phrase) > MAX_PHRASE_CHARS:
        raise ChangeError("con_q_err_too_long", limit=MAX_PHRASE_CHARS)
    if _NUMBER.search(phrase):
        raise ChangeError("con_q_err_numbers")
    return phrase


@lru_cache(maxsize=1 << 15)
def _folded(text: str) -> str:
    """`normalize_query` of a catalog name (a preview checks every procedure's names: the
    same few thousand texts each time)."""
    return normalize_query(text)


def _names(p: Procedure) -> list[str]:
    return [_folded(p.title.vi), *(_folded(a) for a in p.aliases)]


def _contains(haystack: str, needle: str) -> bool:
    return f" {needle} " in f" {haystack} "


def plan_change(change: CatalogChange, procedures: Sequence[Procedure]) -> ChangePlan:
    """The catalog after `change`; raises :class:`ChangeError` when it cannot be made."""
    phrase = _checked(change.phrase, empty="con_q_err_phrase")
    folded = normalize_query(phrase)
    if change.kind is ChangeKind.ATTACH:
        by_code = {p.code: p for p in procedures}
        target = by_code.get(change.code.strip())
        if target is None:
            raise ChangeError("con_q_err_code", code=change.code.strip())
        if folded in _names(target):
            raise ChangeError("con_q_err_already", code=target.code)
        for other in procedures:
            if other.code != target.code and folded in _names(other)[1:]:
                raise ChangeError("con_q_err_taken", code=other.code)
        updated = target.model_copy(update={"aliases": [*target.aliases, phrase]})
        cleaned = CatalogChange(ChangeKind.ATTACH, phrase, code=target.code)
        return ChangePlan(cleaned, (target.code,), _replaced(procedures, {target.code: updated}))
    meaning = _checked(change.meaning, empty="con_q_err_meaning")
    wanted = normalize_query(meaning)
    if wanted == folded:
        raise ChangeError("con_q_err_same")
    matching = [p for p in procedures if any(_contains(name, wanted) for name in _names(p))]
    if not matching:
        raise ChangeError("con_q_err_no_targets", meaning=meaning)
    if len(matching) > MAX_SYNONYM_TARGETS:
        raise ChangeError("con_q_err_broad", n=len(matching), limit=MAX_SYNONYM_TARGETS)
    changed: dict[str, Procedure] = {}
    for p in matching:
        known = {_folded(k) for k in p.keywords} | set(_names(p))
        if folded not in known:
            changed[p.code] = p.model_copy(update={"keywords": [*p.keywords, phrase]})
    if not changed:
        raise ChangeError("con_q_err_already_synonym")
    cleaned = CatalogChange(ChangeKind.SYNONYM, phrase, meaning=meaning)
    return ChangePlan(cleaned, tuple(sorted(changed)), _replaced(procedures, changed))


def _replaced(procedures: Sequence[Procedure], new: dict[str, Procedure]) -> list[Procedure]:
    return [new.get(p.code, p) for p in procedures]
