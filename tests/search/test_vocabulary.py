"""Fillers, synonyms and the phrase matcher: what may and may not drive the ranking."""

from __future__ import annotations

from bot.search.analyzer import Analyzer
from bot.search.normalize import tokenize_flat
from bot.search.synonyms import SynonymEntry, SynonymTable
from bot.search.vocabulary import FillerFilter, PhraseMatcher, is_english


def content(text: str, table: SynonymTable | None = None) -> list[str]:
    analyzer = Analyzer(table or SynonymTable([]))
    tokens = tokenize_flat(text)
    return [w for w in analyzer.features(tokens, english=is_english(tokens)).content if w]


def test_question_and_politeness_words_are_dropped() -> None:
    words = content("Luật sư ơi cho em hỏi thủ tục làm lại cccd như thế nào ạ, cần những gì")
    assert words == ["lam", "lai", "cccd"]
    assert content("xin chào, mình muốn làm hộ chiếu ở đâu, bao lâu, bao nhiêu tiền") == [
        "lam",
        "ho",
        "chieu",
    ]


def test_words_that_separate_siblings_are_kept() -> None:
    for word in ("lại", "đổi", "mất", "lần đầu", "dưới 14 tuổi", "nước ngoài", "chưa"):
        folded = " ".join(t.key for t in tokenize_flat(word))
        assert folded in " ".join(content(f"thủ tục {word} ạ")), word


def test_mat_means_lost_except_in_how_long() -> None:
    assert "mat" in content("bị mất căn cước")
    assert "mat" not in content("làm căn cước mất bao lâu")


def test_unaccented_fillers_do_not_eat_meaningful_words() -> None:
    # "đang" is a filler, but unaccented "dang" may be "đăng" (ký); "đó" vs "đỏ", "cần" vs "căn"
    assert content("dang ky so do") == ["dang", "ki", "so", "do"]
    assert content("lam the can cuoc") == ["lam", "the", "can", "cuoc"]
    assert content("đang đăng ký") == ["dang", "ki"]


def test_phrase_matcher_compares_accents_when_typed() -> None:
    matcher: PhraseMatcher[str] = PhraseMatcher([("mất", "lost")])
    assert matcher.find(tokenize_flat("bị mất"))
    assert matcher.find(tokenize_flat("bi mat"))  # no accents typed: could be either
    assert not matcher.find(tokenize_flat("bị mặt"))


def test_filler_mask_marks_english_stopwords_only_in_english() -> None:
    fillers = FillerFilter()
    tokens = tokenize_flat("how do I get my ID card")
    assert is_english(tokens)
    kept = [t.key for t, f in zip(tokens, fillers.mask(tokens, english=True), strict=True) if not f]
    assert kept == ["id", "card"]
    assert not is_english(tokenize_flat("lam lai cccd"))
    assert not is_english(tokenize_flat("đăng ký kết hôn"))


def test_synonyms_rewrite_to_the_canonical_phrase() -> None:
    table = SynonymTable([SynonymEntry("thẻ căn cước", ("cccd", "căn cước công dân"))])
    assert table.rewrite_text("làm lại cccd") == "lam lai the can cuoc"
    assert table.rewrite_text("căn cước công dân hết hạn") == "the can cuoc het han"


def test_synonym_rewrite_does_not_repeat_what_is_already_written() -> None:
    table = SynonymTable([SynonymEntry("đăng ký kết hôn", ("kết hôn", "cưới"))])
    assert table.rewrite_text("đăng ký kết hôn") == "dang ki ket hon"
    assert table.rewrite_text("kết hôn") == "dang ki ket hon"


def test_ages_become_the_bracket_of_the_id_card_procedures() -> None:
    table = SynonymTable([])
    assert table.rewrite_text("làm căn cước cho bé 5 tuổi") == ("lam can cuoc cho be duoi 14 tuoi")
    assert table.rewrite_text("con 15t") == "con tu du 14 tuoi tro len"
    assert table.rewrite_text("my son is 10 years old").endswith("duoi 14 tuoi")
    # the catalog's own wording is left alone
    assert table.rewrite_text("cho người dưới 14 tuổi") == "cho nguoi duoi 14 tuoi"


def test_a_named_country_is_a_foreign_element() -> None:
    table = SynonymTable([])
    assert "nuoc ngoai" in table.rewrite_text("lấy chồng người Hàn Quốc")
    assert "nuoc ngoai" not in table.rewrite_text("lý lịch tư pháp")
