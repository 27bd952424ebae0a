"""Tunable constants of the ranking, in one immutable object.

The defaults were chosen by ``benchmarks/calibrate_search.py`` (grid search on the training
split of ``tests/data/search_dev.tsv``; the validation split and the holdout file are only
reported, never optimised). An index carries its parameters, so build-time weights (field
weights, n-gram weights) and query-time weights always belong together.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def _field_weights() -> dict[str, float]:
    return {
        "title": 1.0,
        "alias": 1.0,
        "keyword": 0.85,
        "title_en": 0.95,
        "result": 0.6,
        "field": 0.5,
        "life_event": 0.5,
    }


@dataclass(frozen=True)
class RankingParams:
    # --- index build
    unigram_weight: float = 0.6  # weight of a syllable
    bigram_weight: float = 0.6  # weight of two adjacent syllables (a Vietnamese word)
    field_weights: dict[str, float] = field(default_factory=_field_weights)
    summary_weight: float = 0.45  # summaries count only in the bag of words
    names_min_weight: float = 0.5  # fields at least this heavy are "names" (not summaries)
    # --- query scoring
    query_side: float = 0.4  # λ: share of the query's mass in the Dice denominator
    query_cap: float = 2.0  # the query's mass counts at most this many times the phrase's …
    query_cap_floor: float = 25.0  # … but never less than this (about a 10-word question)
    coverage_cap: float = 50.0  # bag-of-words and names: the query mass counts at most this
    phrase_share: float = 0.6  # best phrase match
    names_share: float = 0.2  # order-free coverage of the query's words by names
    bow_share: float = 0.2  # coverage by everything, summaries included
    title_share: float = 0.05  # bonus for covering the official title
    accent_mismatch: float = 0.5  # share of a word's weight lost when its accents disagree
    unknown_word_share: float = 0.5  # weight of a word the catalog never uses (vs the rarest)
    unknown_bigram_share: float = 0.3  # same for two known words never seen side by side
    fuzzy_share: float = 0.1  # rapidfuzz similarity in the final score
    fuzzy_candidates: int = 12
    fuzzy_max_words: int = 16  # longer questions skip the string similarity
    no_cue_factor: float = 0.7  # sentences of a letter without a question cue
    sentence_windows: bool = False  # also score each sentence on its own
    correction_cutoff: float = 74.0  # rapidfuzz ratio for repairing a misspelt word
    official_discount: float = 0.15  # official entries' scores shrink by this share


DEFAULT_PARAMS = RankingParams()
