"""Recognise "xã Thạch Trị cũ giờ là xã nào?" and find the place it asks about.

A question about a place is a message that (1) asks what a unit is now ("giờ là xã nào",
"nay thuộc phường nào", "sáp nhập vào xã nào", "what … commune … now") and (2) names a
Hà Tĩnh unit. Both are needed, so procedure questions ("làm căn cước thuộc xã nào")
go on to the search. Pure; the answer is rendered by bot/render/place.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.places.data import OldKind
from bot.places.match import (
    DISTRICT_WORDS,
    ENGLISH_KIND_WORDS,
    KIND_WORDS,
    OLD_WORDS,
    Lookup,
    NameQuery,
    PlaceMatcher,
    Prefer,
    Word,
    phrase_at,
    words,
)

_NOW = r"(?:bay gio|gio|hien nay|hien gio|nay|sau sap nhap|sau khi sap nhap)"
_INTO = (
    r"(?:la|thuoc|ve|vao|nhap vao|sap nhap vao|nhap voi|sap nhap voi|nhap thanh|sap nhap thanh"
    r"|doi thanh|doi ten thanh|thanh|chuyen ve|chuyen thanh)"
)
_WHICH = r"(?:xa|phuong|don vi|dia ban)\s+(?:moi\s+)?(?:nao|gi|ten gi|ten la gi)"
# Each cue, and whether it asks about a former unit ("giờ là xã nào") or a new one ("gồm
# những xã nào"); the preference only breaks a tie between a new and a former unit.
_CUES_VI: tuple[tuple[re.Pattern[str], Prefer], ...] = (
    (re.compile(rf"\b(?:{_NOW}\s+)?{_INTO}\s+{_WHICH}\b"), "old"),
    (
        re.compile(
            rf"\b{_NOW}\s+(?:la\s+)?(?:ten\s+)?(?:moi\s+)?(?:la\s+)?"
            r"(?:gi|ten gi|xa nao|phuong nao)\b"
        ),
        "old",
    ),
    (re.compile(r"\b(?:xa|phuong)\s+moi\s+(?:la\s+)?(?:gi|ten gi|xa nao|phuong nao)\b"), "old"),
    (re.compile(r"\b(?:xa|phuong)\s+moi\s+cua\b"), "old"),
    (re.compile(r"\bsap nhap\s+(?:vao|voi|thanh)\s+(?:dau|gi)\b"), "old"),
    (
        re.compile(r"\b(?:gom|lap tu|hop thanh tu)\s+(?:nhung\s+)?(?:xa|phuong|don vi)\s+nao\b"),
        "new",
    ),
)
_CUE_EN = re.compile(r"\b(?:now|today|after the merger|new name)\b")
_EN_TOPIC = re.compile(r"\b(?:commune|ward|township|town|which|what)\b")
_MAX_NAME_WORDS = 4
# Words that end a name written after a kind word ("xã Thạch Trị cũ giờ …").
_STOP = frozenset({"cu", "moi", "gio", "bay", "nay", "hien", "la", "thuoc", "sap", "nhap", "now"})


def _cue(keys: list[str]) -> tuple[int, int, Prefer] | None:
    """Word range [start, end) of the "what is it now" phrase, if the text has one."""
    joined = " ".join(keys)
    prefer: Prefer = "old"
    found: re.Match[str] | None = None
    for pattern, cue_prefer in _CUES_VI:
        found = pattern.search(joined)
        if found:
            prefer = cue_prefer
            break
    else:
        found = _CUE_EN.search(joined) if _EN_TOPIC.search(joined) else None
    if found is None:
        return None
    start = joined[: found.start()].count(" ")
    return start, start + found.group().count(" ") + 1, prefer


def _ends_with(tokens: list[Word], end: int, phrases: Iterable[tuple[str, ...]]) -> int:
    """Length of a phrase from `phrases` that ends just before `end` (0 when none)."""
    for phrase in phrases:
        size = len(phrase)
        if end >= size and tuple(w.key for w in tokens[end - size : end]) == phrase:
            return size
    return 0


def _kind_around(tokens: list[Word], start: int, end: int) -> OldKind | None:
    """ "xã Thạch Trị" (before), or "Thach Tri commune" (English, after)."""
    for phrase, kind in KIND_WORDS.items():
        if _ends_with(tokens, start, (phrase,)):
            return kind
    after = tuple(w.key for w in tokens[end : end + 1])
    return KIND_WORDS[after] if after in ENGLISH_KIND_WORDS else None


def _query(tokens: list[Word], start: int, end: int, prefer: Prefer, fuzzy: bool) -> NameQuery:
    """The name at [start, end) with the kind, "mới" and district written around it."""
    after = tokens[end : end + 1]
    if after and after[0].key in ("moi", "new"):
        prefer = "new"
    elif after and phrase_at(after, OLD_WORDS, 0):
        prefer = "old"
    rest = tokens[end:]
    rest = rest[phrase_at(rest, OLD_WORDS, 0) :]  # "Thạch Trị cũ, huyện Thạch Hà"
    district: tuple[Word, ...] = ()
    for i in range(min(len(rest), 3)):
        size = phrase_at(rest, DISTRICT_WORDS, i)
        if size:
            district = tuple(w for w in rest[i + size : i + size + 3] if w.key != "\x00")
            break
    kind = _kind_around(tokens, start, end)
    return NameQuery(tuple(tokens[start:end]), kind, prefer, district, fuzzy)


def _exact_span(tokens: list[Word], matcher: PlaceMatcher) -> tuple[int, int] | None:
    """The longest run of words that is a unit's name (not a district's), leftmost first."""
    for size in range(_MAX_NAME_WORDS, 0, -1):
        for start in range(len(tokens) - size + 1):
            key = " ".join(w.key for w in tokens[start : start + size])
            if matcher.is_name(key) and not _ends_with(tokens, start, DISTRICT_WORDS):
                return start, start + size
    return None


def _after_kind_word(tokens: list[Word]) -> tuple[int, int] | None:
    """The words written after a kind word ("xã Thạch Trjj cũ" → "Thạch Trjj")."""
    for i in range(len(tokens)):
        size = next(
            (len(p) for p in KIND_WORDS if tuple(w.key for w in tokens[i : i + len(p)]) == p), 0
        )
        if not size:
            continue
        start = end = i + size
        while end < len(tokens) and end - start < _MAX_NAME_WORDS and tokens[end].key not in _STOP:
            end += 1
        if end > start:
            return start, end
    return None


def place_question(text: str, matcher: PlaceMatcher) -> Lookup | None:
    """The lookup a "what is X now?" question asks for; None when it is not one."""
    tokens = words(text)
    cue = _cue([w.key for w in tokens])
    if cue is None:
        return None
    # The cue's own words ("xã nào") are not the place; keep its position for the hints.
    masked = [Word(w.raw, "\x00") if cue[0] <= i < cue[1] else w for i, w in enumerate(tokens)]
    span = _exact_span(masked, matcher)
    if span is not None:
        return matcher.match(_query(masked, *span, prefer=cue[2], fuzzy=False))
    span = _after_kind_word(masked[: cue[0]])
    if span is not None:
        return matcher.match(_query(masked, *span, prefer=cue[2], fuzzy=True))
    return None
