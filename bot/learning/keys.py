"""What a logged question is about, as text that can be compared: its content key.

A question's *content key* is its normalised words (``bot.search.normalize``: folded, no
diacritics, spelling variants merged, dates and long numbers dropped) without the filler
phrases the search also ignores ("cho em hỏi", "thủ tục", "ở đâu ạ"), and without the
placeholders the query log puts where an ID or phone number was, and without "làm" (to do,
to make: "làm giấy khai sinh" asks what "giấy khai sinh" does; the search keeps it because
"làm lại" matters there, but "lại" says that on its own) and a few fillers typed without
accents ("chao", "nhe", "a"). "Cho em hỏi thủ tục ly hôn thuận
tình ạ" and "ly hon thuan tinh" have the same key, ``li hon thuan tinh``. A text made only of
fillers keeps its normalised words; a text with no word at all has the empty key.

Keys are compared with :func:`comparable`: the key's distinct words, sorted, so that word
order does not matter ("nhat visa" is "visa nhat"), scored with rapidfuzz's ``ratio``. Unlike
``token_set_ratio`` it does not give 100 % to a text whose words are a subset of the other's
("đổi bằng lái xe" is not "đổi bằng lái xe quốc tế"), and it runs vectorised in
``rapidfuzz.process.cdist``.
"""

from __future__ import annotations

import re
import threading

from bot.search.normalize import tokenize_flat
from bot.search.vocabulary import FillerFilter

#: ``[số điện thoại]`` / ``[số giấy tờ]``: where `mask_personal_numbers` removed a number.
_PLACEHOLDERS = re.compile(r"\[(?:số điện thoại|số giấy tờ)\]")
#: words that say nothing about which procedure (beyond the search's filler phrases)
#: and fillers typed without their accents where the bare spelling means nothing else
GROUPING_STOPWORDS = frozenset({"lam", "chao", "thua", "nhe", "vang", "oi", "a"})
MAX_KEY_CHARS = 300
CACHE_SIZE = 200_000


def comparable(key: str) -> str:
    """The key's distinct words in sorted order (what similarity scores compare)."""
    return " ".join(sorted(set(key.split())))


def words_of(key: str) -> frozenset[str]:
    return frozenset(key.split())


class QuestionKeys:
    """Content keys of texts, remembered (the same questions are asked again and again).

    Thread-safe enough for its use: a lost cache entry is only computed again."""

    def __init__(self, cache_size: int = CACHE_SIZE) -> None:
        self._fillers = FillerFilter()
        self._cache: dict[str, str] = {}
        self._size = cache_size
        self._lock = threading.Lock()

    def key(self, text: str) -> str:
        found = self._cache.get(text)
        if found is not None:
            return found
        tokens = tokenize_flat(_PLACEHOLDERS.sub(" . ", text))
        mask = self._fillers.mask(tokens)
        words = [
            tok.key
            for tok, filler in zip(tokens, mask, strict=True)
            if not filler and tok.key not in GROUPING_STOPWORDS
        ]
        if not words:
            words = [tok.key for tok in tokens]
        key = " ".join(words)[:MAX_KEY_CHARS].strip()
        with self._lock:
            if len(self._cache) >= self._size:
                self._cache.clear()
            self._cache[text] = key
        return key
