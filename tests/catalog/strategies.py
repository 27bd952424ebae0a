"""Hypothesis strategies for procedures whose texts stress every file format: line breaks,
`|`, backslashes, quotes, Vietnamese, emoji, text that looks like a number, date or formula."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import strategies as st

from procedures_catalog.schema import (
    ChannelKind,
    DocumentAction,
    DocumentForm,
    EntryKind,
    OnlineLevel,
    Procedure,
    TimeUnit,
)

_SPECIAL = ["\n", "\t", "|", "\\", '"', "'", "=", "-", "#", ":", "😀", "ư", "đ", "ệ", " "]
_PIECES = [*_SPECIAL, "\\n", "\\|", "👍🏽", "Tờ khai", " | ", "\n\n", "'\""]
_CHARS = st.characters(
    codec="utf-8", exclude_categories=("Cs", "Cc", "Cf", "Cn", "Zl", "Zp")
) | st.sampled_from(_SPECIAL)
_TRICKY = st.sampled_from(
    ["yes", "null", "0012", "1.5", "2026-01-01", "=SUM(A1)", "- x", "a | b", "x\\|y", "~"]
)
TEXT = st.one_of(
    _TRICKY,
    st.text(_CHARS, max_size=25),
    st.lists(st.sampled_from(_PIECES), max_size=8).map("".join),
)
WORDS = TEXT.map(str.strip).filter(bool)
URLS = st.sampled_from(
    [None, "https://dichvucong.gov.vn/", "https://hatinh.gov.vn/a?b=1&c=đ", "http://x.vn/p|q"]
)
CODES = st.one_of(
    st.from_regex(r"\A[1-9]\.[0-9]{6}\Z"),
    st.from_regex(r"\ALOCAL-[A-Z0-9]{1,6}(-[A-Z0-9]{1,3})?\Z"),
)


def _short_list(items: st.SearchStrategy[Any], min_size: int = 0) -> st.SearchStrategy[list[Any]]:
    return st.lists(items, min_size=min_size, max_size=3)


@st.composite
def _fee(draw: st.DrawFn) -> dict[str, Any]:
    free = draw(st.booleans())
    amounts = st.sampled_from([None, 0]) if free else st.none() | st.integers(0, 10**9)
    return {
        "amount_vnd": draw(amounts),
        "free": free,
        "note": draw(TEXT),
        "condition": draw(TEXT),
        "until": draw(st.none() | st.dates(date(2000, 1, 1), date(2100, 12, 31))),
    }


@st.composite
def _channels(draw: st.DrawFn) -> list[dict[str, Any]]:
    kinds = draw(st.lists(st.sampled_from(list(ChannelKind)), unique=True, max_size=3))
    time = st.none() | st.integers(0, 60) | st.floats(0, 1000, allow_subnormal=False)
    return [
        {
            "kind": kind,
            "time_value": draw(time),
            "time_unit": draw(st.sampled_from(list(TimeUnit))),
            "time_note": draw(TEXT),
            "fees": draw(_short_list(_fee())),
        }
        for kind in kinds
    ]


DOCUMENTS = st.fixed_dictionaries(
    {
        "name": WORDS,
        "quantity": st.integers(0, 50),
        "form": st.sampled_from(list(DocumentForm)),
        "action": st.sampled_from(list(DocumentAction)),
        "form_name": TEXT,
        "form_url": URLS,
        "condition": TEXT,
    }
)


@st.composite
def procedures(draw: st.DrawFn, code: str | None = None) -> Procedure:
    code = code or draw(CODES)
    unverified = draw(_short_list(WORDS))
    data = {
        "code": code,
        "code_is_local": code.startswith("LOCAL-"),
        "kind": draw(st.sampled_from(list(EntryKind))),
        "title": {"vi": draw(WORDS), "en": draw(TEXT)},
        "summary": {"vi": draw(WORDS), "en": draw(TEXT)},
        "field": draw(WORDS),
        "level": draw(_short_list(WORDS, 1)),
        "agency": draw(WORDS),
        "applicants": draw(TEXT),
        "channels": draw(_channels()),
        "documents": draw(_short_list(DOCUMENTS)),
        "steps": draw(_short_list(WORDS)),
        "online": {
            "available": draw(st.booleans()),
            "level": draw(st.sampled_from(list(OnlineLevel))),
            "url": draw(URLS),
            "note": draw(TEXT),
        },
        "conditions": draw(_short_list(WORDS)),
        "results": draw(_short_list(WORDS)),
        "legal_basis": draw(_short_list(st.fixed_dictionaries({"ref": WORDS, "note": TEXT}))),
        "detail_url": draw(URLS),
        "decision": draw(TEXT),
        "aliases": draw(_short_list(WORDS)),
        "keywords": draw(_short_list(WORDS)),
        "life_event": draw(TEXT),
        "last_reviewed": draw(st.dates(date(2000, 1, 1), date(2100, 12, 31))),
        "source": draw(WORDS),
        "unverified": unverified,
        "unverified_en": draw(
            st.just([]) | st.lists(WORDS, min_size=len(unverified), max_size=len(unverified))
        ),
    }
    return Procedure.model_validate(data)


@st.composite
def catalogs(draw: st.DrawFn) -> list[Procedure]:
    codes = draw(st.lists(CODES, min_size=1, max_size=3, unique=True))
    procs = [draw(procedures(code)) for code in codes]
    for proc in procs:  # related codes must exist in the catalog
        others = [c for c in codes if c != proc.code]
        proc.related = draw(st.lists(st.sampled_from(others), unique=True)) if others else []
    return sorted(procs, key=lambda p: p.code)
