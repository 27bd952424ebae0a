"""From text to matching features, the same way for catalog phrases and for queries.

Pipeline for one piece of text (a title, an alias, one sentence of a question):

1. :func:`~bot.search.normalize.tokenize_sentence` (NFC, case, diacritics folded, dates and
   long numbers dropped, repeated letters collapsed);
2. optional per-token correction (queries only, see :mod:`bot.search.ranking`);
3. in one left-to-right pass: synonym rewrite (variants → canonical phrase, ages → "dưới 14
   tuổi" …), filler words removed (they leave a break so no bigram spans them), and
4. features: syllable unigrams, syllable bigrams (Vietnamese words are mostly two
   syllables, so a bigram is the unit of meaning) and accent features for words typed with
   diacritics: ``~<accented spelling>``, or ``~*<folded>`` for a catalog word written
   without accents, which then agrees with any accents.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.search.normalize import Token, sentence_texts, tokenize_sentence
from bot.search.params import DEFAULT_PARAMS, RankingParams
from bot.search.synonyms import SynonymTable
from bot.search.vocabulary import ENGLISH_STOPWORDS, FillerFilter, is_english

ACCENT_PREFIX = "~"
ANY_ACCENT_PREFIX = "~*"
# Any letter only Vietnamese uses (a text containing one is not English).
_VIETNAMESE_LETTER = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Features:
    """Features of one piece of text: plain (unigram/bigram) → weight; accent features."""

    plain: dict[str, float]
    accent: dict[str, str]  # accent feature → the unigram it qualifies
    content: tuple[str, ...]  # content words (folded keys), breaks as ""

    @property
    def text(self) -> str:
        """Content words joined by spaces (for fuzzy string matching)."""
        return " ".join(w for w in self.content if w)

    @property
    def size(self) -> int:
        return sum(1 for w in self.content if w)


EMPTY_FEATURES = Features(plain={}, accent={}, content=())


def merge_features(parts: Sequence[Features], factors: Sequence[float] | None = None) -> Features:
    """One feature set for several sentences (content joined with breaks).

    With `factors`, each sentence's weights are scaled and a feature keeps its best
    weighted occurrence.
    """
    if not parts:
        return EMPTY_FEATURES
    if len(parts) == 1 and (factors is None or factors[0] == 1.0):
        return parts[0]
    plain: dict[str, float] = {}
    accent: dict[str, str] = {}
    content: list[str] = []
    for n, feats in enumerate(parts):
        if factors is None:
            plain.update(feats.plain)  # equal weights per kind: nothing to compare
        else:
            for name, weight in feats.plain.items():
                plain[name] = max(plain.get(name, 0.0), weight * factors[n])
        accent.update(feats.accent)
        if content:
            content.append("")
        content.extend(feats.content)
    return Features(plain=plain, accent=accent, content=tuple(content))


class Analyzer:
    """Turns text into features; immutable once built (share it freely)."""

    def __init__(self, synonyms: SynonymTable, params: RankingParams = DEFAULT_PARAMS) -> None:
        self.synonyms = synonyms
        self.params = params
        self.fillers = FillerFilter()
        # which words of each canonical phrase are fillers, computed once
        self._canonical_mask = {
            canonical: tuple(self.fillers.mask(canonical))
            for canonical in synonyms.canonical_phrases()
        }

    def filler_mask(self, tokens: Sequence[Token], *, english: bool = False) -> list[bool]:
        return self.fillers.mask(tokens, english=english)

    def features(
        self,
        tokens: Sequence[Token],
        *,
        english: bool = False,
        index_side: bool = False,
        rewrite: bool = True,
    ) -> Features:
        """Synonyms (unless `rewrite` is false), fillers and features of one sentence, in a
        single pass."""
        uni_w, bi_w = self.params.unigram_weight, self.params.bigram_weight
        synonyms, fillers = self.synonyms, self.fillers
        keys = [t.key for t in tokens]
        plain: dict[str, float] = {}
        accent: dict[str, str] = {}
        words: list[str] = []
        emitted: list[Token] = []
        previous = ""
        syn_starts = synonyms.first_words(index_side=index_side) if rewrite else frozenset()
        filler_starts = fillers.first_words
        i, n = 0, len(tokens)
        while i < n:
            key = keys[i]
            replaced = None
            if key in syn_starts or (rewrite and key[0].isdigit()):
                replaced = synonyms.replacement_at(
                    tokens,
                    i,
                    keys,
                    emitted,
                    index_side=index_side,
                    after_word=bool(words and words[-1]),
                )
            if replaced is not None:
                i, canonical, first, last = replaced
                out: Sequence[Token] = canonical[first:last]
                mask: Sequence[bool] = self._canonical_mask.get(canonical, ())[first:last]
            else:
                end = fillers.match_end(tokens, i, keys) if key in filler_starts else None
                if end is not None:  # a filler phrase leaves a break
                    i = end
                    previous = ""
                    if words and words[-1]:
                        words.append("")
                    continue
                out, mask = (tokens[i],), ()
                i += 1
            for k, tok in enumerate(out):
                word = tok.key
                # English stopwords are skipped without a break ("lost my card" keeps "lost
                # card" together); a synonym's canonical phrase is Vietnamese ("can" = "căn")
                if english and replaced is None and word in ENGLISH_STOPWORDS:
                    continue
                if mask and mask[k]:
                    previous = ""
                    if words and words[-1]:
                        words.append("")
                    continue
                emitted.append(tok)
                words.append(word)
                plain[word] = uni_w
                if tok.accented:
                    accent[ACCENT_PREFIX + tok.sig] = word
                elif index_side:
                    accent[ANY_ACCENT_PREFIX + word] = word
                if previous and previous != word:
                    plain[previous + " " + word] = bi_w
                previous = word
        while words and not words[-1]:
            words.pop()
        return Features(plain=plain, accent=accent, content=tuple(words))

    def sentence(self, piece: str) -> Features:
        """Features of one sentence piece of a catalog text (English pieces lose English
        stopwords)."""
        tokens = tokenize_sentence(piece)
        english = not _VIETNAMESE_LETTER.search(piece) and is_english(tokens)
        # English names stay English: the synonym data maps "marriage" to "đăng ký kết hôn",
        # which would give every procedure with that keyword the main procedure's name.
        return self.features(tokens, english=english, index_side=True, rewrite=not english)

    def phrase(self, text: str) -> Features:
        """Features of a catalog phrase (title, alias, keyword, summary).

        Sentences never share a bigram, so a text's features are the union of its
        sentences' features (the index builder caches them per sentence).
        """
        parts = [self.sentence(piece) for piece in sentence_texts(text)]
        return merge_features([p for p in parts if p.content])
