"""Decision: answer when one procedure clearly fits, clarify when several do, else none."""

from __future__ import annotations

import pytest

from bot.search.decision import Decision, Thresholds, clarify_options, decide
from bot.search.engine import SearchEngine
from bot.search.ranking import Candidate

T = Thresholds(
    answer_min=0.6, margin_min=0.1, clarify_min=0.3, title_min=0.5, exclusive_min=0.2,
    coverage_min=0.0,
)  # fmt: skip


def cand(score: float, title: float = 1.0, exclusive: float = 1.0, code: str = "X") -> Candidate:
    return Candidate(
        doc=0,
        code=code,
        title=code,
        score=score,
        feature_score=score,
        fuzzy_score=score,
        title_coverage=title,
        query_coverage=1.0,
        exclusive=exclusive,
    )


def test_rules() -> None:
    assert decide([], T) is Decision.NONE
    assert decide([cand(0.2)], T) is Decision.NONE
    assert decide([cand(0.9), cand(0.5)], T) is Decision.ANSWER
    assert decide([cand(0.9), cand(0.85)], T) is Decision.CLARIFY  # too close
    assert decide([cand(0.5), cand(0.1)], T) is Decision.CLARIFY  # not confident
    # nothing specific: neither the title nor words the runner-up lacks
    assert decide([cand(0.9, title=0.2, exclusive=0.0), cand(0.5)], T) is Decision.CLARIFY
    assert decide([cand(0.9, title=0.2, exclusive=0.5), cand(0.5)], T) is Decision.ANSWER


def test_clarify_options_are_the_close_ones() -> None:
    cands = [cand(0.8, code="A"), cand(0.75, code="B"), cand(0.7, code="C"), cand(0.3, code="D")]
    assert [c.code for c in clarify_options(cands, T)] == ["A", "B", "C"]
    assert [c.code for c in clarify_options([cand(0.9, code="A"), cand(0.1, code="B")], T)] == [
        "A",
        "B",
    ]


@pytest.mark.parametrize("text", ["làm căn cước", "thủ tục cccd", "bằng lái xe", "sổ đỏ"])
def test_a_vague_question_is_asked_back(search_engine: SearchEngine, text: str) -> None:
    outcome = search_engine.search(text)
    assert outcome.decision is Decision.CLARIFY
    assert len(outcome.choices) >= 2


def test_the_id_card_family_is_offered_when_asking_back(search_engine: SearchEngine) -> None:
    choices = {c.code for c in search_engine.search("làm căn cước", 5).results}
    assert {"1.014061", "1.014063", "1.014064"} <= choices


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("làm lại cccd bị mất", "1.014064"),
        ("đăng ký kết hôn cần giấy tờ gì", "1.000894"),
        ("xin lý lịch tư pháp", "3.000333"),
    ],
)
def test_a_clear_question_is_answered(search_engine: SearchEngine, text: str, code: str) -> None:
    outcome = search_engine.search(text)
    assert outcome.decision is Decision.ANSWER
    assert outcome.top is not None and outcome.top.code == code


def official(score: float, title: float, coverage: float) -> Candidate:
    return Candidate(
        doc=0,
        code="O",
        title="O",
        score=score,
        feature_score=score,
        fuzzy_score=score,
        title_coverage=title,
        query_coverage=coverage,
        official=True,
    )


def test_an_official_entry_sharing_a_few_words_is_not_answered() -> None:
    # the same scores answer for a curated entry (see test_rules) …
    assert decide([official(0.9, title=1.0, coverage=1.0), cand(0.5)], T) is Decision.ANSWER
    # … but an official title that only shares words with the question is asked back
    assert decide([official(0.9, title=0.3, coverage=1.0), cand(0.5)], T) is Decision.CLARIFY
    assert decide([official(0.9, title=1.0, coverage=0.3), cand(0.5)], T) is Decision.CLARIFY


def test_a_close_runner_up_that_explains_the_question_as_fully_is_asked_about() -> None:
    def c(score: float, title: float, fuzzy: float, coverage: float = 1.0) -> Candidate:
        return Candidate(
            doc=0,
            code="X",
            title="X",
            score=score,
            feature_score=score,
            fuzzy_score=fuzzy,
            title_coverage=title,
            query_coverage=coverage,
        )

    t = Thresholds(
        answer_min=0.6, margin_min=0.08, clarify_min=0.3, title_min=0.2, exclusive_min=0.2,
        coverage_min=0.0, tie_title_min=0.5,
    )  # fmt: skip
    # "thành lập công ty": both kinds of company explain every word, neither is named as typed
    assert decide([c(0.82, 0.49, 0.8), c(0.72, 0.34, 0.8)], t) is Decision.CLARIFY
    # one of them is named exactly as typed ("làm hộ chiếu" is an alias): answer it
    assert decide([c(0.97, 0.38, 1.0), c(0.80, 0.25, 0.8)], t) is Decision.ANSWER
    # the question covers most of the top's title: answer it
    assert decide([c(0.82, 0.9, 0.8), c(0.72, 0.34, 0.8)], t) is Decision.ANSWER
    # far enough ahead, or the runner-up leaves words unexplained: answer
    assert decide([c(0.95, 0.49, 0.8), c(0.72, 0.34, 0.8)], t) is Decision.ANSWER
    assert decide([c(0.82, 0.49, 0.8), c(0.72, 0.34, 0.8, coverage=0.7)], t) is Decision.ANSWER
