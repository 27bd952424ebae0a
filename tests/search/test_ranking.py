"""Ranking on the bundled catalog: siblings, styles, English, letters, typos."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.search.engine import SearchEngine
from bot.search.index import SearchIndex
from bot.search.ranking import analyze_query, rank
from procedures_catalog.schema import Procedure


def top(engine: SearchEngine, text: str) -> str:
    return engine.candidates(text, 1)[0].code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("làm lại căn cước bị mất", "1.014064"),
        ("cccd het han doi the moi", "1.014063"),
        ("làm căn cước cho bé 5 tuổi", "1.014062"),
        ("con 15 tuổi làm căn cước lần đầu", "1.014061"),
        ("mất bằng lái xe", "3.000348"),
        ("đổi bằng lái xe hết hạn", "3.000347"),
        ("đăng ký kết hôn", "1.000894"),
        ("đăng ký kết hôn với người Nhật", "2.000806"),
        ("đăng ký lại kết hôn", "1.004746"),
    ],
)
def test_siblings_are_told_apart_by_their_distinguishing_words(
    search_engine: SearchEngine, text: str, code: str
) -> None:
    assert top(search_engine, text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("đăng ký tạm trú cho sinh viên thuê trọ", "1.004194"),  # accented
        ("dang ky tam tru cho sinh vien thue tro", "1.004194"),  # no diacritics
        ("lam kt3", "1.004194"),  # abbreviation
        ("ddaang kys tamj truws", "1.004194"),  # Telex leftovers
        ("đăng ký tạm chú", "1.004194"),  # typo
        ("temporary residence registration", "1.004194"),  # English
        ("sổ đỏ bị mất", "1.012786"),  # colloquial
    ],
)
def test_every_writing_style_finds_the_procedure(
    search_engine: SearchEngine, text: str, code: str
) -> None:
    assert top(search_engine, text) == code


def test_a_long_letter_is_answered_by_the_sentence_that_asks(search_engine: SearchEngine) -> None:
    letter = (
        "Kính gửi luật sư, tôi năm nay 45 tuổi, quê ở Hương Sơn, Hà Tĩnh. Năm 2010 tôi đã "
        "đăng ký kết hôn ở xã và có hai con. Năm ngoái gia đình tôi bị cháy nhà, toàn bộ giấy "
        "tờ trong tủ đều bị cháy, trong đó có cả sổ đỏ mảnh đất ông bà để lại đã sang tên cho "
        "bố tôi. Hàng xóm nói phải ra văn phòng đăng ký đất đai. Bây giờ bố tôi muốn làm lại sổ "
        "đỏ thì cần những giấy tờ gì, nộp ở đâu và mất bao lâu ạ? Tôi xin chân thành cảm ơn."
    )
    assert top(search_engine, letter) == "1.012786"


def test_scores_are_in_unit_range_and_sorted(search_engine: SearchEngine) -> None:
    candidates = search_engine.candidates("đăng ký khai sinh cho con", 10)
    scores = [c.score for c in candidates]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)


def test_exact_accents_earn_a_bonus(make_procedure: Callable[..., Procedure]) -> None:
    index = SearchIndex.build(
        [make_procedure("LOCAL-MAT", "Mất giấy tờ"), make_procedure("LOCAL-MAT2", "Mặt giấy tờ")]
    )
    lost = rank(index, analyze_query(index, "mất giấy tờ"), 2)
    face = rank(index, analyze_query(index, "mặt giấy tờ"), 2)
    plain = rank(index, analyze_query(index, "mat giay to"), 2)
    assert lost[0].code == "LOCAL-MAT" and lost[0].score > lost[1].score
    assert face[0].code == "LOCAL-MAT2"
    assert plain[0].score == pytest.approx(plain[1].score)


def test_empty_catalog_and_empty_query(make_procedure: Callable[..., Procedure]) -> None:
    empty = SearchIndex.build([])
    assert rank(empty, analyze_query(empty, "đăng ký kết hôn")) == []
    index = SearchIndex.build([make_procedure("LOCAL-A", "Đăng ký kết hôn")])
    assert rank(index, analyze_query(index, "   ")) == []
    assert rank(index, analyze_query(index, "ạ ơi nhé")) == []


def test_a_procedure_whose_title_is_all_filler_is_still_indexed(
    make_procedure: Callable[..., Procedure],
) -> None:
    index = SearchIndex.build([make_procedure("LOCAL-X", "Thủ tục", aliases=["giấy phép bay"])])
    assert rank(index, analyze_query(index, "giấy phép bay"))[0].code == "LOCAL-X"


def test_postings_are_sorted_for_binary_search(search_engine: SearchEngine) -> None:
    post = search_engine.index.doc_postings
    for f in range(min(len(post.ptr) - 1, 500)):
        ids = post.ids[post.ptr[f] : post.ptr[f + 1]]
        assert list(ids) == sorted(set(ids.tolist()))
