"""Free text → a Hà Tĩnh commune-level unit, by its new or its former name.

Citizens write "xa thach tri", "Thạch Trị cũ", "tt Kỳ Đồng", "phuong Thanh Sen", with or
without diacritics and sometimes with one typo. `PlaceMatcher.lookup` answers with a
`Lookup`: one new unit (FOUND), a former unit that was divided among several new units
(DIVIDED), several different places sharing the name (AMBIGUOUS, e.g. the new phường Trần
Phú and the former phường Trần Phú now in Thành Sen), or nothing (NOT_FOUND, with close
names as suggestions). The type word, "cũ"/"mới" and a district after a comma only narrow
the candidates: a filter that would leave nothing is ignored (people misremember them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.places.data import CommuneDirectory, NewUnit, OldKind, OldUnit
from bot.search.normalize import accent_key, canonical_syllable, fold, has_diacritics, nfc

Prefer = Literal["any", "old", "new"]

_WORD = re.compile(r"[^\W_]+")
# Leading (or, in English, trailing) words naming the kind of unit.
KIND_WORDS: dict[tuple[str, ...], OldKind] = {
    ("thi", "tran"): "thị trấn",
    ("tt",): "thị trấn",
    ("town",): "thị trấn",
    ("township",): "thị trấn",
    ("xa",): "xã",
    ("x",): "xã",
    ("commune",): "xã",
    ("phuong",): "phường",
    ("p",): "phường",
    ("ward",): "phường",
}
ENGLISH_KIND_WORDS = frozenset({("town",), ("township",), ("commune",), ("ward",)})
# Words that start a district: "Thạch Trị, huyện Thạch Hà", "tp Hà Tĩnh".
DISTRICT_WORDS: tuple[tuple[str, ...], ...] = (
    ("thanh", "pho"),
    ("thi", "xa"),
    ("huyen",),
    ("tp",),
    ("tx",),
    ("district",),
    ("city",),
)
OLD_WORDS: tuple[tuple[str, ...], ...] = (("cu",), ("truoc", "day"), ("old",), ("former",))
NEW_WORDS: tuple[tuple[str, ...], ...] = (("moi",), ("new",), ("hien", "nay"))
# Words people put before the name: "ở Thạch Trị", "nhà tôi ở …", "the".
FILLERS = frozenset({"o", "tai", "toi", "em", "nha", "minh", "the", "in", "of", "at", "i", "live"})
# Similarity (rapidfuzz ratio, 0–100) of a "did you mean" name, and of a text that is
# taken as a misspelt name rather than as a question ("khai sinh" ≈ "Hải Ninh" is 82).
_SUGGEST_SCORE = 70
_NEAR_NAME_SCORE = 85
_MIN_FUZZY_LETTERS = 7  # shorter names are too close to each other (Kỳ Hà, Kỳ Hải…)


class Outcome(StrEnum):
    FOUND = "found"
    DIVIDED = "divided"
    AMBIGUOUS = "ambiguous"
    NOT_FOUND = "not_found"


@dataclass(frozen=True, slots=True)
class Word:
    """One word as typed (NFC, case-folded) and its folded, canonical spelling."""

    raw: str
    key: str


def words(text: str) -> list[Word]:
    out = []
    for raw in _WORD.findall(nfc(text).casefold()):
        out.append(Word(raw, canonical_syllable(fold(raw))))
    return out


def name_key(text: str) -> str:
    return " ".join(w.key for w in words(text))


@dataclass(frozen=True, slots=True)
class Place:
    """One thing a name can mean: a new unit, or a former unit and where it went."""

    new: NewUnit | None
    old: OldUnit | None
    successors: tuple[NewUnit, ...]

    @property
    def name(self) -> str:
        unit = self.new or self.old
        assert unit is not None
        return unit.name

    @property
    def kind(self) -> str:
        unit = self.new or self.old
        assert unit is not None
        return unit.kind

    @property
    def destination(self) -> tuple[str, ...]:
        return tuple(u.code for u in self.successors)


@dataclass(frozen=True, slots=True)
class NameQuery:
    """A name to look up, with the hints written around it."""

    words: tuple[Word, ...]
    kind: OldKind | None = None
    prefer: Prefer = "any"
    district: tuple[Word, ...] = ()
    fuzzy: bool = True


@dataclass(frozen=True, slots=True)
class Lookup:
    query: str
    outcome: Outcome
    places: tuple[Place, ...] = ()
    suggestions: tuple[str, ...] = field(default=())

    @property
    def unit(self) -> NewUnit | None:
        """The new unit, when the name leads to exactly one."""
        if self.outcome is not Outcome.FOUND:
            return None
        return self.places[0].successors[0]

    @property
    def old(self) -> OldUnit | None:
        """The former unit named, unless the name is (also) the new unit's own."""
        if self.outcome not in (Outcome.FOUND, Outcome.DIVIDED):
            return None
        olds = {p.old for p in self.places}
        if len(olds) != 1 or any(p.new is not None for p in self.places):
            return None  # the new unit's own name, or several former names one typo away
        return self.places[0].old


def _starts(tokens: list[Word], at: int, phrase: tuple[str, ...]) -> bool:
    return tuple(w.key for w in tokens[at : at + len(phrase)]) == phrase


def phrase_at(tokens: list[Word], phrases: tuple[tuple[str, ...], ...], at: int) -> int:
    """Length of the phrase from `phrases` found at position `at` (0 when none)."""
    for phrase in phrases:
        if _starts(tokens, at, phrase):
            return len(phrase)
    return 0


def parse_name(text: str) -> NameQuery:
    """Split "xã Thạch Trị cũ, huyện Thạch Hà" into name, kind, old/new and district."""
    head, _, tail = text.partition(",") if "," in text else text.partition("(")
    tokens = words(head)
    district = words(tail)
    kind: OldKind | None = None
    prefer: Prefer = "any"
    name: list[Word] = []
    i = 0
    while i < len(tokens):
        step = phrase_at(tokens, DISTRICT_WORDS, i)
        if step and name:  # "Thạch Trị huyện Thạch Hà": the rest is the district
            district = tokens[i:] + district
            break
        step = phrase_at(tokens, OLD_WORDS, i)
        if step:
            prefer, i = "old", i + step
            continue
        step = phrase_at(tokens, NEW_WORDS, i)
        if step:
            prefer, i = "new", i + step
            continue
        kind_step = 0
        for phrase, value in KIND_WORDS.items():
            # Before the name ("xã Thạch Trị"), or an English word after it ("Thach Tri
            # commune"); never a Vietnamese word after it ("Kỳ Phương" is a name).
            trailing = i + len(phrase) == len(tokens) and phrase in ENGLISH_KIND_WORDS
            if (not name or trailing) and _starts(tokens, i, phrase):
                kind, kind_step = value, len(phrase)
                break
        if kind_step:
            i += kind_step
            continue
        if not name and tokens[i].key in FILLERS:
            i += 1
            continue
        name.append(tokens[i])
        i += 1
    district = district[phrase_at(district, DISTRICT_WORDS, 0) :]  # "huyện", "thành phố"…
    return NameQuery(tuple(name), kind, prefer, tuple(district))


def _accents_agree(query: tuple[Word, ...], name: str) -> bool:
    """Every word typed with diacritics has the same marks as the name's word."""
    typed = [w.raw for w in query]
    known = [w.raw for w in words(name)]
    if len(typed) != len(known):
        return True
    return all(
        not has_diacritics(t) or accent_key(t) == accent_key(k)
        for t, k in zip(typed, known, strict=True)
    )


def _district_key(district: str) -> str:
    tokens = words(district)
    step = phrase_at(tokens, DISTRICT_WORDS, 0)
    return " ".join(w.key for w in tokens[step:])


class PlaceMatcher:
    """Name lookup over one `CommuneDirectory` (built once; lookups are pure)."""

    def __init__(self, directory: CommuneDirectory) -> None:
        self.directory = directory
        self._index: dict[str, list[Place]] = {}
        for unit in directory.units:
            self._add(Place(unit, None, (unit,)))
        for old in directory.old_units:
            self._add(Place(None, old, directory.successors(old)))
        self._keys = list(self._index)
        self._compact = {key.replace(" ", ""): key for key in self._keys}

    def _add(self, place: Place) -> None:
        self._index.setdefault(name_key(place.name), []).append(place)

    def is_name(self, key: str) -> bool:
        return key in self._index

    def lookup(self, text: str, prefer: Prefer = "any") -> Lookup:
        query = parse_name(text)
        if prefer != "any" and query.prefer == "any":
            query = NameQuery(query.words, query.kind, prefer, query.district, query.fuzzy)
        return self.match(query, text.strip())

    def match(self, query: NameQuery, shown: str | None = None) -> Lookup:
        text = shown if shown is not None else " ".join(w.raw for w in query.words)
        key = " ".join(w.key for w in query.words)
        if not key:
            return Lookup(text, Outcome.NOT_FOUND)
        places = list(self._index.get(key, ()))
        if places:
            agreeing = [p for p in places if _accents_agree(query.words, p.name)]
            places = agreeing or places
        elif query.fuzzy:
            places = self._fuzzy(key)
        if not places:
            return Lookup(text, Outcome.NOT_FOUND, suggestions=self.suggest(key))
        places = self._narrow(places, query)
        return _outcome(text, places)

    def _fuzzy(self, key: str) -> list[Place]:
        """Names one typo away (OSA distance ≤ 1, a missing or extra space is free)."""
        compact = key.replace(" ", "")
        if len(compact) < _MIN_FUZZY_LETTERS:
            return []
        best: dict[int, list[str]] = {}
        for candidate, full in self._compact.items():
            distance = OSA.distance(compact, candidate, score_cutoff=1)
            if distance <= 1:
                best.setdefault(distance, []).append(full)
        if not best:
            return []
        keys = best[min(best)]
        return [place for k in keys for place in self._index[k]]

    def _narrow(self, places: list[Place], query: NameQuery) -> list[Place]:
        def keep(subset: list[Place]) -> list[Place]:
            return subset or places

        if query.kind is not None:
            places = keep([p for p in places if p.kind == query.kind])
        if query.prefer == "old":
            places = keep([p for p in places if p.old is not None])
        elif query.prefer == "new":
            places = keep([p for p in places if p.new is not None])
        if query.district:
            hint = " ".join(w.key for w in query.district)
            places = keep(
                [
                    p
                    for p in places
                    if p.old is not None
                    and OSA.distance(hint, _district_key(p.old.district), score_cutoff=1) <= 1
                ]
            )
        return places

    def _near_keys(self, key: str, limit: int, score_cutoff: float) -> list[str]:
        """Names that contain `key` as whole words ("Hồng Lĩnh" → Bắc Hồng Lĩnh), then the
        names most similar to it."""
        found: list[str] = []
        if len(key.replace(" ", "")) >= 4:
            padded = f" {key} "
            found = [k for k in self._keys if padded in f" {k} " and k != key]
        similar = process.extract(
            key, self._keys, scorer=fuzz.ratio, limit=limit, score_cutoff=score_cutoff
        )
        found += [k for k, _score, _index in similar if k not in found]
        return found[:limit]

    def suggest(self, key: str, limit: int = 3) -> tuple[str, ...]:
        """Labels of the names closest to `key` (for "did you mean")."""
        labels: list[str] = []
        for match_key in self._near_keys(key, limit, _SUGGEST_SCORE):
            place = self._index[match_key][0]
            label = place.new.label if place.new else place.old.label if place.old else ""
            if label and label not in labels:
                labels.append(label)
        return tuple(labels)

    def looks_like_name(self, text: str) -> bool:
        """Whether an unknown text still reads as a commune's name (a kind word, or close
        to a name), rather than as a question about something else."""
        query = parse_name(text)
        key = " ".join(w.key for w in query.words)
        return bool(key) and (
            query.kind is not None or bool(self._near_keys(key, 1, _NEAR_NAME_SCORE))
        )


def _outcome(text: str, places: list[Place]) -> Lookup:
    by_destination: dict[tuple[str, ...], list[Place]] = {}
    for place in places:
        by_destination.setdefault(place.destination, []).append(place)
    if len(by_destination) == 1:
        ((destination, group),) = by_destination.items()
        outcome = Outcome.FOUND if len(destination) == 1 else Outcome.DIVIDED
        return Lookup(text, outcome, tuple(group))
    # One representative per destination: the new unit itself when it was named.
    chosen = [next((p for p in group if p.new), group[0]) for group in by_destination.values()]
    return Lookup(text, Outcome.AMBIGUOUS, tuple(chosen))
