"""What counts as a personal number, in every common spelling: the one definition.

Kinds (:class:`Kind`): the ID card (CCCD / thẻ căn cước, 12 digits), the old ID card (CMND,
9 digits), tax codes (mã số thuế: 10 digits, 13 digits or 10-3 with a hyphen), passports
(one letter and 7 or 8 digits), Vietnamese phone numbers (``0``, ``84`` or ``+84``, then a
mobile or landline number) and bank accounts (any other run of 8 or more digits).

Spellings: digit groups joined by spaces, dots, hyphens (any dash), slashes, underscores or
brackets; zero-width and other invisible characters anywhere (also written as ``\\u200b``
escapes, as in a logged ``repr``); no-break and other Unicode spaces; full-width and other
Unicode decimal digits. The text is folded once (NFKC per character, invisibles dropped)
with every folded character mapped back to the original, so a match replaces exactly the
characters typed and the rest of the text is kept as written.

Not personal (kept): dossier codes (``000.17.22.H56-210531-0001``, ``G09.20-20260609-0092637``,
BHXH ``03706/2026/07906``), procedure codes (``1.001234``, ``2.000488.000.00.00.H56``),
result codes (``KQ.G01.000200``), legal document numbers (``1234/2024/QĐ-UBND``), dates
(``12/03/2025``, ``2025-06-18``, ``12/2024``), year ranges (``2024-2025``), times after a
date, money amounts next to a currency or fee word (``12.000.000 đồng``, ``phí 1.500.000``)
and the public 1800/1900 hotlines. A run of digits that mixes such a shape with other
digits is judged as a whole, so an ID number cannot hide behind a date-shaped part.

Pure: no database, no Telegram; `bot.db.privacy`, the dialogue's owner-ID step, the portal
adapters, the query log, the logs and the staff views all use this module.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache


class Kind(StrEnum):
    ID_CARD = "id_card"
    OLD_ID_CARD = "old_id_card"
    TAX_CODE = "tax_code"
    PASSPORT = "passport"
    PHONE = "phone"
    BANK_ACCOUNT = "bank_account"


#: The kinds a dossier owner identifies with (the portal's "số định danh").
OWNER_ID_KINDS = frozenset({Kind.ID_CARD, Kind.OLD_ID_CARD, Kind.TAX_CODE, Kind.PASSPORT})
#: bot/learning/keys.py recognises these two placeholders in logged questions.
PHONE_PLACEHOLDER = "[số điện thoại]"
DOCUMENT_PLACEHOLDER = "[số giấy tờ]"


@dataclass(frozen=True, slots=True)
class PersonalNumber:
    """One number found in a text: ``text[start:end]`` is it as typed."""

    start: int
    end: int
    kind: Kind
    #: Canonical form (digits only, the passport letter upper case); never log it.
    value: str = field(repr=False)


# --- folding: one comparable character (or none) per original character ----------------

_IGNORABLE = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0") | frozenset(
    map(chr, range(0xFE00, 0xFE10))
)
_AS_DOT = frozenset("\u00b7\u2027\u2219\u30fb\u2022")
_AS_SLASH = frozenset("\u2044\u2215\u29f8")
# A character escaped in a logged repr or JSON: "\u200b", "\xad", "\uff10".
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2}))")


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch == "\t":
        return " "
    category = unicodedata.category(ch)
    if category == "Cf" or ch in _IGNORABLE:
        return ""
    if category == "Zs":
        return " "
    if category == "Pd" or ch == "\u2212":
        return "-"
    if ch in _AS_DOT:
        return "."
    if ch in _AS_SLASH:
        return "/"
    folded = unicodedata.normalize("NFKC", ch)
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in folded)


@dataclass(frozen=True, slots=True)
class _Folded:
    text: str
    #: Where each folded character came from in the original: [start, end).
    starts: Sequence[int]
    ends: Sequence[int]


def _fold(text: str) -> _Folded:
    if text.isascii() and "\\" not in text:
        return _Folded(text.replace("\t", " "), range(len(text)), range(1, len(text) + 1))
    pieces = list(map(_fold_char, text))
    folded = "".join(pieces)
    if len(folded) == len(text) and "" not in pieces and "\\" not in text:
        return _Folded(folded, range(len(text)), range(1, len(text) + 1))  # one for one
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    while i < len(text):
        end, piece = i + 1, _fold_char(text[i])
        if text[i] == "\\" and (escape := _ESCAPE.match(text, i)):
            decoded = _fold_char(chr(int(escape.group(1) or escape.group(2), 16)))
            if decoded in ("", " ", "-", ".", "/") or decoded.isdigit():
                end, piece = escape.end(), decoded
        for c in piece:
            out.append(c)
            starts.append(i)
            ends.append(end)
        i = end
    return _Folded("".join(out), tuple(starts), tuple(ends))


# --- shapes --------------------------------------------------------------------------

# Between two digit groups: one separator (spaces around it allowed) or spaces alone.
_JOINT = r"(?: {0,2}[-./_()] {0,2}| {1,3})"
_RUN = re.compile(rf"(?<!\d)\d+(?:{_JOINT}\d+)*")
_PASSPORT = re.compile(
    rf"(?<![^\W_])(?<!\.)([A-Za-z]){_JOINT}?(\d(?:{_JOINT}?\d){{6,7}})(?![A-Za-z0-9])(?!{_JOINT}\d)"
)
_OWNER_ID = re.compile(r"\d{9}|\d{10}|\d{12}|\d{13}|[A-Z]\d{7,8}")
_PHONE = re.compile(r"(?:840?|0)(?:[35789]\d{8}|2\d{9}|1[2689]\d{8})")
_HOTLINE = re.compile(r"1[89]00\d{4}")
# An agency segment of a dossier, procedure or result code: H56, G09, KQ.G01.
_AGENCY_BEFORE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{1,3}$")
_AGENCY_AFTER = re.compile(r"[.-][A-Za-z]{1,3}\d{2}(?!\d)")
_LEGAL_AFTER = re.compile(r"/[^\W\d_]")
_LEGAL_RUN = re.compile(r"\d{1,5}(?:/(?:19|20)\d\d)?")

_D = r"(?:0?[1-9]|[12]\d|3[01])"
_M = r"(?:0?[1-9]|1[0-2])"
_Y = r"(?:19|20)\d\d"
_ATOM = (
    rf"(?:{_D}/{_M}/{_Y}|{_D}\.{_M}\.{_Y}|{_D}-{_M}-{_Y}|{_Y}-{_M}-{_D}|{_M}/{_Y}"
    rf"|{_Y}[-/]{_Y}|[1-3]\.\d{{6}}(?:\.\d{{3}}\.\d{{2}}\.\d{{2}})?|\d{{5}}/(?:199[5-9]|20\d\d)/\d{{5}})"
)
_ATOMS = re.compile(rf"{_ATOM}(?:[ /-]{_ATOM})*")
_HOUR_AFTER = re.compile(r":\d\d|\s*(?:h|g|giờ)(?:\b|\d)", re.IGNORECASE)
_AMOUNT = r"(?:[1-9]\d{0,2}(?:\.\d{3})+|[1-9]\d{0,2}(?: \d{3})+)"
_MONEY = re.compile(rf"{_AMOUNT}(?:-{_AMOUNT})?")
_CURRENCY_AFTER = re.compile(
    r"\s*(?:đồng|đ|vnđ|vnd|₫|triệu|tr|tỷ|nghìn|ngàn|k|usd|\$|/\s*(?:tháng|năm|người|lần))"
    r"(?![^\W\d_])",
    re.IGNORECASE,
)
_MONEY_BEFORE = re.compile(
    r"\b(?:phí|phi|giá|tiền|tien|lương|luong|thu nhập|thu nhap|nộp|nop|mức|vay)\W{0,3}"
    r"(?:là|la|khoảng|khoang|:)?\s*$",
    re.IGNORECASE,
)
_CONTEXT = re.compile(
    r"(?P<bank>\b(?:stk|tk|số tài khoản|tài khoản|so tai khoan|tai khoan|account|ngân hàng)\b)"
    r"|(?P<tax>\b(?:mst|mã số thuế|ma so thue|mã thuế|tax)\b)"
    r"|(?P<id>\b(?:cccd|cmnd|cmt|căn cước|can cuoc|chứng minh|chung minh|định danh)\b)",
    re.IGNORECASE,
)
_LOOK_BACK = 30
_BY_LENGTH = {9: Kind.OLD_ID_CARD, 10: Kind.TAX_CODE, 12: Kind.ID_CARD, 13: Kind.TAX_CODE}
_SEPARATORS = str.maketrans(dict.fromkeys(" -./_()", None))
_NON_DIGIT = re.compile(r"\D")


def _compact(run: str) -> str:
    """Spaces around separators dropped, other spaces collapsed to one."""
    return re.sub(r" +", " ", re.sub(r" *([-./_()]) *", r"\1", run))


def _is_code_part(folded: str, start: int, end: int, run: str) -> bool:
    """Digits attached to an agency segment (H56, G01) or a legal document's letters."""
    first = re.match(r"\d+", run)
    if (
        first
        and len(first.group()) == 2
        and _AGENCY_BEFORE.search(folded, max(0, start - 4), start)
    ):
        return True
    if _AGENCY_AFTER.match(folded, end):
        return True
    return bool(_LEGAL_AFTER.match(folded, end) and _LEGAL_RUN.fullmatch(_compact(run)))


def _is_ordinary(folded: str, start: int, end: int, run: str) -> bool:
    """A date, procedure code, BHXH code, year range, money amount or hotline."""
    compact = _compact(run)
    if _HOUR_AFTER.match(folded, end):
        compact = re.sub(r" \d{1,2}$", "", compact)
    if _ATOMS.fullmatch(compact) or _HOTLINE.fullmatch(compact.translate(_SEPARATORS)):
        return True
    if not _MONEY.fullmatch(compact) or _context(folded, start) is not None:
        return False
    before = folded[max(0, start - _LOOK_BACK) : start]
    return bool(_CURRENCY_AFTER.match(folded, end) or _MONEY_BEFORE.search(before))


def _context(folded: str, start: int) -> str | None:
    """The nearest word before a number that says what it is (bank, tax, id)."""
    last = None
    for match in _CONTEXT.finditer(folded, max(0, start - _LOOK_BACK), start):
        last = match.lastgroup
    return last


def _classify(folded: str, start: int, end: int) -> Kind | None:
    run = folded[start:end]
    digits = _NON_DIGIT.sub("", run)
    plus = start > 0 and folded[start - 1] == "+"
    if not plus and len(digits) < 8:
        return None
    if _is_code_part(folded, start, end, run):
        return None
    if not plus and _is_ordinary(folded, start, end, run):
        return None
    context = _context(folded, start)
    if context == "bank":
        return Kind.BANK_ACCOUNT
    if context == "tax" and len(digits) in (10, 13):
        return Kind.TAX_CODE
    if _PHONE.fullmatch(digits) and (not plus or digits.startswith("84")):
        return Kind.PHONE
    if len(digits) < 8:
        return None
    return _BY_LENGTH.get(len(digits), Kind.BANK_ACCOUNT)


def _scan(folded: _Folded) -> list[PersonalNumber]:
    text = folded.text
    spans: list[tuple[int, int, Kind, str]] = []
    for match in _PASSPORT.finditer(text):
        value = match.group(1).upper() + match.group(2).translate(_SEPARATORS)
        spans.append((match.start(), match.end(), Kind.PASSPORT, value))
    if spans:  # a passport's digits are not read again as a run
        blank = list(text)
        for start, end, _, _ in spans:
            blank[start:end] = "\x00" * (end - start)
        text = "".join(blank)
    for match in _RUN.finditer(text):
        start, end = match.span()
        kind = _classify(text, start, end)
        if kind is None:
            continue
        value = _NON_DIGIT.sub("", match.group())
        if start > 0 and text[start - 1] == "+":
            start -= 1
        if start > 0 and text[start - 1] == "(" and ")" in match.group():
            start -= 1
        spans.append((start, end, kind, value))
    spans.sort()
    return [
        PersonalNumber(folded.starts[start], folded.ends[end - 1], kind, value)
        for start, end, kind, value in spans
    ]


_ANY_DIGIT = re.compile(r"\d|\\[ux]|[\u2460-\u24ff\u2070-\u209f\u2776-\u2793]")


def find_personal_numbers(text: str) -> list[PersonalNumber]:
    """Every personal number in `text`, in order, with where it is and what it is."""
    if not _ANY_DIGIT.search(text):
        return []
    return _scan(_fold(text))


def holds_personal_number(text: str) -> bool:
    return bool(find_personal_numbers(text))


def mask_personal_numbers(text: str) -> str:
    """`text` with each personal number replaced by a placeholder, the rest as written."""
    found = find_personal_numbers(text)
    if not found:
        return text
    parts: list[str] = []
    last = 0
    for number in found:
        parts.append(text[last : number.start])
        parts.append(PHONE_PLACEHOLDER if number.kind is Kind.PHONE else DOCUMENT_PLACEHOLDER)
        last = number.end
    parts.append(text[last:])
    return "".join(parts)


def normalise_owner_id(text: str) -> str | None:
    """The canonical ID card, old ID card, tax code or passport number when the whole
    message is one (``"038-095-001-234"`` → ``"038095001234"``, ``"c 1234567"`` →
    ``"C1234567"``, ``"0101234567-001"`` → ``"0101234567001"``); None otherwise."""
    compact = _fold(text.strip()).text.translate(_SEPARATORS).upper()
    return compact if _OWNER_ID.fullmatch(compact) else None
