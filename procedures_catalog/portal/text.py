"""Small text helpers shared by the portal parsers: cleaning, shortening, numbers, dates.

`shorten` is how every long official text becomes a short catalog value: the first clause,
cut at a clause or word boundary, never in the middle of a word, with "…" when cut.
"""

from __future__ import annotations

import re
from datetime import date

NO_INFO = "Không có thông tin"
_SPACE_RE = re.compile(r"\s+")
# Where a clause may end: punctuation followed by a space (or a bullet dash).
_CLAUSE_END_RE = re.compile(r"(?:[;:.!?](?=\s)|,(?=\s)| [-–+](?= ))")
_BULLET_RE = re.compile(
    r"^(?:[^\w(\[\s]+|\(?[ivx]{1,5}\)|\(?[a-zđ0-9]{1,3}[).](?!\d)|\d{1,2}\s?[/-](?=\s)"
    r"|\d{1,2}\s+(?=[A-ZĐ]))\s*",
    re.IGNORECASE,
)
_TRAILING_RE = re.compile(r"[\s,;:.\-–+(]+$")
_DATE_RE = re.compile(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})")


def clean(text: str | None) -> str:
    """Whitespace collapsed to single spaces, stripped; None gives ""."""
    return _SPACE_RE.sub(" ", text or "").strip()


def is_no_info(text: str | None) -> bool:
    """True for empty text and the portal's "no information" markers."""
    value = clean(text).strip(" .").casefold()
    return value in {"", "không có thông tin", "không", "không có", "--", "-"}


def strip_bullet(text: str) -> str:
    """Text without a leading list marker ("- ", "+ ", "a) ", "(1) ", "* ")."""
    previous = None
    text = clean(text)
    while previous != text:
        previous = text
        text = _BULLET_RE.sub("", text, count=1).strip()
    return text


def tidy_end(text: str) -> str:
    """Text without trailing separators and an unbalanced opening parenthesis."""
    text = _TRAILING_RE.sub("", clean(text))
    if text.count("(") > text.count(")"):
        cut = text.rfind("(")
        text = _TRAILING_RE.sub("", text[:cut]) if cut > 0 else text.replace("(", "")
    if text.count(")") > text.count("("):
        text = text.replace(")", "", text.count(")") - text.count("("))
    return text.strip()


def shorten(text: str, limit: int = 160) -> str:
    """`text` if it is short enough, else its first clause(s) up to `limit` characters,
    cut at a clause boundary (or, failing that, a word boundary) and ended with "…"."""
    text = clean(text)
    if len(text) <= limit:
        return text
    head = text[: limit + 1]
    ends = [m.start() for m in _CLAUSE_END_RE.finditer(head) if m.start() >= limit * 0.35]
    if ends:
        cut = ends[-1]
    else:
        cut = head.rfind(" ")
        if cut < limit * 0.35:  # one enormous word: cut anyway, but never mid-character
            cut = limit
    return tidy_end(text[:cut]) + "…"


def first_clause(text: str, limit: int = 100) -> str:
    """The first clause of `text` (up to ";" or a sentence end), shortened to `limit`."""
    text = clean(text)
    match = re.search(r";|\.(?=\s+[A-ZĐÀ-Ỹ])|\n", text)
    if match and match.start() > 0:
        text = text[: match.start()]
    return shorten(tidy_end(text), limit)


def parse_int_amount(digits: str) -> int | None:
    """Whole đồng from "7,000", "7.000", "135.000", "5000", "1.500.000"; None when the
    grouping is not a plain thousands grouping (e.g. "1,5")."""
    digits = digits.strip()
    if re.fullmatch(r"\d+", digits):
        return int(digits)
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", digits):
        return int(re.sub(r"[.,]", "", digits))
    return None


def parse_date(text: str) -> date | None:
    """The first dd/mm/yyyy date in `text`, or None."""
    match = _DATE_RE.search(text)
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def balanced_prefix(text: str) -> tuple[str, str]:
    """When `text` starts with "(", the balanced parenthesised part (without the outer
    parentheses) and the rest; otherwise ("", text). An unclosed group takes everything."""
    if not text.startswith("("):
        return "", text
    depth = 0
    for index, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return text[1:index], text[index + 1 :]
    return text[1:], ""


def split_top_level(text: str, sep: str = ",") -> list[str]:
    """`text` split at `sep` outside parentheses, parts cleaned, empty parts dropped."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        if char == sep and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [clean(p) for p in parts if clean(p)]
