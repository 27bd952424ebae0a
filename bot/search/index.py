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
once (a synthetic 10,000-procedure catalog shares most aliases); the per-pair work is done
with numpy sorts in :mod:`.index_arrays`.

:meth:`SearchIndex.patched` gives the index of the catalog with a few procedures changed (a
staff preview: one more alias or keyword) in milliseconds: only the changed procedures are
analysed again, and the arrays are finished by the same code as a full build. The result
searches exactly like :meth:`SearchIndex.build` on the changed catalog (same features,
texts, postings and weights); new features and texts are numbered after the existing ones.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from bot.search.analyzer import Analyzer
from bot.search.index_arrays import IndexSource, Postings, finish, idf_of, splice
from bot.search.index_builder import (
    Base,
    Builder,
    IndexedProcedure,
    Unpatchable,
    consulted,
    extra_known_words,
)
from bot.search.params import DEFAULT_PARAMS, RankingParams
from bot.search.synonyms import SynonymEntry, SynonymTable
from bot.search.vocabulary import ENGLISH_STOPWORDS
from procedures_catalog.schema import Procedure

IntArray = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float32]
__all__ = ["IndexedProcedure", "Postings", "SearchIndex"]


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
    #: the analysed catalog the arrays were finished from (for :meth:`patched`)
    source: IndexSource | None = field(default=None, repr=False, compare=False)
    #: words of the synonyms and fillers, known to the query corrector besides the catalog's
    extra_words: frozenset[str] = field(default=frozenset(), repr=False, compare=False)

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
        analyzer = Analyzer(SynonymTable(synonym_list), params)
        return cls._built(procedures, analyzer, frozenset(extra_known_words(synonym_list)))

    @classmethod
    def _built(
        cls, procedures: Sequence[Procedure], analyzer: Analyzer, extra: frozenset[str]
    ) -> SearchIndex:
        builder = Builder(analyzer)
        for proc in procedures:
            builder.add(proc)
        unigrams = {n for n in builder.feature_ids if " " not in n and n[0] != "~"}
        return cls._finished(
            builder.source(),
            procedures=tuple(builder.docs),
            analyzer=analyzer,
            feature_ids=builder.feature_ids,
            texts=tuple(builder.t_str),
            known_words=frozenset(unigrams | extra | ENGLISH_STOPWORDS),
            correction_vocab=tuple(sorted(w for w in unigrams | extra if len(w) >= 2)),
            code_to_doc={p.code: i for i, p in enumerate(builder.docs)},
            extra_words=extra,
        )

    def patched(self, before: Sequence[Procedure], after: Sequence[Procedure]) -> SearchIndex:
        """The index of `after`, the procedures this index was built from (`before`) with
        some of them changed; searches exactly like ``SearchIndex.build(after, …)`` with
        this index's synonyms and parameters.

        Only the changed procedures (not the same object, and not equal) are analysed
        again. A change this cannot patch exactly (procedures added, removed or
        reordered; a text a procedure no longer uses) gets a full build instead."""
        changed = _changed_docs(self, before, after)
        if changed is None:
            return self._rebuilt(after)
        if not changed:
            return self
        try:
            return self._patch(before, after, changed)
        except Unpatchable:
            return self._rebuilt(after)

    def _rebuilt(self, procedures: Sequence[Procedure]) -> SearchIndex:
        return self._built(procedures, self.analyzer, self.extra_words)

    def _patch(
        self, before: Sequence[Procedure], after: Sequence[Procedure], changed: list[int]
    ) -> SearchIndex:
        base = self.source
        if base is None:
            raise Unpatchable
        builder = Builder(self.analyzer, Base(self.feature_ids, self.texts, base))
        for d in changed:
            if base.code_fallback[d] or not consulted(before[d]) <= consulted(after[d]):
                raise Unpatchable  # a text may leave the catalog: features may vanish
            builder.add(after[d])
        added = builder.source()
        source = splice(
            base,
            added,
            changed,
            text_base=len(self.texts),
            feature_base=len(self.feature_ids),
            accent_of=builder.accent_of,
        )
        docs = list(self.procedures)
        for k, d in enumerate(changed):
            docs[d] = builder.docs[k]
        new_words = {
            n
            for n in itertools.islice(builder.feature_ids, len(self.feature_ids), None)
            if " " not in n and n[0] != "~"
        }
        return self._finished(
            source,
            procedures=tuple(docs),
            analyzer=self.analyzer,
            feature_ids=builder.feature_ids,
            texts=self.texts + tuple(builder.t_str),
            known_words=self.known_words | new_words,
            correction_vocab=tuple(
                sorted({*self.correction_vocab, *(w for w in new_words if len(w) >= 2)})
            )
            if new_words
            else self.correction_vocab,
            code_to_doc=self.code_to_doc,
            extra_words=self.extra_words,
        )

    @classmethod
    def _finished(
        cls,
        source: IndexSource,
        *,
        procedures: tuple[IndexedProcedure, ...],
        analyzer: Analyzer,
        feature_ids: dict[str, int],
        texts: tuple[str, ...],
        known_words: frozenset[str],
        correction_vocab: tuple[str, ...],
        code_to_doc: dict[str, int],
        extra_words: frozenset[str],
    ) -> SearchIndex:
        arrays = finish(source, analyzer.params)
        return cls(
            procedures=procedures,
            params=analyzer.params,
            analyzer=analyzer,
            feature_ids=feature_ids,
            idf=arrays.idf,
            unknown_idf=float(idf_of(len(procedures), np.array([0.0]))[0]),
            texts=texts,
            text_postings=arrays.text_postings,
            phrase_text=arrays.phrase_text,
            phrase_doc=arrays.phrase_doc,
            phrase_weight=arrays.phrase_weight,
            phrase_mass=arrays.phrase_mass,
            doc_phrase_start=arrays.doc_phrase_start,
            title_phrase=arrays.title_phrase,
            title_en_phrase=arrays.title_en_phrase,
            doc_postings=arrays.doc_postings,
            names_postings=arrays.names_postings,
            known_words=known_words,
            correction_vocab=correction_vocab,
            code_to_doc=code_to_doc,
            official=np.asarray([p.official for p in procedures], dtype=np.bool_),
            source=source,
            extra_words=extra_words,
        )


def _changed_docs(
    index: SearchIndex, before: Sequence[Procedure], after: Sequence[Procedure]
) -> list[int] | None:
    """Positions of the procedures `after` changes (None: not the same procedures)."""
    if len(before) != index.size or len(after) != index.size:
        return None
    changed = []
    for d, (old, new) in enumerate(zip(before, after, strict=True)):
        if old.code != index.procedures[d].code or new.code != old.code:
            return None
        if new is not old and new != old:
            changed.append(d)
    return changed
