"""The numeric half of the search index: compact build input → CSR postings and weights.

Analysing a catalog (:mod:`bot.search.index`) turns every procedure into *instances* (a
distinct analysed text used by a procedure with a field weight; phrases and summaries) and
every distinct text into its feature ids. That input is kept, as a few numpy arrays, in an
:class:`IndexSource`; :func:`finish` derives everything a query needs from it with numpy
sorts, no Python loop over procedures or features. An index for a slightly changed catalog
is then :func:`splice` (the changed procedures' instances replace theirs, new texts and
features are appended) followed by the same :func:`finish`: the analysis of the unchanged
procedures, about nine tenths of a build, is reused, and the arrays come out of the very
code a full build runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from bot.search.params import RankingParams

IntArray = npt.NDArray[np.int32]
LongArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Postings:
    """CSR postings: feature id → (sorted target ids, weights)."""

    ptr: LongArray
    ids: IntArray
    weights: FloatArray


@dataclass(frozen=True)
class IndexSource:
    """What the analysis of a catalog produced, as arrays (never mutated once built)."""

    is_unigram: npt.NDArray[np.bool_]  # per feature
    accent_base: IntArray  # per feature: the unigram an accent feature qualifies (-1: none)
    text_ptr: LongArray  # per distinct text, CSR over text_features
    text_features: IntArray  # plain feature ids (in text order), then sorted accent ids
    plain_len: IntArray  # per text: how many of its features are plain
    inst_ptr: LongArray  # per procedure, CSR over the instances (document order)
    inst_text: IntArray  # distinct text of each instance
    inst_weight: npt.NDArray[np.float64]  # field weight of each instance
    inst_phrase: npt.NDArray[np.bool_]  # a phrase (title, alias…), not a summary
    title_at: IntArray  # per procedure: title's position among its phrases (-1: none)
    title_en_at: IntArray
    code_fallback: npt.NDArray[np.bool_]  # per procedure: indexed by its code (no title)

    @property
    def n_docs(self) -> int:
        return len(self.inst_ptr) - 1


@dataclass(frozen=True)
class IndexArrays:
    """What :func:`finish` derives from an :class:`IndexSource`."""

    idf: FloatArray
    text_postings: Postings
    phrase_text: IntArray
    phrase_doc: IntArray
    phrase_weight: FloatArray
    phrase_mass: FloatArray
    doc_phrase_start: LongArray
    title_phrase: IntArray
    title_en_phrase: IntArray
    doc_postings: Postings
    names_postings: Postings


def idf_of(n_docs: int, df: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """BM25 idf of features found in `df` of `n_docs` procedures."""
    return np.log1p((n_docs - df + 0.5) / (df + 0.5))


def csr(lists: Sequence[Sequence[int]], dtype: Any = np.int32) -> tuple[LongArray, Any]:
    """CSR pointers and concatenated values of a list of lists."""
    lengths = np.fromiter((len(x) for x in lists), np.int64, len(lists))
    ptr = np.zeros(len(lists) + 1, dtype=np.int64)
    np.cumsum(lengths, out=ptr[1:])
    flat = np.fromiter((v for x in lists for v in x), dtype, int(ptr[-1]))
    return ptr, flat


def finish(source: IndexSource, params: RankingParams) -> IndexArrays:
    """Postings, idf and phrase arrays of the catalog described by `source`."""
    n_features = max(len(source.is_unigram), 1)
    n_docs = max(source.n_docs, 1)
    n_texts = max(len(source.text_ptr) - 1, 1)
    ids_ptr = source.text_ptr
    ids_flat = source.text_features.astype(np.int64)
    inst_text = source.inst_text.astype(np.int64)
    doc_lengths = np.diff(source.inst_ptr)
    inst_doc = np.repeat(np.arange(source.n_docs, dtype=np.int64), doc_lengths)
    is_phrase = source.inst_phrase
    # bag of words: (feature, doc) → best weight over the doc's phrases and summaries
    levels = np.unique(source.inst_weight)
    level = np.searchsorted(levels, source.inst_weight).astype(np.int64)
    keys = _expanded_keys(ids_flat, ids_ptr, inst_text, inst_doc, n_docs, level, len(levels))
    doc_postings = _postings(n_features, keys, n_docs, levels)
    del keys
    df = np.diff(doc_postings.ptr).astype(np.float64)
    idf = idf_of(source.n_docs, df)
    accents = np.flatnonzero(source.accent_base >= 0)
    idf[accents] = idf[source.accent_base[accents]]
    # phrases are scored through their distinct texts: feature → text postings
    row_lengths = np.diff(ids_ptr)
    text_of = np.repeat(np.arange(len(ids_ptr) - 1, dtype=np.int64), row_lengths)
    text_postings = _postings(n_features, ids_flat * n_texts + text_of, n_texts, None)
    # plain features of each text: the first plain_len of its row
    position = np.arange(ids_flat.size, dtype=np.int64) - np.repeat(ids_ptr[:-1], row_lengths)
    plain_flat = ids_flat[position < np.repeat(source.plain_len, row_lengths)]
    plain_ptr = np.zeros(len(ids_ptr), dtype=np.int64)
    np.cumsum(source.plain_len, out=plain_ptr[1:])
    kind_weight = np.where(source.is_unigram, params.unigram_weight, params.bigram_weight)
    text_mass = np.add.reduceat(kind_weight[plain_flat] * idf[plain_flat], plain_ptr[:-1])
    phrase_text = inst_text[is_phrase]
    phrase_doc = inst_doc[is_phrase]
    phrase_weight = source.inst_weight[is_phrase]
    phrase_count = np.bincount(phrase_doc, minlength=source.n_docs)
    doc_start = np.zeros(source.n_docs, dtype=np.int64)
    np.cumsum(phrase_count[:-1], out=doc_start[1:])
    # names: unigrams of heavy phrases, per doc
    is_uni_feature = source.is_unigram[plain_flat]
    uni_flat = plain_flat[is_uni_feature]
    plain_text = np.repeat(np.arange(len(ids_ptr) - 1, dtype=np.int64), source.plain_len)
    uni_ptr = np.zeros(len(ids_ptr), dtype=np.int64)
    np.cumsum(np.bincount(plain_text[is_uni_feature], minlength=len(ids_ptr) - 1), out=uni_ptr[1:])
    named = phrase_weight >= params.names_min_weight
    keys = _expanded_keys(uni_flat, uni_ptr, phrase_text[named], phrase_doc[named], n_docs)
    names_postings = _postings(n_features, keys, n_docs, None)
    del keys
    return IndexArrays(
        idf=idf.astype(np.float32),
        text_postings=text_postings,
        phrase_text=phrase_text.astype(np.int32),
        phrase_doc=phrase_doc.astype(np.int32),
        phrase_weight=phrase_weight.astype(np.float32),
        phrase_mass=np.maximum(text_mass[phrase_text], 1e-6).astype(np.float32),
        doc_phrase_start=doc_start,
        title_phrase=_global(source.title_at, doc_start),
        title_en_phrase=_global(source.title_en_at, doc_start),
        doc_postings=doc_postings,
        names_postings=names_postings,
    )


def _global(local: IntArray, doc_start: LongArray) -> IntArray:
    """Phrase ids from positions among each procedure's phrases (-1 stays -1)."""
    return np.where(local >= 0, doc_start + local, -1).astype(np.int32)


def splice(
    base: IndexSource,
    added: IndexSource,
    docs: Sequence[int],
    *,
    text_base: int,
    feature_base: int,
    accent_of: dict[int, int],
) -> IndexSource:
    """`base` with procedures `docs` replaced by the procedures of `added`, in order.

    `added` numbers its texts from `text_base` and its features from `feature_base` (those
    below are `base`'s) and lists only its new texts and features; `accent_of` gives the
    unigram of each of its accent features."""
    if list(docs) != sorted(set(docs)):
        raise ValueError("docs must be increasing")
    starts, ends = base.inst_ptr[:-1], base.inst_ptr[1:]
    pieces: list[slice] = []
    at = 0
    for d in docs:
        pieces.append(slice(at, int(starts[d])))
        at = int(ends[d])
    pieces.append(slice(at, int(base.inst_ptr[-1])))

    def merged(old: npt.NDArray[Any], new: npt.NDArray[Any]) -> npt.NDArray[Any]:
        parts = [old[pieces[0]]]
        for k in range(len(docs)):
            parts += [new[added.inst_ptr[k] : added.inst_ptr[k + 1]], old[pieces[k + 1]]]
        return np.concatenate(parts)

    lengths = np.diff(base.inst_ptr)
    lengths[list(docs)] = np.diff(added.inst_ptr)
    inst_ptr = np.zeros_like(base.inst_ptr)
    np.cumsum(lengths, out=inst_ptr[1:])

    def per_doc(old: npt.NDArray[Any], new: npt.NDArray[Any]) -> npt.NDArray[Any]:
        out = old.copy()
        out[list(docs)] = new
        return out

    accent_base = np.concatenate([base.accent_base, added.accent_base])
    if accent_of:
        accent_base[np.fromiter(accent_of, np.int64)] = np.fromiter(accent_of.values(), np.int32)
    n_text_rows = len(base.text_ptr) - 1
    if n_text_rows != text_base or len(base.is_unigram) != feature_base:
        raise ValueError("added does not continue base")
    return IndexSource(
        is_unigram=np.concatenate([base.is_unigram, added.is_unigram]),
        accent_base=accent_base,
        text_ptr=np.concatenate([base.text_ptr, base.text_ptr[-1] + added.text_ptr[1:]]),
        text_features=np.concatenate([base.text_features, added.text_features]),
        plain_len=np.concatenate([base.plain_len, added.plain_len]),
        inst_ptr=inst_ptr,
        inst_text=merged(base.inst_text, added.inst_text),
        inst_weight=merged(base.inst_weight, added.inst_weight),
        inst_phrase=merged(base.inst_phrase, added.inst_phrase),
        title_at=per_doc(base.title_at, added.title_at),
        title_en_at=per_doc(base.title_en_at, added.title_en_at),
        code_fallback=per_doc(base.code_fallback, added.code_fallback),
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


def _expanded_keys(
    flat: LongArray,
    ptr: LongArray,
    rows: LongArray,
    targets: LongArray,
    n_targets: int,
    level: LongArray | None = None,
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
