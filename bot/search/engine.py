"""The whole search for one message: intent, ranking, decision → :class:`SearchOutcome`.

:class:`SearchEngine` is immutable (an index, the intent tables and the thresholds), so one
instance can be shared by every handler and swapped as a whole when the catalog changes
(see :mod:`bot.search.snapshot`). :meth:`SearchEngine.search` is synchronous CPU work of a
few milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from bot.search.decision import (
    DEFAULT_THRESHOLDS,
    Decision,
    Thresholds,
    clarify_options,
    decide,
)
from bot.search.index import SearchIndex
from bot.search.intent import Intent, IntentDetector, IntentSignals, resolve_intent
from bot.search.normalize import TokenizedText
from bot.search.params import DEFAULT_PARAMS, RankingParams
from bot.search.ranking import Candidate, QueryAnalysis, analyze_query, rank
from bot.search.synonyms import SynonymEntry
from procedures_catalog.schema import Procedure

MAX_QUERY_CHARS = 4000  # a Telegram message is at most 4096 characters
DEFAULT_TOP = 5


@dataclass(frozen=True, slots=True)
class SearchResult:
    """One procedure in the answer, best first."""

    code: str
    title: str  # Vietnamese title
    score: float


@dataclass(frozen=True)
class SearchOutcome:
    """What the bot should do with a message."""

    query: str
    intent: Intent
    decision: Decision
    results: tuple[SearchResult, ...]
    choices: tuple[SearchResult, ...] = ()  # what to offer as buttons when clarifying
    dossier_codes: tuple[str, ...] = ()  # well-formed dossier codes found in the message
    #: a status question without a code that names a procedure clearly ("hồ sơ cấp lại căn
    #: cước của tôi đã duyệt chưa"): that procedure, for its normal time in the reply; not
    #: part of the JSON contract (status outcomes list no results there)
    procedure: SearchResult | None = None
    catalog_version: int | None = None
    signals: IntentSignals | None = field(default=None, compare=False, repr=False)

    @property
    def top(self) -> SearchResult | None:
        return self.results[0] if self.results else None

    def to_json(self) -> dict[str, Any]:
        """The `run_bot.py search --json` object (DESIGN.md, stable interface 1)."""
        return {
            "query": self.query,
            "intent": self.intent.contract,
            "decision": self.decision.value,
            "results": [{"code": r.code, "title": r.title, "score": r.score} for r in self.results],
        }


def _results(candidates: Iterable[Candidate]) -> tuple[SearchResult, ...]:
    return tuple(SearchResult(c.code, c.title, c.score) for c in candidates)


class SearchEngine:
    """Index + intent detector + thresholds. Immutable after construction."""

    def __init__(
        self,
        index: SearchIndex,
        *,
        thresholds: Thresholds = DEFAULT_THRESHOLDS,
        catalog_version: int | None = None,
        intents: IntentDetector | None = None,
    ) -> None:
        self.index = index
        self.thresholds = thresholds
        self.catalog_version = catalog_version
        self._intents = intents if intents is not None else IntentDetector()

    @classmethod
    def build(
        cls,
        procedures: Sequence[Procedure],
        synonyms: Iterable[SynonymEntry] = (),
        *,
        catalog_version: int | None = None,
        thresholds: Thresholds = DEFAULT_THRESHOLDS,
        params: RankingParams = DEFAULT_PARAMS,
    ) -> SearchEngine:
        index = SearchIndex.build(procedures, synonyms, params)
        return cls(index, thresholds=thresholds, catalog_version=catalog_version)

    def with_index(self, index: SearchIndex, *, catalog_version: int | None) -> SearchEngine:
        """The same engine over another index (the compiled intent tables are shared)."""
        return SearchEngine(
            index,
            thresholds=self.thresholds,
            catalog_version=catalog_version,
            intents=self._intents,
        )

    def analyze(self, text: str) -> QueryAnalysis:
        return analyze_query(self.index, text[:MAX_QUERY_CHARS])

    def candidates(self, text: str, limit: int = 10) -> list[Candidate]:
        """Ranked procedures only (no intent, no decision); for evaluation and debugging."""
        return rank(self.index, self.analyze(text), limit)

    def search(self, text: str, top: int = DEFAULT_TOP) -> SearchOutcome:
        """Intent, decision and the best `top` procedures for one message.

        The message is tokenised once; the intent detector and the ranker share the tokens.
        """
        query = TokenizedText.of(text[:MAX_QUERY_CHARS])
        signals = self._intents.signals(query)
        codes = tuple(c.code for c in signals.codes)
        if signals.status_strong:
            outcome = self._outcome(text, Intent.STATUS, Decision.NONE, (), signals, codes)
            if codes or signals.near_codes:
                return outcome
            return replace(outcome, procedure=self._named_procedure(query))
        if signals.no_content:
            # "2", "ok", "hả", "...": titles that contain "2" or "sao" are no evidence
            intent = resolve_intent(signals, procedure_found=False, answer=False)
            return self._outcome(text, intent, Decision.NONE, (), signals, codes)
        candidates = rank(self.index, analyze_query(self.index, query), max(top, 5))
        decision = decide(candidates, self.thresholds)
        best = candidates[0] if candidates else None
        plausible = best is not None and (
            best.query_coverage >= self.thresholds.plausible_min
            and best.score >= self.thresholds.clarify_min / 2
            # a word shared with a long official title does not make a procedure question
            and (not best.official or best.title_coverage >= self.thresholds.official_title_min / 2)
        )
        intent = resolve_intent(
            signals,
            procedure_found=decision is not Decision.NONE,
            answer=decision is Decision.ANSWER,
            plausible=plausible,
        )
        if intent is not Intent.PROCEDURE:
            return self._outcome(text, intent, Decision.NONE, (), signals, codes)
        choices: tuple[SearchResult, ...] = ()
        if decision is Decision.CLARIFY:
            choices = _results(clarify_options(candidates, self.thresholds))
        return self._outcome(
            text, intent, decision, _results(candidates[:top]), signals, codes, choices
        )

    def _named_procedure(self, query: TokenizedText) -> SearchResult | None:
        """The procedure a status question names, when the ranking would answer with it."""
        candidates = rank(self.index, analyze_query(self.index, query), 5)
        if decide(candidates, self.thresholds) is not Decision.ANSWER:
            return None
        best = candidates[0]
        return SearchResult(best.code, best.title, best.score)

    def _outcome(
        self,
        text: str,
        intent: Intent,
        decision: Decision,
        results: tuple[SearchResult, ...],
        signals: IntentSignals,
        codes: tuple[str, ...],
        choices: tuple[SearchResult, ...] = (),
    ) -> SearchOutcome:
        return SearchOutcome(
            query=text,
            intent=intent,
            decision=decision,
            results=results,
            choices=choices,
            dossier_codes=codes,
            catalog_version=self.catalog_version,
            signals=signals,
        )
