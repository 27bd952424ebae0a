"""Words that must not drive the ranking, English detection, and a phrase matcher.

Citizens wrap the few words that name a procedure in a lot of politeness and question
phrasing ("cho em hỏi thủ tục … như thế nào ạ"). Those filler phrases are removed before
scoring, on the query and on the catalog phrases alike, so they neither add nor dilute a
match. Words that tell sibling procedures apart ("lại", "đổi", "mất", "lần đầu", "dưới 14
tuổi", "nước ngoài", "chưa") are deliberately *not* fillers. "mất" is removed only inside
"mất bao lâu" / "mất phí" (takes time / costs), where it does not mean "lost".

:class:`PhraseMatcher` finds phrases in a token list (longest match first) comparing folded
syllables, and also the accents when both sides typed them, so "mặt" never matches "mất".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from bot.search.normalize import Token, looks_english, make_token, tokenize_flat

T = TypeVar("T")
_VOWEL = re.compile("[aeiou]")

# fmt: off
# Removed whenever they appear (accents compared only when the user typed accents). Single
# syllables here fold to nothing that matters in the catalog; see STRICT_FILLERS otherwise.
FILLER_PHRASES: tuple[str, ...] = (
    # greetings, addressing, politeness
    "xin chào", "chào bạn", "chào bot", "alo", "hello", "hi", "kính gửi", "kính thưa",
    "luật sư ơi", "luật sư", "anh chị ơi", "anh chị", "ad ơi", "admin", "ad", "bot ơi", "bot",
    "cảm ơn", "cám ơn", "xin cảm ơn", "trân trọng", "chân thành", "vui lòng", "làm ơn", "mong",
    "ơi", "ạ", "ah", "uh", "hic", "huhu", "em", "tôi", "tui", "chúng tôi", "chúng em",
    "nhiều", "rất nhiều", "lắm lắm",
    # question scaffolding
    "cho em hỏi", "cho tôi hỏi", "cho mình hỏi", "cho cháu hỏi", "cho hỏi", "xin hỏi",
    "muốn hỏi", "thắc mắc", "tư vấn", "giải đáp", "hướng dẫn", "chỉ dẫn", "chỉ giúp",
    "giúp", "giùm", "dùm", "thủ tục", "thủ tục hành chính", "tthc", "như thế nào", "thế nào",
    "ra sao", "làm sao", "làm thế nào", "bằng cách nào", "cách", "những gì", "cần những gì",
    "giấy tờ gì", "cần giấy tờ gì", "cần chuẩn bị", "chuẩn bị", "gồm", "gồm những gì",
    "những", "các", "gì", "nào", "không", "ko", "k", "hok", "hem", "có được không",
    "được không", "được", "có thể", "ở đâu", "chỗ nào", "nơi nào", "ở", "bao lâu",
    "mất bao lâu", "bao nhiêu", "bao nhiêu tiền", "mất bao nhiêu", "hết bao nhiêu",
    "tốn bao nhiêu", "mất phí", "mất tiền", "có mất phí", "lệ phí", "phí", "chi phí",
    "mấy ngày", "bao giờ", "khi nào", "lúc nào",
    # verbs and connectives that do not name a procedure
    "muốn", "phải", "nên", "xin", "rồi", "sẽ", "bị", "chiếc", "kia", "ấy", "của", "và", "cho",
    "hoặc", "hay", "nếu", "với", "lúc", "khi", "hiện tại", "bây giờ", "rất", "gấp", "việc",
    "vấn đề", "trường hợp", "chuyện", "thông tin", "hồ sơ", "giấy tờ", "quy định",
    "theo quy định", "pháp luật", "năm ngoái", "hôm trước", "hôm qua", "mới đây", "vừa rồi",
    "gần đây", "tháng trước", "năm nay", "nộp", "làm thủ tục", "tiến hành", "thực hiện",
    "điều kiện",
    # offices say where to go, not which procedure ("văn phòng đăng ký đất đai" is no title)
    "văn phòng đăng ký đất đai", "ủy ban nhân dân", "ủy ban xã", "ủy ban phường", "ubnd",
    "trung tâm phục vụ hành chính công", "trung tâm hành chính công", "bộ phận một cửa",
    # canonical forms the synonym data gives to question words ("ở đâu" → "cơ quan thực hiện")
    "cơ quan thực hiện", "thời hạn giải quyết", "thành phần hồ sơ", "số điện thoại", "biết",
)
# Single syllables whose unaccented spelling means something that matters ("dang" is also
# "đăng", "do" is "đỏ", "can" is "căn"): removed only when typed with exactly these accents.
# ("sao", "nha", "anh", "nay" are absent: "bản sao", "nhà", "ảnh" are spelt alike unaccented.)
STRICT_FILLERS: tuple[str, ...] = (
    "chào", "thưa", "à", "nhé", "nhá", "hả", "hở", "nhỉ", "vâng", "dạ", "ừ", "vậy", "thế",
    "mình", "chị", "ông", "chú", "bác", "cháu", "bạn", "cô", "bà", "hỏi", "tại", "đâu", "cần",
    "tính", "đi", "đến", "thì", "là", "mà", "đã", "đang", "cái", "này", "đó", "để", "về", "vì",
    "hiện", "giờ", "lắm", "quá", "năm", "tháng", "ngày", "chỉ", "có",
)
_ENGLISH_STOPWORDS_TEXT = (
    "how do does did i im my me mine we our you your the a an to in on at of for what "
    "which who is are am was be can could should would will need needs want wanna where "
    "when why please hello hi hey thanks thank it its this that these those with from and "
    "or vietnam vietnamese about procedure procedures process documents document required "
    "require much many long take takes cost costs fee fees there any some get apply "
    "applying help tell know way if as so just also have has got by up out us let like "
    "steps step office one ones"
)
# fmt: on
ENGLISH_STOPWORDS: frozenset[str] = frozenset(
    make_token(word).key for word in _ENGLISH_STOPWORDS_TEXT.split(" ")
)


@dataclass(frozen=True, slots=True)
class PhraseMatch(Generic[T]):
    """A phrase found at tokens[start:end]."""

    start: int
    end: int
    payload: T


@dataclass(frozen=True, slots=True)
class _Entry(Generic[T]):
    keys: tuple[str, ...]
    accents: tuple[str | None, ...]  # None: the phrase word was written without accents
    strict: bool
    payload: T


def accent_sig(token: Token) -> str:
    """Accented spelling with ``y``/``i`` merged, comparable once the folded keys agree."""
    return token.sig


class PhraseMatcher(Generic[T]):
    """Greedy, longest-first, non-overlapping phrase finder over token sequences.

    Phrases are grouped by length and keyed by their folded syllables, so each position
    costs one set lookup when no phrase starts there, else one dict lookup per length.
    """

    def __init__(self, phrases: Iterable[tuple[str, T]], *, strict: bool = False) -> None:
        """`strict`: a word of a phrase written with accents only matches the same accents
        (otherwise an unaccented word in the text matches any accents)."""
        self._build((text, payload, strict) for text, payload in phrases)

    @classmethod
    def mixed(cls, phrases: Iterable[tuple[str, T, bool]]) -> PhraseMatcher[T]:
        """A matcher where each phrase says whether it is strict."""
        matcher = cls.__new__(cls)
        matcher._build(phrases)
        return matcher

    def _build(self, items: Iterable[tuple[str, T, bool]]) -> None:
        by_len: dict[int, dict[tuple[str, ...], list[_Entry[T]]]] = {}
        for text, payload, is_strict in items:
            tokens = tokenize_flat(text)
            if not tokens:
                continue
            entry = _Entry(
                keys=tuple(t.key for t in tokens),
                accents=tuple(t.sig if t.accented else None for t in tokens),
                strict=is_strict,
                payload=payload,
            )
            by_len.setdefault(len(entry.keys), {}).setdefault(entry.keys, []).append(entry)
        self._by_len = sorted(by_len.items(), key=lambda item: -item[0])
        self._first = frozenset(k[0] for table in by_len.values() for k in table)
        self._longest = max(by_len, default=0)

    def __bool__(self) -> bool:
        return bool(self._first)

    def payloads(self) -> list[T]:
        """Every payload, once per phrase."""
        return [e.payload for _, table in self._by_len for ents in table.values() for e in ents]

    def starts(self, key: str) -> bool:
        """Whether any phrase starts with this folded syllable."""
        return key in self._first

    @property
    def first_words(self) -> frozenset[str]:
        return self._first

    @staticmethod
    def _accents_match(tokens: Sequence[Token], i: int, entry: _Entry[T]) -> bool:
        for k, accent in enumerate(entry.accents):
            if accent is None:
                continue
            token = tokens[i + k]
            if token.accented:
                if token.sig != accent:
                    return False
            elif entry.strict:
                return False
        return True

    def match_at(
        self, tokens: Sequence[Token], i: int, keys: Sequence[str] | None = None
    ) -> PhraseMatch[T] | None:
        """The longest phrase starting at position `i`, if any (`keys`: token keys)."""
        if keys is None:
            keys = [t.key for t in tokens[i : i + self._longest]]
            i_keys = 0
        else:
            i_keys = i
        if keys[i_keys] not in self._first:
            return None
        available = len(keys) - i_keys
        for length, table in self._by_len:
            if length > available:
                continue
            entries = table.get(tuple(keys[i_keys : i_keys + length]))
            if entries is None:
                continue
            for entry in entries:
                if self._accents_match(tokens, i, entry):
                    return PhraseMatch(i, i + length, entry.payload)
        return None

    def find(self, tokens: Sequence[Token]) -> list[PhraseMatch[T]]:
        """Non-overlapping matches, scanning left to right and preferring longer phrases."""
        found: list[PhraseMatch[T]] = []
        keys = [t.key for t in tokens]
        first = self._first
        i = 0
        while i < len(tokens):
            match = self.match_at(tokens, i, keys) if keys[i] in first else None
            if match is None:
                i += 1
            else:
                found.append(match)
                i = match.end
        return found


class FillerFilter:
    """Marks filler words in a token list (built once per index; immutable afterwards)."""

    def __init__(self) -> None:
        self._matcher = PhraseMatcher.mixed(
            [(p, True, False) for p in FILLER_PHRASES] + [(p, True, True) for p in STRICT_FILLERS]
        )

    @property
    def first_words(self) -> frozenset[str]:
        return self._matcher.first_words

    def match_end(self, tokens: Sequence[Token], i: int, keys: Sequence[str]) -> int | None:
        """End of the filler phrase starting at `i`, if any."""
        if not self._matcher.starts(keys[i]):
            return None
        match = self._matcher.match_at(tokens, i, keys)
        return match.end if match else None

    def mask(self, tokens: Sequence[Token], *, english: bool = False) -> list[bool]:
        """``True`` for each token that is filler."""
        out = [False] * len(tokens)
        for m in self._matcher.find(tokens):
            for k in range(m.start, m.end):
                out[k] = True
        if english:
            for k, tok in enumerate(tokens):
                if tok.key in ENGLISH_STOPWORDS:
                    out[k] = True
        return out


def is_english(tokens: Sequence[Token]) -> bool:
    """Whether a query is (mostly) English: no accents and English-shaped words dominate."""
    if any(t.accented for t in tokens):
        return False
    words = [t for t in tokens if t.folded.isalpha()]
    if not words:
        return False
    english = [t for t in words if t.key in ENGLISH_STOPWORDS or _english_shape(t.folded)]
    return len(english) >= 0.6 * len(words) and any(_english_shape(t.folded) for t in words)


def _english_shape(folded: str) -> bool:
    return looks_english(folded) and not _is_abbreviation(folded)


def _is_abbreviation(folded: str) -> bool:
    """Vietnamese abbreviations (cccd, gplx, bhxh, lltp) have no vowel or only 'y'."""
    return _VOWEL.search(folded) is None
