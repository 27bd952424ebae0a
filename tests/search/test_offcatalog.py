"""The field named for an off-catalog question: only when the weak candidates agree."""

from __future__ import annotations

from bot.search.decision import Decision
from bot.search.engine import SearchEngine, SearchOutcome, SearchResult
from bot.search.intent import Intent
from bot.search.offcatalog import FIELD_MIN_SCORE, likely_field
from procedures_catalog.schema import Procedure

FIELDS = {"A1": "Hộ tịch", "A2": "Hộ tịch", "A3": "Hộ tịch", "B1": "Đất đai"}


def _outcome(
    *scored: tuple[str, float],
    decision: Decision = Decision.NONE,
    intent: Intent = Intent.PROCEDURE,
) -> SearchOutcome:
    results = tuple(SearchResult(code, code, score) for code, score in scored)
    return SearchOutcome("q", intent, decision, results)


def test_agreeing_weak_candidates_name_their_field() -> None:
    outcome = _outcome(("A1", 0.45), ("A2", 0.4), ("A3", 0.3))
    assert likely_field(outcome, FIELDS.get) == "Hộ tịch"


def test_scattered_or_too_weak_candidates_name_nothing() -> None:
    assert likely_field(_outcome(("A1", 0.45), ("B1", 0.44)), FIELDS.get) is None
    assert likely_field(_outcome(("A1", 0.45), ("A2", 0.4), ("B1", 0.3)), FIELDS.get) is None
    assert likely_field(_outcome(("A1", FIELD_MIN_SCORE - 0.01)), FIELDS.get) is None
    assert likely_field(_outcome(("ZZ", 0.45)), FIELDS.get) is None
    assert likely_field(_outcome(), FIELDS.get) is None


def test_only_for_questions_left_unanswered() -> None:
    clarify = _outcome(("A1", 0.55), ("A2", 0.5), decision=Decision.CLARIFY)
    assert likely_field(clarify, FIELDS.get) is None
    status = _outcome(("A1", 0.45), intent=Intent.STATUS)
    assert likely_field(status, FIELDS.get) is None


def test_visa_names_no_field_of_the_bundled_catalog(
    search_engine: SearchEngine, bundled_procedures: list[Procedure]
) -> None:
    fields = {p.code: p.field for p in bundled_procedures}
    outcome = search_engine.search("xin visa đi Nhật")
    assert outcome.decision is Decision.NONE
    assert likely_field(outcome, fields.get) is None  # never "Sát hạch, cấp giấy phép lái xe"
