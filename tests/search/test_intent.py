"""Intent detection: status (codes and phrases), greeting, thanks, help, unknown."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.search.engine import SearchEngine
from bot.search.intent import Intent


@pytest.mark.parametrize(
    "text",
    [
        "000.00.27.H27-250801-0001",
        "tra cứu hồ sơ 000.00.27.H27-250801-0001",
        "hồ sơ H27.22-250801-0001 đến đâu rồi",
        "000.17.22.H56-210531-0001",
        "ma ho so G09.20-20260609-0092637",
        "03706/2026/07906",
        "hồ sơ của tôi đã xong chưa",
        "hồ sơ của tôi đã có kết quả chưa",
        "tra cứu hồ sơ",
        "khi nào nhận được tiền",
        "đã có kết quả chưa",
        "hồ sơ cấp lại căn cước của tôi đã duyệt chưa",
        "check my application status",
    ],
)
def test_status(search_engine: SearchEngine, text: str) -> None:
    outcome = search_engine.search(text)
    assert outcome.intent is Intent.STATUS
    assert outcome.decision.value == "none"
    assert outcome.results == ()


def test_status_outcome_carries_the_normalised_code(search_engine: SearchEngine) -> None:
    outcome = search_engine.search("tra cứu hồ sơ 000.00.27.h27 - 250801 - 0001 giúp em")
    assert outcome.dossier_codes == ("000.00.27.H27-250801-0001",)


@pytest.mark.parametrize("text", ["xin chào", "chào bot", "hello", "Chào buổi sáng ạ", "/start"])
def test_greeting(search_engine: SearchEngine, text: str) -> None:
    assert search_engine.search(text).intent is Intent.GREETING


@pytest.mark.parametrize("text", ["cảm ơn bot nhiều", "thank you", "ok cảm ơn"])
def test_thanks_is_greeting_in_the_contract(search_engine: SearchEngine, text: str) -> None:
    outcome = search_engine.search(text)
    assert outcome.intent is Intent.THANKS
    assert outcome.to_json()["intent"] == "greeting"


@pytest.mark.parametrize(
    "text", ["/help", "giúp tôi với", "bot làm được gì", "hướng dẫn sử dụng", "what can you do"]
)
def test_help(search_engine: SearchEngine, text: str) -> None:
    assert search_engine.search(text).intent is Intent.HELP


@pytest.mark.parametrize(
    "text", ["thời tiết hôm nay", "giá vàng hôm nay", "asdfgh", "😀😀😀", "", "   ", "???"]
)
def test_unknown(search_engine: SearchEngine, text: str) -> None:
    outcome = search_engine.search(text)
    assert outcome.intent is Intent.UNKNOWN
    assert outcome.decision.value == "none"


def test_small_talk_around_a_procedure_question_is_a_procedure_question(
    search_engine: SearchEngine,
) -> None:
    outcome = search_engine.search("xin chào, tôi muốn làm hộ chiếu lần đầu")
    assert outcome.intent is Intent.PROCEDURE
    assert outcome.results[0].code == "1.001456"
    assert search_engine.search("giúp tôi làm lại căn cước bị mất").intent is Intent.PROCEDURE


def test_how_long_for_a_procedure_is_not_a_status_question(search_engine: SearchEngine) -> None:
    assert search_engine.search("làm hộ chiếu bao giờ có kết quả").intent is Intent.PROCEDURE


@pytest.mark.parametrize(
    "text",
    ["³ tuổi", "² 5 tuổi", "٣ tuổi", "bé ３ tuổi", "\x00\x01 ạ", "a" * 5000, "𝟓t", "½ tháng tuổi"],
)
def test_odd_input_never_breaks_the_search(search_engine: SearchEngine, text: str) -> None:
    outcome = search_engine.search(text)
    assert outcome.to_json()["intent"] in {"procedure", "status", "greeting", "help", "unknown"}


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=300))
def test_any_text_gets_an_outcome(search_engine: SearchEngine, text: str) -> None:
    outcome = search_engine.search(text)
    assert [r.score for r in outcome.results] == sorted(
        (r.score for r in outcome.results), reverse=True
    )


@pytest.mark.parametrize(
    "text",
    [
        "2", "2.", "#2", "123", "1 2 3", "0912 345 678", "2025",
        "ok", "alo", "a lô", "hả", "hả?", "?", "...", "haha", "hihi", "sao", "tiếp", "test",
        "xin chào", "xin chào 2", "hello", "chào bot",
    ],
)  # fmt: skip
def test_numbers_noise_and_greetings_bring_no_procedures(
    search_engine: SearchEngine, text: str
) -> None:
    outcome = search_engine.search(text)
    assert outcome.results == ()
    assert outcome.decision.value == "none"
    assert outcome.to_json()["intent"] in {"greeting", "unknown"}


@pytest.mark.parametrize("text", ["sao y bản chính", "bản sao giấy khai sinh", "mức 2"])
def test_noise_words_inside_a_question_still_search(search_engine: SearchEngine, text: str) -> None:
    assert search_engine.search(text).results
