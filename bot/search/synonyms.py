"""Synonyms: abbreviations, colloquial and English words → the catalog's canonical phrases.

The data lives in ``procedures_catalog/data/synonyms.yaml`` (a list of ``{canonical,
variants}``), maintained by staff together with the catalog. A few search-specific rules
live here as code because they are arithmetic rather than vocabulary:

* ages: "bé 5 tuổi", "con 13t", "10 years old" → "dưới 14 tuổi"; "15 tuổi" → "từ đủ 14 tuổi
  trở lên" (the two căn cước procedures for children and adults differ exactly there);
* "1 lần" → "một lần", "lần 1" → "lần đầu".

:class:`SynonymTable` rewrites a token list, replacing each variant (longest first) by its
canonical phrase. The same rewrite is applied to catalog phrases and to queries, so both
meet on the canonical wording whichever side used the abbreviation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.search.normalize import Token, tokenize_flat
from bot.search.vocabulary import PhraseMatcher

# fmt: off
_COUNTRIES = (
    "nhật", "nhật bản", "hàn", "hàn quốc", "trung quốc", "đài loan", "mỹ", "hoa kỳ", "pháp",
    "đức", "anh quốc", "úc", "nga", "lào", "campuchia", "thái lan", "singapore", "malaysia",
    "canada", "ý", "hà lan", "philippines", "indonesia", "ấn độ", "tây", "ngoại quốc",
)
BUILTIN_SYNONYMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("một lần", ("1 lần", "1 lan")),
    ("lần đầu", ("lần 1", "lan 1", "lần thứ nhất", "lần đầu tiên", "first time")),
    # A named foreign country or nationality is the "foreign element" of hộ tịch procedures.
    ("người nước ngoài", tuple(f"{who} {c}" for who in ("người", "quốc tịch") for c in _COUNTRIES)),
    ("nước ngoài", tuple(f"{at} {c}" for at in ("ở", "bên", "sang", "tại") for c in _COUNTRIES)),
    ("người nước ngoài", ("việt kiều", "foreigner", "foreign")),
    # Without accents "nguoi lao dong" (a worker) would otherwise read as "người Lào".
    ("người lao động", ("nguoi lao dong", "người lao động")),
)
# fmt: on
# Synonym groups about the process (where to submit, dossier status, portals, question words)
# rather than about which procedure: rewriting them only adds noise to ranking ("có một cửa
# hàng" is not "trung tâm phục vụ hành chính công"), so their variants are left as typed.
# fmt: off
IGNORED_CANONICALS: frozenset[str] = frozenset({
    "trung tâm phục vụ hành chính công", "ủy ban nhân dân cấp xã", "công an cấp xã",
    "bưu chính công ích", "mã hồ sơ", "phiếu hẹn trả kết quả", "yêu cầu bổ sung hồ sơ",
    "không được tiếp nhận", "đã có kết quả", "quá hạn", "cơ sở dữ liệu quốc gia về dân cư",
    "nền tảng tích hợp, chia sẻ dữ liệu", "hồ sơ", "dịch vụ công trực tuyến",
    "cổng dịch vụ công quốc gia", "thủ tục hành chính", "văn phòng đăng ký đất đai",
    "lệ phí", "thời hạn giải quyết", "thành phần hồ sơ", "cơ quan thực hiện", "số điện thoại",
})
# fmt: on
UNDER_14 = "dưới 14 tuổi"
ADULT = 18
FROM_14 = "từ đủ 14 tuổi trở lên"
_AGE_UNITS = frozenset({"tuoi", "t", "year", "yr", "yo", "thang"})
_AGE_BRACKETS = frozenset({"duoi", "du", "tren", "tu", "under", "over", "qua", "chua", "hon"})
_AGE_GLUED = re.compile(r"^([0-9]{1,3})(t|tuoi|yo|y)$")


@dataclass(frozen=True, slots=True)
class SynonymEntry:
    canonical: str
    variants: tuple[str, ...]


def load_synonyms(path: Path) -> list[SynonymEntry]:
    """Read a synonyms YAML file; a missing file gives an empty list."""
    if not path.exists():
        return []
    # libyaml's loader when PyYAML has it (ten times faster; the same safe subset).
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    raw = yaml.load(path.read_text("utf-8"), Loader=loader) or []
    if isinstance(raw, dict):  # tolerate {"synonyms": [...]}
        raw = raw.get("synonyms", [])
    entries: list[SynonymEntry] = []
    for item in raw:
        if not isinstance(item, dict) or not item.get("canonical"):
            continue
        variants = tuple(str(v) for v in item.get("variants") or () if str(v).strip())
        entries.append(SynonymEntry(str(item["canonical"]), variants))
    return entries


def _age_phrase(years: float) -> str:
    return UNDER_14 if years < 14 else FROM_14


class SynonymTable:
    """Immutable variant → canonical rewriter built from synonym entries."""

    def __init__(self, entries: Iterable[SynonymEntry], *, builtins: bool = True) -> None:
        pairs: list[tuple[str, tuple[Token, ...]]] = []
        data = [e for e in entries if e.canonical.strip().casefold() not in IGNORED_CANONICALS]
        lookup = {
            tuple(t.key for t in tokenize_flat(v)): e.canonical for e in data for v in e.variants
        }
        extra: list[SynonymEntry] = []
        if builtins:
            for phrase, variants in BUILTIN_SYNONYMS:
                # "người nước ngoài" may itself be a variant in the data: use its canonical.
                key = tuple(t.key for t in tokenize_flat(phrase))
                extra.append(SynonymEntry(lookup.get(key, phrase), variants))
        index_pairs: list[tuple[str, tuple[Token, ...]]] = []
        self._expansions: set[tuple[str, ...]] = set()  # variants that are part of their canonical
        for entry in data + extra:
            canonical = tuple(tokenize_flat(entry.canonical))
            if not canonical:
                continue
            canonical_keys = tuple(t.key for t in canonical)
            # the canonical phrase itself matches as a whole (and is left as it is), so a
            # shorter variant inside it cannot rewrite part of it
            pairs.append((entry.canonical, canonical))
            index_pairs.append((entry.canonical, canonical))
            for variant in entry.variants:
                variant_keys = tuple(t.key for t in tokenize_flat(variant))
                if variant_keys and variant_keys != canonical_keys:
                    pairs.append((variant, canonical))
                    if not _inside(variant_keys, canonical_keys):
                        index_pairs.append((variant, canonical))
                    else:
                        self._expansions.add(variant_keys)
        self._matcher: PhraseMatcher[tuple[Token, ...]] = PhraseMatcher(pairs)
        # The catalog keeps "kết hôn" as written: expanding a part of the canonical phrase
        # ("kết hôn" → "đăng ký kết hôn") helps a short question, but would turn every
        # keyword "kết hôn" into the main procedure's name.
        self._index_matcher: PhraseMatcher[tuple[Token, ...]] = PhraseMatcher(index_pairs)
        self._under = tuple(tokenize_flat(UNDER_14))
        self._over = tuple(tokenize_flat(FROM_14))
        self.size = len(pairs)

    def _age_at(self, tokens: Sequence[Token], i: int) -> tuple[int, tuple[Token, ...]] | None:
        """An age mention starting at `i`: (tokens consumed, replacement)."""
        key = tokens[i].key
        if i > 0 and tokens[i - 1].key in _AGE_BRACKETS:
            return None  # "dưới 14 tuổi", "từ đủ 14 tuổi": the text already says which side
        glued = _AGE_GLUED.match(key)
        if glued:
            age = int(glued.group(1))
            return (1, self._under if age < 14 else self._over) if age < ADULT else None
        number = key.isascii() and key.isdigit()  # not "³" or "٣": int() must accept it
        if number and i + 1 < len(tokens) and tokens[i + 1].key in _AGE_UNITS:
            years = int(key) / (12 if tokens[i + 1].key == "thang" else 1)
            if tokens[i + 1].key == "thang" and not (
                i + 2 < len(tokens) and tokens[i + 2].key == "tuoi"
            ):
                return None
            used = 3 if tokens[i + 1].key == "thang" else 2
            if tokens[i + 1].key == "year" and i + 2 < len(tokens) and tokens[i + 2].key == "old":
                used = 3
            if years >= ADULT:
                return None  # an adult's age says nothing about which procedure
            return used, self._under if years < 14 else self._over
        return None

    def first_words(self, *, index_side: bool = False) -> frozenset[str]:
        """Folded syllables a variant can start with (digits start age mentions)."""
        return (self._index_matcher if index_side else self._matcher).first_words

    def canonical_phrases(self) -> list[tuple[Token, ...]]:
        """Every phrase a rewrite can produce."""
        return [*self._matcher.payloads(), self._under, self._over]

    def replacement_at(
        self,
        tokens: Sequence[Token],
        i: int,
        keys: Sequence[str],
        before: Sequence[Token],
        *,
        index_side: bool = False,
        after_word: bool = False,
    ) -> tuple[int, tuple[Token, ...], int, int] | None:
        """A rewrite starting at `i`: (end of the match, canonical phrase, slice start, slice
        stop) — the slice drops what `before` (already written) or the following words
        already say. None when no variant or age mention starts at `i`.

        `after_word`: the variant follows a content word of the question. Then a variant
        that is only part of its canonical phrase is not expanded: in "gia hạn tạm trú" the
        citizen named the action, and "tạm trú" → "đăng ký tạm trú" would add the main
        procedure's words to it."""
        key = keys[i]
        if key[0].isdigit():
            age = self._age_at(tokens, i)
            if age is not None:
                return i + age[0], age[1], 0, len(age[1])
        matcher = self._index_matcher if index_side else self._matcher
        if not matcher.starts(key):
            return None
        match = matcher.match_at(tokens, i, keys)
        if match is None:
            return None
        if after_word and not index_side and tuple(keys[i : match.end]) in self._expansions:
            return None
        first, last = _overlap(before, match.payload, tokens[match.end : match.end + 8])
        return match.end, match.payload, first, last

    def rewrite(self, tokens: Sequence[Token]) -> list[Token]:
        """Tokens with variants replaced by canonical phrases."""
        out: list[Token] = []
        keys = [t.key for t in tokens]
        i = 0
        while i < len(tokens):
            replaced = self.replacement_at(tokens, i, keys, out)
            if replaced is None:
                out.append(tokens[i])
                i += 1
            else:
                i, canonical, first, last = replaced
                out.extend(canonical[first:last])
        return out

    def rewrite_text(self, text: str) -> str:
        """Rewritten folded text (for tests and debugging)."""
        return " ".join(t.key for t in self.rewrite(tokenize_flat(text)))


def _overlap(
    before: Sequence[Token], canonical: tuple[Token, ...], after: Sequence[Token]
) -> tuple[int, int]:
    """The slice of `canonical` not already written around the match.

    "đăng ký kết hôn" with the variant "kết hôn" → "đăng ký kết hôn" (not "đăng ký đăng ký
    kết hôn"); "giấy phép lái xe quốc tế" stays whole after "bằng lái".
    """
    keys = [t.key for t in canonical]
    start = 0
    for k in range(min(len(keys) - 1, len(before)), 0, -1):
        if [t.key for t in before[-k:]] == keys[:k]:
            start = k
            break
    end = len(keys)
    for k in range(min(len(keys) - start - 1, len(after)), 0, -1):
        if [t.key for t in after[:k]] == keys[-k:]:
            end = len(keys) - k
            break
    return start, end


def _inside(part: tuple[str, ...], whole: tuple[str, ...]) -> bool:
    """Whether `part` is a contiguous run of `whole`."""
    n = len(part)
    return any(whole[k : k + n] == part for k in range(len(whole) - n + 1))
