"""The per-line cell format of the CSV/XLSX catalog (see docs/catalog_format.md).

A multi-value cell holds one item per line. Structured items (documents, channels, fees,
legal basis) are split into parts with ` | `. Inside an item `\\` escapes: `\\|` is a
literal bar, `\\n` a line break inside the item, `\\\\` a backslash; any other backslash
is kept as typed. Enum values may be written in English (as in YAML) or in Vietnamese.
"""

from __future__ import annotations

import re
import unicodedata

from procedures_catalog.schema import (
    ChannelKind,
    DocumentAction,
    DocumentForm,
    EntryKind,
    OnlineLevel,
    TimeUnit,
)

SEP = " | "
_THOUSANDS_RE = re.compile(r"^-?\d{1,3}(?:[.,  ]\d{3})+$")
_ESCAPE_RE = re.compile(r"\\([\\|n])")
_TOKEN_RE = re.compile(r"\\.|\||[^\\|]+|\\$")
_AMOUNT_SUFFIX_RE = re.compile(r"\s*(?:đồng|vnđ|vnd|đ)\s*$", re.IGNORECASE)

TRUE_WORDS = {"có", "co", "x", "yes", "true", "1", "free", "miễn phí", "mien phi"}
FALSE_WORDS = {"", "không", "khong", "no", "false", "0"}


def fold(text: str) -> str:
    """Lower-case, NFC, single spaces: for matching headers and enum words."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _aliases(mapping: dict[str, tuple[str, ...]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for value, words in mapping.items():
        out[fold(value)] = value
        for word in words:
            out[fold(word)] = value
    return out


ENUM_WORDS: dict[str, dict[str, str]] = {
    "kind": _aliases(
        {
            ChannelKind.ONLINE: ("trực tuyến", "truc tuyen"),
            ChannelKind.POST: ("bưu chính", "dịch vụ bưu chính", "buu chinh"),
            ChannelKind.IN_PERSON: ("trực tiếp", "truc tiep"),
        }
    ),
    "time_unit": _aliases(
        {
            TimeUnit.WORKING_DAYS: ("ngày làm việc", "ngay lam viec"),
            TimeUnit.DAYS: ("ngày", "ngay"),
            TimeUnit.HOURS: ("giờ", "gio"),
            TimeUnit.UNKNOWN: ("không rõ", "khong ro"),
        }
    ),
    "form": _aliases(
        {
            DocumentForm.ORIGINAL: ("bản chính", "ban chinh"),
            DocumentForm.COPY: ("bản sao", "ban sao"),
            DocumentForm.CERTIFIED_COPY: ("bản sao chứng thực", "ban sao chung thuc"),
            DocumentForm.ORIGINAL_OR_COPY: ("bản chính hoặc bản sao",),
            DocumentForm.ELECTRONIC: ("bản điện tử", "ban dien tu"),
        }
    ),
    "action": _aliases(
        {
            DocumentAction.SUBMIT: ("nộp", "nop"),
            DocumentAction.SHOW: ("xuất trình", "xuat trinh"),
        }
    ),
    "level": _aliases(
        {
            OnlineLevel.FULL: ("toàn trình", "toan trinh"),
            OnlineLevel.PARTIAL: ("một phần", "mot phan"),
            OnlineLevel.UNKNOWN: ("không rõ", "khong ro"),
        }
    ),
}


# The entry kind column: English values or the Vietnamese words staff write.
ENTRY_KINDS: dict[str, str] = _aliases(
    {
        EntryKind.CURATED: ("biên soạn", "bien soan", "đã biên soạn"),
        EntryKind.OFFICIAL: ("chính thức", "chinh thuc", "dữ liệu cổng", "du lieu cong"),
    }
)


def enum_value(kind: str, text: str) -> str:
    """The schema value for an English or Vietnamese enum word; unknown text is kept as is
    so the schema reports it."""
    return ENUM_WORDS[kind].get(fold(text), text)


def escape(text: str, *, bars: bool) -> str:
    text = text.replace("\\", "\\\\").replace("\n", "\\n")
    return text.replace("|", "\\|") if bars else text


def unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return _ESCAPE_RE.sub(lambda m: "\n" if m.group(1) == "n" else m.group(1), text)


def split_parts(line: str) -> list[str]:
    """Split an item line on unescaped bars and unescape each part (stripped)."""
    if "\\" not in line:
        return [part.strip() for part in line.split("|")]
    parts: list[str] = []
    current = ""
    for token in _TOKEN_RE.findall(line):
        if token == "|":
            parts.append(current)
            current = ""
        else:
            current += token
    parts.append(current)
    return [unescape(p).strip() for p in parts]


def join_parts(parts: list[str]) -> str:
    """Join escaped parts with ` | `, dropping empty parts at the end."""
    while parts and parts[-1] == "":
        parts.pop()
    text = escape(parts[0], bars=True) if parts else ""
    for part in parts[1:]:
        text += f"{SEP}{escape(part, bars=True)}" if part else " |"
    return text


def cell_lines(cell: str) -> list[tuple[int, str]]:
    """The non-blank lines of a cell with their 1-based line numbers."""
    return [
        (n, line.strip())
        for n, line in enumerate(cell.replace("\r\n", "\n").split("\n"), 1)
        if line.strip()
    ]


def format_number(value: float | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse_amount(text: str) -> str:
    """Accept "50.000", "50 000 đ" and "50000" for an amount in đồng."""
    bare = _AMOUNT_SUFFIX_RE.sub("", text).strip()
    if _THOUSANDS_RE.match(bare):
        return re.sub(r"[.,  ]", "", bare)
    return bare


def parse_bool(text: str) -> bool | str:
    """True/False for the yes/no words staff use; unknown text is returned for the schema."""
    word = fold(text)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return text
