"""Normalisation: folding, accent keys, Telex/VNI leftovers, numbers, dates, repeats."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.search.normalize import (
    accent_key,
    canonical_syllable,
    collapse_repeats,
    fold,
    has_diacritics,
    is_vn_syllable,
    make_token,
    normalize_query,
    sentence_texts,
    stem_en,
    telex_repairs,
    tokenize,
)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đăng Ký Kết Hôn", "dang ky ket hon"),
        ("ĐỔI CĂN CƯỚC", "doi can cuoc"),
        ("Giấy phép lái xe", "giay phep lai xe"),
        ("thuỷ", "thuy"),
        ("e\u0301", "e"),  # decomposed input (NFD) folds like composed input
        ("Hello World", "hello world"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


@given(st.text())
def test_fold_is_idempotent_and_never_crashes(text: str) -> None:
    once = fold(text)
    assert fold(once) == once


@given(st.text())
def test_every_entry_point_accepts_any_unicode(text: str) -> None:
    tokenize(text)
    normalize_query(text)
    accent_key(text)
    sentence_texts(text)
    for word in text.split():
        make_token(word)
        telex_repairs(fold(word))


@given(st.text(alphabet=st.characters(codec="ascii", categories=["Ll"]), min_size=1))
def test_canonical_syllable_and_stem_are_idempotent(word: str) -> None:
    assert canonical_syllable(canonical_syllable(word)) == canonical_syllable(word)


def test_accent_key_ignores_where_the_tone_mark_was_typed() -> None:
    assert accent_key("hoà") == accent_key("hòa") == "hoa2"
    assert accent_key("thuỷ") == accent_key("thủy")


def test_accent_key_tells_lost_from_face() -> None:
    assert fold("mất") == fold("mặt")
    assert accent_key("mất") != accent_key("mặt")


def test_has_diacritics() -> None:
    assert has_diacritics("đi")
    assert has_diacritics("mất")
    assert not has_diacritics("mat")


def test_y_and_i_spellings_meet() -> None:
    assert make_token("ký").key == make_token("kí").key == "ki"
    assert make_token("quý").key == make_token("quí").key
    assert make_token("tay").key == "tay"  # not a consonant + y syllable


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("kest", "ket"),
        ("vieejt", "viet"),
        ("dda8ng", "dang"),
        ("dduwowcj", "duoc"),
        ("truwowngf", "truong"),
        ("hoon", "hon"),
        ("lamf", "lam"),
        ("duocc", "duoc"),
    ],
)
def test_telex_and_vni_leftovers_are_repaired(typed: str, meant: str) -> None:
    assert telex_repairs(typed)[0] == meant


@pytest.mark.parametrize("word", ["a1", "b2", "kt3", "cccd", "ct07"])
def test_codes_and_abbreviations_are_not_repaired(word: str) -> None:
    assert telex_repairs(word) == []


def test_repeated_letters_collapse_but_abbreviations_survive() -> None:
    assert collapse_repeats("đượcccc") == "được"
    assert collapse_repeats("khôôông") == "không"
    assert collapse_repeats("cccd") == "cccd"
    assert make_token("mấtttt").key == "mat"


def test_dates_and_long_numbers_are_dropped_small_numbers_kept() -> None:
    words = normalize_query("ngày 12/03/2024 gọi 0912345678, bé 5 tuổi, năm 2023")
    assert "12" not in words.split()
    assert "0912345678" not in words
    assert "2023" not in words
    assert "5" in words.split()


def test_sentences_split_on_punctuation_and_lines() -> None:
    pieces = sentence_texts("Kính gửi luật sư, tôi bị mất sổ đỏ. Làm lại thế nào?\nCảm ơn")
    assert len(pieces) == 4


def test_english_stemming_only_touches_english_shaped_words() -> None:
    assert stem_en("registering") == stem_en("registered") == stem_en("register")
    assert stem_en("certificates") == stem_en("certificate")
    assert stem_en("dang") == "dang"
    assert is_vn_syllable("nghieng") and not is_vn_syllable("passport")
