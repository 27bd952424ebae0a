"""Recognise a life event (a birth, a death, a wedding, a move) in what a citizen writes.

`LifeEventMatcher.match(text)` returns the event one of whose trigger phrases the text
contains, or None. Text and phrases are normalised like the search does
(`bot.search.normalize`: case, diacritics, ký/kí, light English stemming), then a phrase
matches a run of words of one sentence when:

* its words appear in order, with at most `MAX_GAP` small words between two of them, and
  only words of `GAP_WORDS` (pronouns, "vừa", "mới", "my", "just"…): "bố tôi vừa mất"
  matches "bố mất", "bố tôi bị mất" does not;
* a word typed with diacritics has the same marks as some accented spelling of the phrase
  word (so "mặt" never matches "mất", "đề nghị" never matches "đẻ"); words typed without
  diacritics match on letters only;
* at most one word of four letters or more may carry one typo (a letter wrong, missing,
  extra, or two letters swapped).

A trigger match that overlaps a match of one of the event's `exclude` phrases does not
count ("bố tôi mất căn cước" is a lost card). When several events match, the earliest in
the text wins. The matcher is pure and immutable; the steps to show are those whose
procedure is in the current catalog (`available_steps` with the catalog's `get`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA

from bot.search.normalize import Token, tokenize, tokenize_flat
from procedures_catalog.life_events import LifeEvent, LifeEventStep
from procedures_catalog.schema import Procedure

MAX_GAP = 2
MIN_TYPO_LEN = 4
# Folded keys of the small words allowed between two words of a phrase.
GAP_WORDS = frozenset(
    {
        # Vietnamese pronouns, possessive, family side (nội/ngoại) and time words
        "toi", "em", "minh", "tao", "to", "ta", "chung", "con", "chau", "cua",
        "noi", "ngoai", "vua", "moi", "da", "dang", "sap", "roi", "cung", "ay", "nay",
        # English (keys after normalisation: "my" -> "mi")
        "mi", "our", "just", "recentli", "i", "we", "a", "the", "has", "hav",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Phrase:
    """One trigger or exclude phrase: folded keys and the accented spellings seen per word."""

    keys: tuple[str, ...]
    sigs: tuple[frozenset[str], ...]  # empty set: the phrase never gives that word's marks
    owner: int  # index of the event


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int  # exclusive


@dataclass(frozen=True, slots=True)
class EventStep:
    """A step of an event whose procedure is in the current catalog."""

    number: int  # 1-based among the steps shown
    step: LifeEventStep
    procedure: Procedure


def _phrases(texts: Iterable[str], owner: int) -> list[_Phrase]:
    """Phrases grouped by their folded words, accented spellings merged per word."""
    grouped: dict[tuple[str, ...], list[set[str]]] = {}
    for text in texts:
        tokens = tokenize_flat(text)
        if not tokens:
            continue
        keys = tuple(t.key for t in tokens)
        sigs = grouped.setdefault(keys, [set() for _ in keys])
        for slot, token in zip(sigs, tokens, strict=True):
            if token.accented:
                slot.add(token.sig)
    return [
        _Phrase(keys, tuple(frozenset(s) for s in sigs), owner) for keys, sigs in grouped.items()
    ]


@lru_cache(maxsize=8192)
def _typo(a: str, b: str) -> bool:
    return min(len(a), len(b)) >= MIN_TYPO_LEN and OSA.distance(a, b, score_cutoff=1) <= 1


def _word(token: Token, key: str, sigs: frozenset[str]) -> int:
    """0: the word matches; 1: it matches with one typo; 2: no match."""
    if token.key == key:
        if token.accented and sigs and token.sig not in sigs:
            return 2
        return 0
    return 1 if _typo(token.key, key) else 2


def _match_at(words: Sequence[Token], start: int, phrase: _Phrase) -> _Hit | None:
    typos = _word(words[start], phrase.keys[0], phrase.sigs[0])
    if typos > 1:
        return None
    pos = start + 1
    for key, sigs in zip(phrase.keys[1:], phrase.sigs[1:], strict=True):
        for gap in range(MAX_GAP + 1):
            at = pos + gap
            if at >= len(words):
                return None
            cost = _word(words[at], key, sigs)
            if cost + typos <= 1:
                typos += cost
                pos = at + 1
                break
            if words[at].key not in GAP_WORDS:
                return None
        else:
            return None
    return _Hit(start, pos)


def _hits(words: Sequence[Token], phrases: Sequence[_Phrase]) -> list[tuple[_Hit, _Phrase]]:
    return [
        (hit, phrase)
        for start in range(len(words))
        for phrase in phrases
        if (hit := _match_at(words, start, phrase)) is not None
    ]


class LifeEventMatcher:
    """Which life event, if any, a message is about. Build once; `match` is pure."""

    def __init__(self, events: Sequence[LifeEvent]) -> None:
        self._events = tuple(events)
        self._triggers = [p for i, e in enumerate(events) for p in _phrases(e.triggers, i)]
        self._excludes = [p for i, e in enumerate(events) for p in _phrases(e.exclude, i)]
        firsts: dict[str, list[_Phrase]] = {}
        for phrase in self._triggers:
            firsts.setdefault(phrase.keys[0], []).append(phrase)
        self._by_first = firsts

    @property
    def events(self) -> tuple[LifeEvent, ...]:
        return self._events

    def _candidates(self, token: Token) -> list[_Phrase]:
        found = list(self._by_first.get(token.key, ()))
        if len(token.key) >= MIN_TYPO_LEN:
            for first, phrases in self._by_first.items():
                if first != token.key and _typo(token.key, first):
                    found.extend(phrases)
        return found

    def match(self, text: str) -> LifeEvent | None:
        """The event the text is about (earliest trigger in the text), or None."""
        for words in tokenize(text):
            for start, token in enumerate(words):
                best: tuple[int, int] | None = None  # (-length, event index) at this start
                for phrase in self._candidates(token):
                    hit = _match_at(words, start, phrase)
                    if hit is None or self._excluded(words, hit, phrase.owner):
                        continue
                    rank = (hit.start - hit.end, phrase.owner)
                    if best is None or rank < best:
                        best = rank
                if best is not None:
                    return self._events[best[1]]
        return None

    def _excluded(self, words: Sequence[Token], hit: _Hit, owner: int) -> bool:
        excludes = [p for p in self._excludes if p.owner == owner]
        return any(
            other.start < hit.end and hit.start < other.end for other, _ in _hits(words, excludes)
        )


def available_steps(event: LifeEvent, get: Callable[[str], Procedure | None]) -> list[EventStep]:
    """The event's steps whose procedure the catalog has, numbered in order."""
    shown: list[EventStep] = []
    for step in event.steps:
        procedure = get(step.code)
        if procedure is not None:
            shown.append(EventStep(len(shown) + 1, step, procedure))
    return shown
