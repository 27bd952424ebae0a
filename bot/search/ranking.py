"""Rank catalog procedures for a free-text question.

1. **Query analysis**: tokens per sentence; words that cannot be Vietnamese syllables and
   that the catalog does not know are repaired (leftover Telex/VNI marks first, then the
   closest catalog word with ``rapidfuzz.process.extractOne``); synonyms and fillers are
   handled as for the catalog.
2. **Windows**: a short question is one window. A long one (a letter to a lawyer) is also
   cut into its sentences (long sentences into overlapping chunks), so the sentence that
   asks the question is scored on its own instead of being drowned by the story. Sentences
   without a question cue ("muốn", "cần", "làm sao", "thủ tục"…) count a little less.
3. **Feature score** per window, for every procedure at once (numpy ``bincount`` over the
   CSR postings of :class:`~bot.search.index.SearchIndex`, no loop over procedures):

   * *phrase*: matched / (λ·query mass + (1-λ)·phrase mass) × field weight for the best
     phrase of each procedure (``maximum.reduceat``). Missing a rare word of a phrase
     ("đổi", "lại", "nước ngoài") costs more than an extra word in the question, which is
     what separates sibling procedures;
   * *names*: order-free share of the question's words found in the procedure's names;
   * *bag of words*: share of the question's features found anywhere (summaries too);
   * *title*: share of the official title the question covers (small tie-breaker);
   * a word typed with accents that matches a catalog word with *other* accents ("mặt" vs
     "mất") loses part of its weight; an exact accented match keeps it all.
4. **Fuzzy rescoring** of the best candidates: ``rapidfuzz.process.cdist`` between the
   windows and the candidates' phrases (catches typos that land on another valid syllable).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from bot.search.analyzer import ANY_ACCENT_PREFIX, Features, merge_features
from bot.search.index import Postings, SearchIndex
from bot.search.normalize import (
    Token,
    TokenizedText,
    canonical_syllable,
    is_vn_syllable,
    make_token,
    telex_repairs,
)
from bot.search.vocabulary import PhraseMatcher, is_english

FloatArray = npt.NDArray[np.float32]


# fmt: off
_CUES: PhraseMatcher[bool] = PhraseMatcher(
    (cue, True)
    for cue in (
        "muốn", "cần", "hỏi", "làm sao", "thế nào", "thủ tục", "xin", "làm gì", "được không",
        "ở đâu", "bao lâu", "bao nhiêu", "có phải", "phải làm", "nhờ", "giúp", "là gì",
        "ra sao", "tiếp theo", "how", "what", "need", "want", "where", "can i", "could",
        "please",
    )
)
# fmt: on


@dataclass(frozen=True, slots=True)
class Window:
    features: Features
    factor: float


@dataclass(frozen=True, slots=True)
class QueryAnalysis:
    """What the ranker made of a question."""

    text: str
    english: bool
    windows: tuple[Window, ...]
    content_words: int
    corrections: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A procedure with its score in [0, 1] and the parts it came from."""

    doc: int
    code: str
    title: str
    score: float
    feature_score: float
    fuzzy_score: float
    title_coverage: float = 0.0  # share of the official title the question covers
    query_coverage: float = 0.0  # share of the question the procedure explains
    exclusive: float = 1.0  # (best candidate only) evidence the runner-up lacks
    official: bool = False  # an entry built from the portal's data (see decision.py)


def _correct(index: SearchIndex, tok: Token) -> Token | None:
    """A better token for a misspelt word the catalog does not know, or None to keep it."""
    key = tok.key
    if key in index.known_words or is_vn_syllable(key) or not key.isalpha():
        return None
    if tok.folded.isascii():
        for repaired in telex_repairs(tok.folded):
            if canonical_syllable(repaired) in index.known_words:
                return make_token(repaired)
    if len(key) < 4 or not index.correction_vocab:
        return None
    best = process.extractOne(
        key,
        index.correction_vocab,
        scorer=fuzz.ratio,
        score_cutoff=index.params.correction_cutoff,
    )
    return make_token(best[0]) if best else None


def analyze_query(index: SearchIndex, query: str | TokenizedText) -> QueryAnalysis:
    """Corrections and scoring windows of one question (already tokenised, or tokenised now)."""
    if isinstance(query, str):
        query = TokenizedText.of(query)
    params = index.params
    analyzer = index.analyzer
    text, sentences = query.text, query.sentences
    english = is_english(query.flat)
    corrections: list[tuple[str, str]] = []
    units: list[tuple[Features, bool]] = []
    for sentence in sentences:
        fixed: list[Token] = []
        mask = analyzer.filler_mask(sentence, english=english)
        for tok, filler in zip(sentence, mask, strict=True):
            better = None if filler else _correct(index, tok)
            if better is not None:
                corrections.append((tok.text, better.key))
            fixed.append(better or tok)
        feats = analyzer.features(fixed, english=english)
        if feats.plain:
            units.append((feats, bool(_CUES.find(sentence))))
    any_cue = any(cue for _, cue in units)
    factors = [1.0 if cue or not any_cue else params.no_cue_factor for _, cue in units]
    whole = merge_features([f for f, _ in units], factors)
    windows = [Window(whole, 1.0)]
    if len(units) > 1 and params.sentence_windows:
        for (feats, _), factor in zip(units, factors, strict=True):
            windows.append(Window(feats, factor))
    return QueryAnalysis(
        text=text,
        english=english,
        windows=tuple(windows),
        content_words=whole.size,
        corrections=tuple(corrections),
    )


def _gather(
    postings: Postings, fids: list[int], weights: list[float]
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float32]]:
    """Concatenate the postings of `fids`, each scaled by its query weight."""
    if not fids:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
    starts = postings.ptr[fids]
    ends = postings.ptr[np.asarray(fids) + 1]
    ids = np.concatenate([postings.ids[s:e] for s, e in zip(starts, ends, strict=True)])
    w = np.concatenate(
        [postings.weights[s:e] * q for s, e, q in zip(starts, ends, weights, strict=True)]
    )
    return ids, w


@dataclass(frozen=True, slots=True)
class WindowScores:
    """Per-procedure arrays for one window."""

    score: FloatArray  # feature score in [0, 1]
    title_coverage: FloatArray  # share of the official title the window covers
    query_coverage: FloatArray  # share of the window's words the procedure explains


@dataclass(frozen=True, slots=True)
class _QueryWeights:
    fids: list[int]
    weights: list[float]  # accent-adjusted weights, aligned with fids
    plain: dict[int, float]  # plain feature id → weight (for contrast between candidates)
    unigrams: dict[int, float]  # unigram feature id → weight
    mass: float
    unigram_mass: float


def _query_weights(index: SearchIndex, feats: Features) -> _QueryWeights:
    params = index.params
    fids: list[int] = []
    weights: list[float] = []
    unigrams: dict[int, float] = {}
    mass_all = mass_uni = 0.0
    for name, qw in feats.plain.items():
        fid = index.feature_ids.get(name)
        is_unigram = " " not in name
        if fid is None:
            if is_unigram:
                missing = qw * index.unknown_idf * params.unknown_word_share
                mass_uni += missing
            else:
                missing = qw * index.unknown_idf * params.unknown_bigram_share
            mass_all += missing
            continue
        mass = qw * float(index.idf[fid])
        mass_all += mass
        fids.append(fid)
        weights.append(mass)
        if is_unigram:
            mass_uni += mass
            unigrams[fid] = mass
    plain = dict(zip(fids, weights, strict=True))
    # Accented words: part of their weight is only earned if the accents agree too.
    for acc, uni in feats.accent.items():
        uid = index.feature_ids.get(uni)
        if uid is None or uid not in plain:
            continue
        share = params.accent_mismatch * plain[uid]
        weights[fids.index(uid)] -= share
        for variant in (acc, ANY_ACCENT_PREFIX + uni):
            vid = index.feature_ids.get(variant)
            if vid is not None:
                fids.append(vid)
                weights.append(share)
    return _QueryWeights(fids, weights, plain, unigrams, mass_all, mass_uni)


def score_window(index: SearchIndex, feats: Features) -> WindowScores:
    """Feature score of every procedure for one window (arrays indexed by doc)."""
    params = index.params
    n_docs = index.size
    q = _query_weights(index, feats)
    if not q.plain:
        zeros = np.zeros(n_docs, dtype=np.float32)
        return WindowScores(zeros, zeros, zeros)
    ids, w = _gather(index.text_postings, q.fids, q.weights)
    by_text = np.bincount(ids, weights=w, minlength=len(index.texts)).astype(np.float64)
    matched = by_text[index.phrase_text]
    # A long letter is not penalised for all it says beside the phrase (the cap), but a
    # short question is: "xã" in a six-word question is not a match for the keyword "xã".
    cap = np.maximum(params.query_cap * index.phrase_mass, params.query_cap_floor)
    query_mass = np.minimum(q.mass, cap)
    denom = params.query_side * query_mass + (1.0 - params.query_side) * index.phrase_mass
    phrase = np.minimum(matched / denom, 1.0) * index.phrase_weight
    best_phrase = np.maximum.reduceat(phrase, index.doc_phrase_start)
    # A letter is judged on what it needs to say, not on everything it says.
    bow_mass = min(q.mass, params.coverage_cap)
    ids, w = _gather(index.doc_postings, q.fids, q.weights)
    bow = np.minimum(np.bincount(ids, weights=w, minlength=n_docs) / bow_mass, 1.0)
    ids, w = _gather(index.names_postings, list(q.unigrams), list(q.unigrams.values()))
    uni_mass = min(q.unigram_mass, params.coverage_cap * q.unigram_mass / max(q.mass, 1e-9))
    names = np.bincount(ids, weights=w, minlength=n_docs) / max(uni_mass, 1e-9)
    coverage = np.maximum(
        _coverage(matched, index.phrase_mass, index.title_phrase),
        _coverage(matched, index.phrase_mass, index.title_en_phrase),
    )
    total_share = params.phrase_share + params.names_share + params.bow_share + params.title_share
    score = (
        params.phrase_share * best_phrase
        + params.names_share * np.minimum(names, 1.0)
        + params.bow_share * bow
        + params.title_share * coverage
    ) / total_share
    return WindowScores(score.astype(np.float32), coverage, bow.astype(np.float32))


def _coverage(
    matched: npt.NDArray[np.float64], mass: FloatArray, phrase: npt.NDArray[np.int32]
) -> FloatArray:
    safe = np.maximum(phrase, 0)
    cov = np.minimum(matched[safe] / mass[safe], 1.0)
    return np.where(phrase >= 0, cov, 0.0).astype(np.float32)


def contrast(index: SearchIndex, feats: Features, doc: int, other: int) -> float:
    """Share of `doc`'s matched query evidence that `other` lacks (0: nothing tells them
    apart, 1: nothing in common)."""
    q = _query_weights(index, feats)
    post = index.doc_postings
    own = exclusive = 0.0
    for fid, weight in q.plain.items():
        ids = post.ids[post.ptr[fid] : post.ptr[fid + 1]]
        if _contains(ids, doc):
            own += weight
            if not _contains(ids, other):
                exclusive += weight
    return exclusive / own if own > 0 else 0.0


def _contains(sorted_ids: npt.NDArray[np.int32], value: int) -> bool:
    pos = int(np.searchsorted(sorted_ids, value))
    return pos < len(sorted_ids) and int(sorted_ids[pos]) == value


def rank(index: SearchIndex, analysis: QueryAnalysis, limit: int = 10) -> list[Candidate]:
    """Best procedures first, at most `limit`, scores in [0, 1]."""
    params = index.params
    if index.size == 0 or not analysis.windows or analysis.content_words == 0:
        return []
    total = np.zeros(index.size, dtype=np.float32)
    coverage = np.zeros(index.size, dtype=np.float32)
    explained = np.zeros(index.size, dtype=np.float32)
    best_window = np.zeros(index.size, dtype=np.int32)
    for w, window in enumerate(analysis.windows):
        if not window.features.plain:
            continue
        scored = score_window(index, window.features)
        weighted = scored.score * window.factor
        best_window[weighted > total] = w
        np.maximum(total, weighted, out=total)
        np.maximum(coverage, scored.title_coverage, out=coverage)
        np.maximum(explained, scored.query_coverage, out=explained)
    k = min(max(limit, params.fuzzy_candidates), index.size)
    top = np.argpartition(-total, k - 1)[:k]
    top = top[total[top] > 0]
    if top.size == 0:
        return []
    if analysis.content_words <= params.fuzzy_max_words:
        fuzzy = _fuzzy(index, analysis, top)
    else:  # string similarity means nothing for a letter: keep the feature score
        fuzzy = total[top]
    final = (1.0 - params.fuzzy_share) * total[top] + params.fuzzy_share * fuzzy
    # A curated entry (written for citizens) wins when an official one scores about the same.
    final = final * np.where(index.official[top], 1.0 - params.official_discount, 1.0)
    order = np.lexsort((top, -final))
    out = []
    for n, j in enumerate(order[:limit]):
        doc = int(top[j])
        proc = index.procedures[doc]
        exclusive = 1.0
        if n == 0 and len(order) > 1:
            best_features = analysis.windows[int(best_window[doc])].features
            exclusive = contrast(index, best_features, doc, int(top[order[1]]))
        out.append(
            Candidate(
                doc=doc,
                code=proc.code,
                title=proc.title,
                score=round(float(final[j]), 4),
                feature_score=float(total[doc]),
                fuzzy_score=float(fuzzy[j]),
                title_coverage=float(coverage[doc]),
                query_coverage=float(explained[doc]),
                exclusive=exclusive,
                official=proc.official,
            )
        )
    return out


def _fuzzy(index: SearchIndex, analysis: QueryAnalysis, top: npt.NDArray[np.intp]) -> FloatArray:
    """Best rapidfuzz similarity (0..1) between any window and any phrase of each candidate."""
    windows = [w for w in analysis.windows if w.features.text]
    starts = index.doc_phrase_start
    n_phrases = len(index.phrase_text)
    texts = index.texts
    choices: list[str] = []
    owner: list[int] = []
    for j, doc in enumerate(top):
        end = int(starts[doc + 1]) if doc + 1 < len(starts) else n_phrases
        choices.extend(texts[t] for t in index.phrase_text[int(starts[doc]) : end].tolist())
        owner.extend([j] * (end - int(starts[doc])))
    if not windows or not choices:
        return np.zeros(len(top), dtype=np.float32)
    factors = np.asarray([w.factor for w in windows], dtype=np.float32)
    sims = process.cdist(
        [w.features.text for w in windows], choices, scorer=fuzz.token_sort_ratio, dtype=np.float32
    )
    best_per_phrase = (sims * factors[:, None]).max(axis=0) / 100.0
    best = np.zeros(len(top), dtype=np.float32)
    np.maximum.at(best, np.asarray(owner), best_per_phrase)
    return best
