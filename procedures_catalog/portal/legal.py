"""Parse the portal's flattened legal-basis table (`can_cu_phap_ly`) into `LegalBasis` refs.

The table reads `Tên văn bản pháp lýMã văn bản`, then for each document its title and its
number, run together ("Luật Cư trú68/2020/QH14Nghị định 154/2024/NĐ-CP154/2024/NĐ-CP").
A number counts as a listed document when it ends a cell (the next title or the end
follows); a number inside a title ("… Nghị định số 05/2021/NĐ-CP ngày …") is a mention and
is not listed. Refs read "Luật Cư trú 68/2020/QH14", "Nghị định 154/2024/NĐ-CP": the type
from the number's suffix (or the title), the law's short name when the title gives it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from procedures_catalog.portal.text import clean
from procedures_catalog.schema import LegalBasis

HEADER = "Tên văn bản pháp lýMã văn bản"
# "154/2024/NĐ-CP", the government's decimal-numbered resolutions ("66.7/2025/NQ-CP"), and
# a number glued to the year that ends the title ("Luật Cư trú 202068/2020/QH14")
_NUMBER_START_RE = re.compile(
    r"(?:(?<![\d/])(?<!\d\.)|(?<=\D(?:19|20)\d\d))(\d{1,4}(?:\.\d{1,3})?)/(\d{4})/(?=[A-ZĐa-z])"
)
_CAPS_WORDS = (
    "LUẬT",
    "BỘ LUẬT",
    "NGHỊ",
    "THÔNG",
    "QUYẾT",
    "QUY ",
    "BAN HÀNH",
    "SỬA",
    "HƯỚNG",
    "CHỈ",
    "VỀ ",
    "PHÁP",
    "VĂN",
    "HIẾN",
)
_ISSUERS = {
    "CP",
    "TTg",
    "BCA",
    "BTC",
    "BTP",
    "BXD",
    "BNNMT",
    "BNNPTNT",
    "BTNMT",
    "BGTVT",
    "NHNN",
    "BYT",
    "BCT",
    "BLĐTBXH",
    "BKHĐT",
    "BQP",
    "BNV",
    "BGDĐT",
    "BVHTTDL",
    "BTTTT",
    "BKHCN",
    "BNG",
    "UBND",
    "HĐND",
    "VPCP",
    "TANDTC",
    "VKSNDTC",
    "KTNN",
    "BHXH",
    "CTN",
    "UBTVQH",
    "NĐ",
    "TT",
    "QĐ",
    "NQ",
    "TTLT",
    "NQLT",
    "ND",
    "QD",
    "PL",
    "BKH",
    "BTM",
    "BCN",
    "BLĐ",
}
_TYPES: list[tuple[str, str]] = [  # (suffix start, type)
    ("PL-UBTVQH", "Pháp lệnh"),
    ("UBTVQH", "Nghị quyết"),
    ("QH", "Luật"),
    ("L-CTN", "Luật"),
    ("NĐ", "Nghị định"),
    ("ND", "Nghị định"),
    ("TTLT", "Thông tư liên tịch"),
    ("TT", "Thông tư"),
    ("QĐ", "Quyết định"),
    ("QD", "Quyết định"),
    ("NQLT", "Nghị quyết liên tịch"),
    ("NQ", "Nghị quyết"),
    ("CT", "Chỉ thị"),
]
_TITLE_TYPES = (
    "Hiến pháp",
    "Bộ luật",
    "Luật",
    "Pháp lệnh",
    "Nghị quyết liên tịch",
    "Nghị quyết",
    "Nghị định",
    "Thông tư liên tịch",
    "Thông tư",
    "Quyết định",
    "Chỉ thị",
)
_LAW_TYPES = {"Hiến pháp", "Bộ luật", "Luật"}
_REF_RE = re.compile(
    r"^(?P<type>" + "|".join(_TITLE_TYPES) + r")\b.*?(?P<number>\d{1,4}/(?P<year>\d{4})/\S+)"
)
_NAME_END_RE = re.compile(
    r"\s*(?:\d{1,4}/\d{4}|\b(?:19|20)\d\d\b|\bsố\b|\bngày\b|\bnăm\s+\d{4}|\bđược\b|\bcủa\b"
    r"|\bquy định\b|[;(:]|,?$)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class LegalResult:
    """The refs of a page (laws first) and what could not be read."""

    basis: list[LegalBasis]
    problems: list[str]


def _suffix(text: str) -> str:
    """The suffix of a document number at the start of `text` ("NĐ-CP", "QH14", "TT-BCA",
    "TTLT/BGDĐT-BTC"), stopping where the next title begins."""
    out = ""
    pos = 0
    while pos < len(text):
        rest = text[pos:]
        special = re.match(r"UBTVQH\d{2}|QH\d{2}|TTg", rest)
        if special:
            token = special.group(0)
        else:
            run = re.match(r"[A-ZĐ]+", rest)
            if run is None:
                break
            token = run.group(0)
            following = rest[len(token) :]
            if following[:1].islower() and len(token) == 1:
                break  # "NĐ-CP-Quy định": a capitalised word of the next title
            if (
                following[:1].islower()
                and len(token) > 1
                and (token[:-1] in _ISSUERS or token not in _ISSUERS)
            ):
                token = token[:-1]  # "…CPQuy định": the last capital starts the next title
            for k in range(1, len(token)):
                if (token[k:] + following).startswith(_CAPS_WORDS):
                    token = token[:k]
                    break
        out += token
        pos += len(token)
        separator = text[pos : pos + 1]
        if separator in ("-", "/") and re.match(r"[-/](?:[A-ZĐ]{2}|TTg|QH)", text[pos:]):
            out += separator
            pos += 1
            continue
        break
    return out.rstrip("-/")


def _type_of(suffix: str, title: str) -> str:
    titled = next((t for t in _TITLE_TYPES if re.match(rf"\W*{t}\b", title, re.I)), "")
    for start, kind in _TYPES:
        if suffix.startswith(start):
            if kind == "Luật" and titled in ("Bộ luật", "Hiến pháp", "Nghị quyết"):
                return titled
            if kind == "Nghị quyết" and titled == "Pháp lệnh":
                return titled
            return kind
    return titled


def _law_name(title: str, kind: str) -> str:
    """ "Luật Cư trú" from a title starting "Luật Cư trú …", "" when there is no short name."""
    text = clean(title)
    match = re.match(rf"{kind}\s+", text, re.IGNORECASE)
    if not match:
        return ""
    rest = text[match.end() :]
    glued = next((i for i in range(1, len(rest)) if rest[i - 1].islower() and rest[i].isupper()), 0)
    if glued:
        rest = rest[:glued]  # "Luật Các tổ chức tín dụngLuật số …"
    end = _NAME_END_RE.search(rest)
    name = rest[: end.start()].strip() if end else rest
    name = re.split(rf"\s+{kind}\b", name, maxsplit=1)[0]  # "Trồng trọt Luật số …"
    if not name or len(name.split()) > 14 or re.search(r"^số\b|s[ửủ]a đ|b[ổỏ] sung", name, re.I):
        return ""
    if name.isupper():
        name = name.lower().replace("việt nam", "Việt Nam")
    return f"{kind} {name[0].upper()}{name[1:]}"


def parse_legal_basis(text: str) -> LegalResult:
    """The documents `can_cu_phap_ly` lists, deduplicated by number, laws first."""
    body = (text or "").replace(HEADER, "", 1)
    if not clean(body) or clean(body).casefold() == "không có thông tin":
        return LegalResult([], ["no legal basis on the page"])
    refs: list[tuple[int, int, LegalBasis]] = []
    seen: set[str] = set()
    title_start = 0
    pos = 0
    while (match := _NUMBER_START_RE.search(body, pos)) is not None:
        suffix = _suffix(body[match.end() :])
        end = match.end() + len(suffix)
        pos = end
        if not suffix:
            continue
        after = body[end : end + 2]
        if after[:1].isspace() and after[1:2].islower():
            continue  # a mention inside a title ("… số 05/2021/NĐ-CP ngày …")
        if suffix == "NĐ-C":
            suffix = "NĐ-CP"  # the page dropped the last letter of a decree number
        number = f"{match.group(1)}/{match.group(2)}/{suffix}"
        title = body[title_start : match.start()]
        title_start = end
        key = number.upper()
        if key in seen:
            continue
        seen.add(key)
        kind = _type_of(suffix, clean(title))
        name = _law_name(title, kind) if kind in _LAW_TYPES else ""
        ref = f"{name or kind} {number}".strip()
        refs.append((0 if kind in _LAW_TYPES else 1, len(refs), LegalBasis(ref=ref)))
    if not refs:
        return LegalResult([], ["no document number could be read"])
    return LegalResult([basis for _, _, basis in sorted(refs, key=lambda r: r[:2])], [])


def ref_parts(ref: str) -> tuple[str, str, int | None]:
    """(type, number, year) of a ref: "Luật Cư trú 68/2020/QH14" → ("Luật", "68/2020/QH14",
    2020); ("", "", None) when the ref holds no document number."""
    match = _REF_RE.match(clean(ref))
    if match:
        return match.group("type"), match.group("number"), int(match.group("year"))
    number = re.search(r"\d{1,4}/(\d{4})/\S+", ref)
    if number:
        return "", number.group(0), int(number.group(1))
    return "", "", None
