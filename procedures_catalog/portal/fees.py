"""Fee lines of one channel, from the portal's fee cell and the description beside it.

The fee column holds a cell (`7,000 Việt Nam Đồng`, `Miễn phí`, `Không có thông tin`) and,
often, a note in parentheses that names the amounts per case ("10.000 đồng/người/lần"),
reductions that end ("áp dụng đến hết ngày 31/12/2023") or the rule that sets the fee
("do HĐND tỉnh quy định"). The note is read clause by clause into `Fee` lines with a short
`condition`; a cell that says "Miễn phí" while the description names an amount is a
conflict: both facts are kept, the entry is never shown as free on the cell alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from procedures_catalog.portal.text import (
    balanced_prefix,
    clean,
    parse_date,
    parse_int_amount,
    shorten,
    strip_bullet,
    tidy_end,
)
from procedures_catalog.schema import Fee

CONDITION_LIMIT = 70
FREE_CONDITION_LIMIT = 110
MAX_LINES = 8
_MONEY = (
    r"(?P<num>\d{1,3}(?:[.,]\d{3})+|\d+)(?P<dec>[.,]\d+)?\s*"
    r"(?P<unit>triệu\s*đồng|nghìn\s*đồng|ngàn\s*đồng|Việt Nam Đồng|đồng|Đồng|VNĐ|vnđ|VND|"
    r"USD|usd|đ(?![a-zà-ỹđ]))"
)
_AMOUNT_RE = re.compile(
    rf"(?<![\d/.,]){_MONEY}|(?<![\d/.,])(?P<bare>\d{{1,3}}(?:\.\d{{3}})+)(?=\s*/)"
)
_PER_UNIT_RE = re.compile(
    r"^\s*/\s*((?:(?!\s(?:kể từ|từ ngày|áp dụng|theo|đối với|trong|tại|khi|nếu)\b)[^\d;,.()\n+:])+)"
)
_WEAK_BEFORE_RE = re.compile(r"^\W*(?:bao\s+)?(?:gồm|trong đó|là|phí|lệ phí)?\W*$", re.I)
_TITLEISH_RE = re.compile(
    r"quản lý và sử dụng|chế độ thu|nhằm hỗ trợ|quy định mức thu|hướng dẫn|biểu mức thu", re.I
)
_DATE_IN_RE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")
_FILLERS = {"không", "không có", "theo", "cụ thể", "thực hiện", "nếu có", "không quy định", "gồm"}
_CLAUSE_SPLIT_RE = re.compile(r";|\n|(?:^|\s)[-–+]\s|\.\s+(?=\(?[A-ZĐÀ-Ỹ])|\.\)?$")
_UNTIL_RE = re.compile(
    r"(?:đến\s+hết|đến|tới\s+hết|hết)\s+(?:ngày\s+)?(\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4})",
    re.IGNORECASE,
)
_PERCENT_RE = re.compile(r"(bằng|giảm\s+còn|giảm)\s+(\d{1,2})\s*%", re.IGNORECASE)
_FREE_RE = re.compile(
    r"\bmiễn\b|không\s+thu|không\s+phải\s+(?:nộp|trả)|không\s+mất|^không(?:\s+có)?\.?$",
    re.IGNORECASE,
)
_PROVINCE_RULE_RE = re.compile(r"HĐND|Hội đồng nhân dân", re.IGNORECASE)
_FEE_WORD_RE = re.compile(r"mức\s+(?:thu|phí|lệ\s+phí)|lệ\s+phí|\bphí\b|giá\s+dịch\s+vụ", re.I)
_RULE_REF_RE = re.compile(
    r"(Thông tư liên tịch|Thông tư|Nghị định|Nghị quyết|Quyết định)\s+(?:số\s+)?"
    r"(\d{1,4}/\d{4}/[A-ZĐ][A-ZĐa-z0-9\-]*)"
)
_LEAD_WORDS_RE = re.compile(
    r"^(?:(?:và|hoặc|còn|riêng|đối với|trường hợp|mức thu|mức lệ phí|mức phí|lệ phí|phí|"
    r"thu|là|bằng|kể từ)\b[\s,:]*)+",
    re.IGNORECASE,
)
_TRAIL_WORDS_RE = re.compile(
    r"(?:\b(?:thu|là|mức thu|mức|bằng|với mức|giá|phí|lệ phí|nộp)\b|[\s:=,;(])+$", re.IGNORECASE
)


@dataclass
class Amount:
    """One amount named in a text: value in whole units of `currency` (None if unreadable)."""

    value: int | None
    currency: str  # "VND" or "USD"
    condition: str = ""
    until: date | None = None
    percent: int | None = None


@dataclass
class Clause:
    """One clause of a fee note and what it says."""

    text: str
    amounts: list[Amount] = field(default_factory=list)
    until: date | None = None
    percent: int | None = None
    free: bool = False
    rule_note: str = ""
    exempt_until: date | None = None  # a temporary exemption ("miễn phí … đến 30/6/2026")


@dataclass
class FeeReading:
    """The fee lines of a channel and what could not be read."""

    fees: list[Fee]
    status: str  # "read", "free", "unknown", "conflict"
    problems: list[str] = field(default_factory=list)  # short reasons (English, for reports)
    conflict: str = ""  # "" or a short reason
    soft_conflict: bool = False


def _amount_value(match: re.Match[str]) -> tuple[int | None, str]:
    if match.group("bare"):
        return parse_int_amount(match.group("bare")), "VND"
    unit = match.group("unit").casefold()
    number = match.group("num") + (match.group("dec") or "")
    if unit.startswith("usd"):
        return parse_int_amount(number), "USD"
    if "triệu" in unit or "nghìn" in unit or "ngàn" in unit:
        factor = 1_000_000 if "triệu" in unit else 1_000
        try:
            return round(float(number.replace(",", ".")) * factor), "VND"
        except ValueError:
            return None, "VND"
    return parse_int_amount(number), "VND"


def _per_unit(rest: str) -> str:
    match = _PER_UNIT_RE.match(rest)
    if not match:
        return ""
    text = re.sub(r"\s+(?:Đồng|đồng|VNĐ|vnđ)\s*$", "", match.group(1))
    units = [clean(u) for u in text.split("/") if clean(u)]
    units = [u for u in units if not re.fullmatch(r"\d+", u)]
    return ", ".join(f"mỗi {u.rstrip(' .')}" for u in units[:2])


_NOISE_RE = re.compile(
    r"(?:kể\s+)?từ\s+(?:ngày\s+)?\d{1,2}/\d{1,2}/\d{4}\s*(?:đến\s+(?:hết\s+)?(?:ngày\s+)?"
    r"\d{1,2}/\d{1,2}/\d{4})?[\s,:]*"
    r"|(?:áp\s+dụng\s+)?(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+)?\d{1,2}/\d{1,2}/\d{4}[\s,:]*"
    r"|áp\s+dụng(?:\s+mức\s+thu)?(?:\s+lệ\s+phí)?(?:\s+là)?\b"
    r"|\s*(?:đối\s+với\s+)?(?:các\s+)?trường\s+hợp\s+quy\s+định\s+tại\b.*$"
    r"|\s*(?:theo\s+)?quy\s+định\s+tại\b.*$"
    r"|\(?\s*(?:theo\s+)?(?:Thông tư liên tịch|Thông tư|Nghị định|Nghị quyết|Quyết định|Luật)\s+"
    r"(?:số\s+)?\d{1,4}/\d{4}/\S+(?:\s+ngày\s+\S+)?\s*\)?",
    re.IGNORECASE,
)


def _condition(before: str, per_unit: str, *, limit: int = CONDITION_LIMIT) -> str:
    text = _NOISE_RE.sub(" ", clean(before).lstrip(",;:. "))
    text = strip_bullet(text.lstrip(",;:. "))
    text = _LEAD_WORDS_RE.sub("", text)
    text = re.sub(r"\([^)]*$", "", text)  # an opening parenthesis left unclosed
    text = _TRAIL_WORDS_RE.sub("", text).strip()
    text = tidy_end(text)
    if (
        len(text) < 3
        or _TITLEISH_RE.search(text)
        or f"mỗi {text.casefold()}" == per_unit.casefold()
    ):
        text = ""  # words of a circular's title, or the unit again ("hồ sơ, mỗi hồ sơ")
    if len(text) > 1 and text[1].islower():
        text = text[0].lower() + text[1:]  # it follows "50.000 đồng – " on the card
    parts = [p for p in (shorten(text, limit) if text else "", per_unit) if p]
    return ", ".join(parts)


def split_clauses(note: str) -> list[str]:
    """The clauses of a fee note (split at ";", line breaks, bullets and sentence ends)."""
    parts = _CLAUSE_SPLIT_RE.split(note)
    return [clean(p) for p in parts if clean(p).strip(" .()")]


def _tail(rest: str) -> tuple[str, int]:
    """After an amount: its per-unit words, a stray currency word and a short parenthesis
    that names the case ("250.000 đ/lần Đồng (Sát hạch thực hành)"); returns the case
    and how many characters the tail takes."""
    used = 0
    per = _PER_UNIT_RE.match(rest)
    if per:
        used = per.end()
    stray = re.match(r"\s*(?:Đồng|đồng|VNĐ|vnđ)\b", rest[used:])
    if stray:
        used += stray.end()
    spaces = len(rest[used:]) - len(rest[used:].lstrip())
    inner, _ = balanced_prefix(rest[used + spaces :])
    if inner and re.search(r"đồng\W*$", inner, re.I) and not re.search(r"\d", inner):
        # the amount again in words ("(Ba triệu đồng)"), then what it is for
        used += spaces + len(inner) + 2
        purpose = re.match(r"\s*([^;.()\d]{6,80}?)\s*(?=[;.()]|$)", rest[used:])
        if purpose and not re.match(r"\s*(?:kể từ|từ ngày|áp dụng|theo)\b", purpose.group(1), re.I):
            return clean(purpose.group(1)), used + purpose.end()
        return "", used
    if (
        inner
        and len(inner) <= 100
        and not _AMOUNT_RE.search(inner)
        and not _DATE_IN_RE.search(inner)
        and not re.search(r"đồng|\d+/\d{4}/", inner, re.IGNORECASE)
    ):
        return clean(inner), used + spaces + len(inner) + 2
    return "", used


def read_clause(text: str, *, fee_context: bool = True) -> Clause:
    """What one clause says: amounts (with condition and end date), a percentage, whether
    it exempts, or the rule that sets the fee. Outside the fee column (`fee_context`
    False) amounts count only in clauses that talk about a fee."""
    clause = Clause(text)
    until_match = _UNTIL_RE.search(text)
    clause.until = parse_date(until_match.group(1)) if until_match else None
    if until_match and re.search(
        r"\bmiễn\b", text[max(0, until_match.start() - 60) : until_match.start()], re.I
    ):
        clause.exempt_until, clause.until = clause.until, None  # "(Miễn phí từ … đến 30/6/2026)"
    percent = _PERCENT_RE.search(text)
    if percent:  # the share still paid: "bằng 50%", "giảm còn 50%" → 50; "giảm 30%" → 70
        share = int(percent.group(2))
        clause.percent = share if percent.group(1).casefold() != "giảm" else 100 - share
    if fee_context or _FEE_WORD_RE.search(text):
        start = 0
        for match in _AMOUNT_RE.finditer(text):
            if match.start() < start:
                continue
            value, currency = _amount_value(match)
            rest = text[match.end() :]
            case, used = _tail(rest)
            before = text[start : match.start()]
            if case and _condition(before, "") and not _WEAK_BEFORE_RE.match(clean(before)):
                case = ""  # the words before the amount name the case
            condition = _condition(case or before, _per_unit(rest))
            clause.amounts.append(Amount(value, currency, condition, clause.until))
            start = match.end() + used
    if not clause.amounts:
        province = bool(_PROVINCE_RULE_RE.search(text))
        clause.free = bool(_FREE_RE.search(text)) and not province
        if province:
            clause.rule_note = "mức thu do HĐND cấp tỉnh quy định"
        elif _FEE_WORD_RE.search(text) and not clause.free:
            ref = _RULE_REF_RE.search(text)
            if ref:
                clause.rule_note = f"mức thu theo {ref.group(1)} {ref.group(2)}"
    return clause


def _usable(condition: str) -> str:
    """A condition only when it says something: two words or more, not a filler."""
    words = condition.split()
    if len(words) < 2 or condition.casefold().strip(" .()") in _FILLERS:
        return ""
    return condition


def free_condition(text: str) -> str:
    """The case an exemption covers ("Miễn lệ phí đối với người có công" → "Người có công")."""
    text = re.sub(
        r"^.*?\b(?:miễn|không thu)\b\s*(?:lệ phí|phí)?\s*(?:đối với)?",
        "",
        text,
        count=1,
        flags=re.I,
    )
    return _usable(_condition(text, "", limit=FREE_CONDITION_LIMIT))


def rule_condition(text: str) -> str:
    """The case a fee rule covers, only when the clause names one ("Trường hợp …", "Phí
    cấp bản sao … thực hiện theo …")."""
    named = re.match(r"\W*(?:mức\s+)?(?:lệ\s+)?phí\s+(?!cụ thể|theo|do|được|thực hiện)", text, re.I)
    if not (named or re.match(r"\W*(?:trường hợp|đối với|riêng)\b", text, re.IGNORECASE)):
        return ""
    text = re.split(r"\bdo\b|\btheo\b|\báp dụng\b|\bthực hiện\b", text, maxsplit=1)[0]
    return _usable(_condition(text, ""))


def read_note(note: str, *, fee_context: bool = True) -> list[Clause]:
    """Clauses of a note; a clause that only gives an end date applies it to the amounts of
    the clause before it."""
    clauses: list[Clause] = []
    for text in split_clauses(note):
        clause = read_clause(text, fee_context=fee_context)
        plain = not (clause.amounts or clause.free or clause.rule_note or clause.until)
        if plain and clauses and clauses[-1].free and len(text) <= 80:
            clauses[-1].text += f"; {text}"  # "Miễn lệ phí cho A; B; C": the list goes on
            continue
        if clause.until and not clause.amounts and clause.percent is None and clauses:
            for amount in clauses[-1].amounts:
                amount.until = amount.until or clause.until
            continue
        clauses.append(clause)
    return clauses
