"""Analysis of procedures into the compact input of a search index (:class:`IndexSource`).

Every procedure becomes *instances*: a distinct analysed text it uses, with a field weight
(title, alias, keyword … as phrases; summaries as bag-of-words only). Every distinct text
becomes its feature ids (syllables, bigrams, accent features). Texts with the same words
and accents are one text, analysed once (a synthetic 10,000-procedure catalog shares most
aliases). :mod:`bot.search.index` finishes the arrays; with a :class:`Base` the builder
continues an existing index's numbering so that a few changed procedures can be analysed
again on their own (see ``SearchIndex.patched``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from bot.search.analyzer import Analyzer
from bot.search.index_arrays import IndexSource, csr
from bot.search.normalize import sentence_texts, tokenize_flat
from bot.search.synonyms import SynonymEntry
from bot.search.vocabulary import FILLER_PHRASES, STRICT_FILLERS
from procedures_catalog.schema import EntryKind, Procedure


class Unpatchable(Exception):
    """A change that cannot be patched exactly: build the index again."""


@dataclass(frozen=True, slots=True)
class IndexedProcedure:
    """What a search result needs to show about a procedure."""

    code: str
    title: str
    title_en: str
    official: bool = False  # built from the portal's data, not written for citizens


@dataclass(frozen=True)
class Base:
    """The index a builder continues: its features, distinct texts and source arrays."""

    feature_ids: dict[str, int]
    texts: tuple[str, ...]
    source: IndexSource


def named_texts(proc: Procedure) -> list[tuple[str, str]]:
    """(field, text) of the phrases of a procedure, in the order they are analysed."""
    named = [("title", proc.title.vi)]
    if proc.title.en:
        named.append(("title_en", proc.title.en))
    named += [("alias", a) for a in proc.aliases]
    named += [("keyword", k) for k in proc.keywords]
    # An official entry's summary is generated from its facts and its results are the
    # portal's wording: both would only add words that every such entry shares.
    if proc.kind is not EntryKind.OFFICIAL:
        named += [("result", r.split("(")[0]) for r in proc.results]
    named.append(("field", proc.field))
    if proc.life_event:
        named.append(("life_event", proc.life_event))
    return named


def summaries(proc: Procedure) -> tuple[str, ...]:
    return () if proc.kind is EntryKind.OFFICIAL else (proc.summary.vi, proc.summary.en)


def consulted(proc: Procedure) -> set[str]:
    """Every text the index reads from `proc` (its code aside)."""
    return {text for _, text in named_texts(proc)} | set(summaries(proc))


@dataclass(frozen=True, slots=True)
class _Sentence:
    """Compact features of one analysed sentence piece (feature ids)."""

    plain: tuple[int, ...]
    accent: tuple[int, ...]
    content: tuple[str, ...]


class Builder:
    """Analyses procedures into the compact lists of an :class:`IndexSource`.

    With a `base` it continues that index's numbering: its features and distinct
    texts keep their ids, only new ones are listed here (numbered after the base's)."""

    def __init__(self, analyzer: Analyzer, base: Base | None = None) -> None:
        self.analyzer = analyzer
        self.params = analyzer.params
        self.base = base
        self.feature_ids: dict[str, int] = dict(base.feature_ids) if base else {}
        self.n_base_features = len(self.feature_ids)
        self.n_base_texts = len(base.texts) if base else 0
        self._base_texts: dict[str, list[int]] | None = None
        self.is_unigram: list[bool] = []
        self.accent_of: dict[int, int] = {}
        self.sentences: dict[str, _Sentence] = {}
        self.texts: dict[str, int] = {}
        self.by_key: dict[tuple[tuple[str, ...], tuple[int, ...]], int] = {}
        # per new distinct text: all feature ids (plain then accent), number of plain ids
        self.t_ids: list[list[int]] = []
        self.t_plain: list[int] = []
        self.t_str: list[str] = []
        self.docs: list[IndexedProcedure] = []
        self.fallback: list[bool] = []
        self.title: list[int] = []
        self.title_en: list[int] = []
        # instances per doc, in document order: phrases first, then summaries
        self.doc_ptr: list[int] = [0]
        self.inst_text: list[int] = []
        self.inst_weight: list[float] = []
        self.inst_phrase: list[bool] = []

    def _fid(self, name: str) -> int:
        got = self.feature_ids.get(name)
        if got is None:
            got = self.feature_ids[name] = len(self.feature_ids)
            self.is_unigram.append(" " not in name and name[0] != "~")
        return got

    def _sentence(self, piece: str) -> _Sentence:
        found = self.sentences.get(piece)
        if found is None:
            f = self.analyzer.sentence(piece)
            ids, fid = self.feature_ids, self._fid
            plain = tuple(ids[n] if n in ids else fid(n) for n in f.plain)
            accent = []
            for name, uni in f.accent.items():
                a = ids[name] if name in ids else fid(name)
                self.accent_of[a] = ids[uni]
                accent.append(a)
            found = _Sentence(plain=plain, accent=tuple(sorted(accent)), content=f.content)
            self.sentences[piece] = found
        return found

    def text(self, raw: str) -> int:
        """Number of the distinct analysed text for `raw` (-1: nothing to match)."""
        found = self.texts.get(raw)
        if found is not None:
            return found
        parts = [self._sentence(piece) for piece in sentence_texts(raw)]
        parts = [p for p in parts if p.content]
        number = -1
        if parts:
            if len(parts) == 1:
                plain, accents = list(parts[0].plain), list(parts[0].accent)
                content = tuple(w for w in parts[0].content if w)
            else:
                plain = list(dict.fromkeys(i for p in parts for i in p.plain))
                accents = sorted({i for p in parts for i in p.accent})
                content = tuple(w for p in parts for w in p.content if w)
            key = (content, tuple(accents))
            known = self.by_key.get(key)
            if known is None:
                known = self._in_base(content, plain, accents)
            if known is None:
                number = self.by_key[key] = self.n_base_texts + len(self.t_ids)
                self.t_ids.append(plain + accents)
                self.t_plain.append(len(plain))
                self.t_str.append(" ".join(content))
            else:
                number = self.by_key[key] = known
        self.texts[raw] = number
        return number

    def _in_base(
        self, content: tuple[str, ...], plain: list[int], accents: list[int]
    ) -> int | None:
        """The base index's text with these words and accents, if any."""
        if self.base is None:
            return None
        if self._base_texts is None:
            self._base_texts = {}
            for number, words in enumerate(self.base.texts):
                self._base_texts.setdefault(words, []).append(number)
        source = self.base.source
        for number in self._base_texts.get(" ".join(content), ()):
            start, end = int(source.text_ptr[number]), int(source.text_ptr[number + 1])
            row = source.text_features[start:end].tolist()
            n_plain = int(source.plain_len[number])
            if row[n_plain:] == accents:
                if row[:n_plain] != plain:
                    # The same words with other breaks: which text a full build keeps
                    # depends on which procedure comes first.
                    raise Unpatchable
                return number
        return None

    def add(self, proc: Procedure) -> None:
        official = proc.kind is EntryKind.OFFICIAL
        self.docs.append(IndexedProcedure(proc.code, proc.title.vi, proc.title.en, official))
        w = self.params.field_weights
        text = self.text
        best: dict[int, float] = {}
        numbers = [(w[name], text(raw)) for name, raw in named_texts(proc)]
        for weight, number in numbers:
            if number >= 0 and best.get(number, -1.0) < weight:
                best[number] = weight
        self.fallback.append(not best)
        if not best:  # a title made only of filler words: keep the procedure findable
            number = text(proc.code)
            if number >= 0:
                best[number] = w["title"]
        position = {number: j for j, number in enumerate(best)}
        self.title.append(position.get(numbers[0][1], -1))
        self.title_en.append(position.get(numbers[1][1], -1) if proc.title.en else -1)
        self.inst_text.extend(best)
        self.inst_weight.extend(best.values())
        self.inst_phrase.extend([True] * len(best))
        for raw in summaries(proc):
            number = text(raw)
            if number >= 0:
                self.inst_text.append(number)
                self.inst_weight.append(self.params.summary_weight)
                self.inst_phrase.append(False)
        self.doc_ptr.append(len(self.inst_text))

    def source(self) -> IndexSource:
        """What was added, as arrays (accent features of the base are not listed)."""
        self.sentences.clear()
        self.texts.clear()
        self.by_key.clear()
        text_ptr, text_features = csr(self.t_ids)
        accent_base = np.full(len(self.is_unigram), -1, dtype=np.int32)
        for acc, uni in self.accent_of.items():
            if acc >= self.n_base_features:
                accent_base[acc - self.n_base_features] = uni
        return IndexSource(
            is_unigram=np.asarray(self.is_unigram, dtype=np.bool_),
            accent_base=accent_base,
            text_ptr=text_ptr,
            text_features=text_features,
            plain_len=np.asarray(self.t_plain, dtype=np.int32),
            inst_ptr=np.asarray(self.doc_ptr, dtype=np.int64),
            inst_text=np.asarray(self.inst_text, dtype=np.int32),
            inst_weight=np.asarray(self.inst_weight, dtype=np.float64),
            inst_phrase=np.asarray(self.inst_phrase, dtype=np.bool_),
            title_at=np.asarray(self.title, dtype=np.int32),
            title_en_at=np.asarray(self.title_en, dtype=np.int32),
            code_fallback=np.asarray(self.fallback, dtype=np.bool_),
        )


def extra_known_words(synonyms: Iterable[SynonymEntry]) -> set[str]:
    words: set[str] = set()
    texts: list[str] = [*FILLER_PHRASES, *STRICT_FILLERS]
    for entry in synonyms:
        texts.extend(entry.variants)
        texts.append(entry.canonical)
    for text in texts:
        words.update(t.key for t in tokenize_flat(text))
    return {w for w in words if w}
