"""The immutable in-memory search index built from a list of procedures.

Three views of the catalog, stored as CSR posting arrays (numpy) so that a query is scored
for every procedure at once with ``numpy.bincount``, never with a Python loop over
procedures:

* **phrases**: each title, colloquial name (alias), keyword, English title, result name,
  field and life event of every procedure is one phrase with a field weight. A query is
  compared with each phrase (Dice-like coverage of both sides, see :mod:`.ranking`);
* **bag of words**: every feature of a procedure (summaries included) with the best field
  weight it appears in;
* **names**: which procedures name a syllable in a title, alias or keyword (order-free).

Syllable and bigram rarity (BM25 idf) is computed from the catalog itself, so "đăng ký"
weighs little and "kết hôn" or "căn cước" weigh a lot. Building analyses each distinct text
once (a synthetic 10,000-procedure catalog shares most aliases) and does the per-pair work
with numpy sorts.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from bot.search.analyzer import Analyzer
from bot.search.normalize import sentence_texts, tokenize_flat
from bot.search.params import DEFAULT_PARAMS, RankingParams
from bot.search.synonyms import SynonymEntry, SynonymTable
from bot.search.vocabulary import ENGLISH_STOPWORDS, FILLER_PHRASES, STRICT_FILLERS
from procedures_catalog.schema import EntryKind, Procedure

IntArray = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class IndexedProcedure:
    """What a search result needs to show about a procedure."""

    code: str
    title: str
    title_en: str
    official: bool = False  # built from the portal's data, not written for citizens


@dataclass(frozen=True)
class Postings:
    """CSR postings: feature id → (sorted target ids, weights)."""

    ptr: npt.NDArray[np.int64]
    ids: IntArray
    weights: FloatArray


def _idf(n_docs: int, df: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    return np.log1p((n_docs - df + 0.5) / (df + 0.5))


@dataclass(frozen=True)
class SearchIndex:
    """Everything a query needs; build with :meth:`build`, never mutate."""

    procedures: tuple[IndexedProcedure, ...]
    params: RankingParams
    analyzer: Analyzer
    feature_ids: dict[str, int]
    idf: FloatArray  # per feature id (accent features carry their unigram's idf)
    unknown_idf: float  # idf given to a query word the catalog never uses
    texts: tuple[str, ...]  # distinct phrase texts (content words), for fuzzy matching
    text_postings: Postings  # feature → distinct texts containing it
    phrase_text: IntArray  # per phrase: its distinct text
    phrase_doc: IntArray
    phrase_weight: FloatArray
    phrase_mass: FloatArray
    doc_phrase_start: npt.NDArray[np.int64]
    title_phrase: IntArray  # per doc: phrase id of the Vietnamese title (-1: none)
    title_en_phrase: IntArray  # per doc: phrase id of the English title (-1: none)
    doc_postings: Postings
    names_postings: Postings  # unigram → procedures naming it in a title/alias/keyword…
    known_words: frozenset[str]  # words not to "correct" in a query
    correction_vocab: tuple[str, ...]  # catalog words a misspelt query word may become
    code_to_doc: dict[str, int] = field(default_factory=dict)
    official: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, dtype=np.bool_))

    @property
    def size(self) -> int:
        return len(self.procedures)

    @classmethod
    def build(
        cls,
        procedures: Sequence[Procedure],
        synonyms: Iterable[SynonymEntry] = (),
        params: RankingParams = DEFAULT_PARAMS,
    ) -> SearchIndex:
        """Index `procedures` (results keep their catalog codes and order for ties)."""
        synonym_list = list(synonyms)
        builder = _Builder(Analyzer(SynonymTable(synonym_list), params))
        for proc in procedures:
            builder.add(proc)
        return builder.finish(cls, synonym_list)


@dataclass(frozen=True, slots=True)
class _Sentence:
    """Compact features of one analysed sentence piece (feature ids)."""

    plain: tuple[int, ...]
    accent: tuple[int, ...]
    content: tuple[str, ...]


class _Builder:
    """Accumulates procedures as compact arrays, then builds the postings in `finish`."""

    def __init__(self, analyzer: Analyzer) -> None:
        self.analyzer = analyzer
        self.params = analyzer.params
        self.feature_ids: dict[str, int] = {}
        self.is_unigram: list[bool] = []
        self.accent_of: dict[int, int] = {}
        self.sentences: dict[str, _Sentence] = {}
        self.texts: dict[str, int] = {}
        self.by_key: dict[tuple[tuple[str, ...], tuple[int, ...]], int] = {}
        # per distinct text: all feature ids (plain then accent), plain ids, unigram ids
        self.t_ids: list[list[int]] = []
        self.t_plain: list[list[int]] = []
        self.t_uni: list[list[int]] = []
        self.t_str: list[str] = []
        self.docs: list[IndexedProcedure] = []
        self.doc_start: list[int] = []
        self.title: list[int] = []
        self.title_en: list[int] = []
        # instances, in document order: phrases get a phrase id, summaries do not
        self.inst_text: list[int] = []
        self.inst_doc: list[int] = []
        self.inst_weight: list[float] = []
        self.inst_phrase: list[bool] = []
        self.n_phrases = 0

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
                number = self.by_key[key] = len(self.t_ids)
                uni = self.is_unigram
                self.t_ids.append(plain + accents)
                self.t_plain.append(plain)
                self.t_uni.append([i for i in plain if uni[i]])
                self.t_str.append(" ".join(content))
            else:
                number = known
        self.texts[raw] = number
        return number

    def add(self, proc: Procedure) -> None:
        d = len(self.docs)
        official = proc.kind is EntryKind.OFFICIAL
        self.docs.append(IndexedProcedure(proc.code, proc.title.vi, proc.title.en, official))
        w = self.params.field_weights
        text = self.text
        best: dict[int, float] = {}
        title = text(proc.title.vi)
        title_en = text(proc.title.en) if proc.title.en else -1
        named = [(w["title"], title), (w["title_en"], title_en)]
        named += [(w["alias"], text(a)) for a in proc.aliases]
        named += [(w["keyword"], text(k)) for k in proc.keywords]
        # An official entry's summary is generated from its facts and its results are the
        # portal's wording: both would only add words that every such entry shares.
        if not official:
            named += [(w["result"], text(r.split("(")[0])) for r in proc.results]
        named.append((w["field"], text(proc.field)))
        if proc.life_event:
            named.append((w["life_event"], text(proc.life_event)))
        for weight, number in named:
            if number >= 0 and best.get(number, -1.0) < weight:
                best[number] = weight
        if not best:  # a title made only of filler words: keep the procedure findable
            number = text(proc.code)
            if number >= 0:
                best[number] = w["title"]
        start = self.n_phrases
        self.doc_start.append(start)
        position = {number: start + j for j, number in enumerate(best)}
        self.title.append(position.get(title, -1))
        self.title_en.append(position.get(title_en, -1))
        self.inst_text.extend(best)
        self.inst_weight.extend(best.values())
        self.inst_doc.extend([d] * len(best))
        self.inst_phrase.extend([True] * len(best))
        self.n_phrases += len(best)
        for raw in () if official else (proc.summary.vi, proc.summary.en):
            number = text(raw)
            if number >= 0:
                self.inst_text.append(number)
                self.inst_weight.append(self.params.summary_weight)
                self.inst_doc.append(d)
                self.inst_phrase.append(False)

    def finish(self, cls: type[SearchIndex], synonyms: list[SynonymEntry]) -> SearchIndex:
        params = self.params
        n_features = max(len(self.feature_ids), 1)
        n_docs = max(len(self.docs), 1)
        n_texts = max(len(self.t_ids), 1)
        self.sentences.clear()
        self.texts.clear()
        self.by_key.clear()
        ids_flat, ids_ptr = _flatten(self.t_ids)
        inst_text = np.asarray(self.inst_text, dtype=np.int64)
        inst_doc = np.asarray(self.inst_doc, dtype=np.int64)
        is_phrase = np.asarray(self.inst_phrase, dtype=bool)
        # bag of words: (feature, doc) → best weight over the doc's phrases and summaries
        levels = sorted(set(self.inst_weight))
        level = np.searchsorted(levels, np.asarray(self.inst_weight)).astype(np.int64)
        keys = _expanded_keys(ids_flat, ids_ptr, inst_text, inst_doc, n_docs, level, len(levels))
        doc_postings = _postings(n_features, keys, n_docs, np.asarray(levels))
        del keys
        df = np.diff(doc_postings.ptr).astype(np.float64)
        idf = _idf(len(self.docs), df)
        if self.accent_of:
            acc = np.fromiter(self.accent_of.keys(), np.int64, len(self.accent_of))
            uni = np.fromiter(self.accent_of.values(), np.int64, len(self.accent_of))
            idf[acc] = idf[uni]
        # phrases are scored through their distinct texts: feature → text postings
        text_of = np.repeat(np.arange(len(self.t_ids), dtype=np.int64), np.diff(ids_ptr))
        text_postings = _postings(n_features, ids_flat * n_texts + text_of, n_texts, None)
        del text_of
        plain_flat, plain_ptr = _flatten(self.t_plain)
        kind_weight = np.where(
            np.asarray(self.is_unigram), params.unigram_weight, params.bigram_weight
        )
        text_mass = np.add.reduceat(kind_weight[plain_flat] * idf[plain_flat], plain_ptr[:-1])
        phrase_text = inst_text[is_phrase]
        phrase_doc = inst_doc[is_phrase]
        phrase_weight = np.asarray(self.inst_weight)[is_phrase]
        # names: unigrams of heavy phrases, per doc
        uni_flat, uni_ptr = _flatten(self.t_uni)
        named = phrase_weight >= params.names_min_weight
        keys = _expanded_keys(uni_flat, uni_ptr, phrase_text[named], phrase_doc[named], n_docs)
        names_postings = _postings(n_features, keys, n_docs, None)
        del keys
        unigrams = {n for n in self.feature_ids if " " not in n and n[0] != "~"}
        extra = _extra_known_words(synonyms)
        return cls(
            procedures=tuple(self.docs),
            params=params,
            analyzer=self.analyzer,
            feature_ids=self.feature_ids,
            idf=idf.astype(np.float32),
            unknown_idf=float(_idf(len(self.docs), np.array([0.0]))[0]),
            texts=tuple(self.t_str),
            text_postings=text_postings,
            phrase_text=phrase_text.astype(np.int32),
            phrase_doc=phrase_doc.astype(np.int32),
            phrase_weight=phrase_weight.astype(np.float32),
            phrase_mass=np.maximum(text_mass[phrase_text], 1e-6).astype(np.float32),
            doc_phrase_start=np.asarray(self.doc_start, dtype=np.int64),
            title_phrase=np.asarray(self.title, dtype=np.int32),
            title_en_phrase=np.asarray(self.title_en, dtype=np.int32),
            doc_postings=doc_postings,
            names_postings=names_postings,
            known_words=frozenset(unigrams | extra | ENGLISH_STOPWORDS),
            correction_vocab=tuple(sorted(w for w in unigrams | extra if len(w) >= 2)),
            code_to_doc={p.code: i for i, p in enumerate(self.docs)},
            official=np.asarray([p.official for p in self.docs], dtype=np.bool_),
        )


def _postings(
    n_features: int,
    keys: npt.NDArray[np.integer[Any]],
    n_targets: int,
    levels: npt.NDArray[np.float64] | None,
) -> Postings:
    """CSR postings from encoded keys ``(feature * n_targets + target) [* L + level]``.

    Sorts `keys` in place; a repeated (feature, target) keeps its highest level (weight)."""
    keys.sort()
    n_levels = 1 if levels is None else len(levels)
    last = np.ones(keys.size, dtype=bool)
    step = 1 << 20  # compare pairs chunk by chunk: no second full-size array
    for start in range(0, max(keys.size - 1, 0), step):
        pair = keys[start : start + step + 1] // n_levels
        last[start : start + pair.size - 1] = pair[1:] != pair[:-1]  # last = highest level
    chosen = keys[last]
    del last
    weights = (
        np.ones(chosen.size, dtype=np.float32)
        if levels is None
        else levels[chosen % n_levels].astype(np.float32)
    )
    chosen //= n_levels
    ptr = np.zeros(n_features + 1, dtype=np.int64)
    np.cumsum(np.bincount(chosen // n_targets, minlength=n_features), out=ptr[1:])
    return Postings(ptr=ptr, ids=(chosen % n_targets).astype(np.int32), weights=weights)


def _flatten(lists: list[list[int]]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Concatenated values and CSR pointers of a list of lists."""
    lengths = np.fromiter((len(x) for x in lists), np.int64, len(lists))
    ptr = np.zeros(len(lists) + 1, dtype=np.int64)
    np.cumsum(lengths, out=ptr[1:])
    flat = np.fromiter(itertools.chain.from_iterable(lists), np.int64, int(ptr[-1]))
    return flat, ptr


def _expanded_keys(
    flat: npt.NDArray[np.int64],
    ptr: npt.NDArray[np.int64],
    rows: npt.NDArray[np.int64],
    targets: npt.NDArray[np.int64],
    n_targets: int,
    level: npt.NDArray[np.int64] | None = None,
    n_levels: int = 1,
    chunk: int = 4096,
) -> npt.NDArray[np.integer[Any]]:
    """Encoded keys ``(feature * n_targets + target) * n_levels + level`` for every feature of
    every row (a CSR row of `flat`), built chunk by chunk to keep the peak memory low."""
    lengths = ptr[rows + 1] - ptr[rows]
    out: npt.NDArray[np.integer[Any]]
    bound = (int(flat.max()) + 1 if flat.size else 1) * n_targets * n_levels
    out = np.empty(int(lengths.sum()), dtype=np.int32 if bound < 2**31 else np.int64)
    at = 0
    for start in range(0, rows.size, chunk):
        part = slice(start, start + chunk)
        n = lengths[part]
        owner = np.repeat(np.arange(n.size), n)
        offsets = np.cumsum(n) - n
        where = np.arange(int(n.sum())) - offsets[owner] + ptr[rows[part]][owner]
        keys = flat[where] * n_targets + targets[part][owner]
        if level is not None:
            keys = keys * n_levels + level[part][owner]
        out[at : at + keys.size] = keys
        at += keys.size
    return out


def _extra_known_words(synonyms: Iterable[SynonymEntry]) -> set[str]:
    words: set[str] = set()
    texts: list[str] = [*FILLER_PHRASES, *STRICT_FILLERS]
    for entry in synonyms:
        texts.extend(entry.variants)
        texts.append(entry.canonical)
    for text in texts:
        words.update(t.key for t in tokenize_flat(text))
    return {w for w in words if w}
