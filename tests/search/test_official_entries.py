"""Official entries (built from the portal's data) in search: found by their titles, curated
entries preferred when close, never a confident answer on a shared word or two."""

from __future__ import annotations

from pathlib import Path

from bot.search.decision import Decision
from bot.search.engine import SearchEngine
from bot.search.evaluation import load_queries
from procedures_catalog.schema import EntryKind, Procedure
from tests.search.conftest import procedure

DATA = Path(__file__).resolve().parents[1] / "data"


def test_an_official_entry_is_answered_when_the_question_names_it(
    search_engine: SearchEngine, bundled_procedures: list[Procedure]
) -> None:
    for code in ("1.001669", "1.001662", "1.000426"):  # official titles named in full
        official = next(p for p in bundled_procedures if p.code == code)
        assert official.kind is EntryKind.OFFICIAL
        outcome = search_engine.search(official.title.vi.lower())
        assert outcome.decision is Decision.ANSWER, code
        assert outcome.top is not None and outcome.top.code == code


def test_a_few_shared_words_never_answer_with_an_official_entry(
    search_engine: SearchEngine, bundled_procedures: list[Procedure]
) -> None:
    official = {p.code for p in bundled_procedures if p.kind is EntryKind.OFFICIAL}
    questions = [
        "xin cấp chứng chỉ hành nghề y",
        "xin giấy phép khai thác cát",
        "xin cấp giấy phép nuôi chó",
        "đăng kiểm ô tô",
        "đăng ký phương tiện",
        "giấy phép khai thác",
        "cấp chứng chỉ",
    ]
    for row in load_queries(DATA / "search_dev.tsv") + load_queries(DATA / "search_holdout.tsv"):
        questions.append(row.query)
    for question in questions:
        outcome = search_engine.search(question)
        top = outcome.top
        if outcome.decision is Decision.ANSWER and top is not None and top.code in official:
            candidate = search_engine.candidates(question, 1)[0]
            assert candidate.title_coverage >= search_engine.thresholds.official_title_min, question
    for question in questions[:7]:
        outcome = search_engine.search(question)
        assert not (
            outcome.decision is Decision.ANSWER and outcome.top and outcome.top.code in official
        ), question


def test_a_curated_entry_wins_when_an_official_one_scores_the_same() -> None:
    curated = procedure("1.000001", "Cấp giấy phép nuôi chim cảnh")
    official = procedure("1.000002", "Cấp giấy phép nuôi chim cảnh", kind="official")
    for order in ([curated, official], [official, curated]):
        engine = SearchEngine.build(order)
        ranked = engine.candidates("cấp giấy phép nuôi chim cảnh", 2)
        assert [c.code for c in ranked] == ["1.000001", "1.000002"]
        assert ranked[1].official and not ranked[0].official


def test_official_summaries_and_results_are_not_searched() -> None:
    """Generated summaries share words with every entry; only title and field count."""
    official = procedure(
        "1.000002",
        "Cấp giấy phép nuôi chim cảnh",
        kind="official",
        summary="Thủ tục lĩnh vực chăn nuôi; nộp trực tuyến; thời hạn 3 ngày làm việc.",
        results=["Giấy phép nuôi chim cảnh"],
    )
    other = procedure("1.000003", "Đăng ký khai sinh")
    engine = SearchEngine.build([official, other])
    assert engine.candidates("nộp trực tuyến thời hạn ngày làm việc", 2) == []
