"""What the citizen reads about places: answers to "xã X cũ giờ là xã nào?" and the card's
"📍 Nơi nộp" section, in both languages, as valid Telegram HTML."""

from __future__ import annotations

import functools

import pytest

from bot.places.data import NewUnit, load_communes
from bot.places.match import PlaceMatcher
from bot.render.place import answer_place_question, where_lines
from bot.render.procedure import Section, render_section
from bot.texts import Lang, Texts
from procedures_catalog.loader import load_bundled
from procedures_catalog.schema import Procedure
from sandbox.telegram_html import parse_html

TEXTS = Texts()


@functools.cache
def matcher() -> PlaceMatcher:
    return PlaceMatcher(load_communes())


def unit(code: str) -> NewUnit:
    found = matcher().directory.get(code)
    assert found is not None
    return found


@functools.cache
def procedures() -> dict[str, Procedure]:
    return {p.code: p for p in load_bundled()}


def plain(lang: Lang, question: str) -> str:
    html = answer_place_question(question, matcher(), lang, TEXTS)
    assert html is not None
    return parse_html(html).text  # raises like Telegram on broken HTML


def test_old_commune_answer_in_vietnamese() -> None:
    text = plain("vi", "xã Thạch Trị cũ giờ là xã nào?")
    assert "xã Thạch Trị cũ (thành phố Hà Tĩnh) từ 1/7/2025 thuộc xã Đồng Tiến (mã 18619)" in text
    assert "xã Thạch Hội, xã Thạch Văn" in text
    assert "Trung tâm Phục vụ hành chính công xã Đồng Tiến" in text
    assert "1665/NQ-UBTVQH15" in text


def test_old_commune_answer_in_english() -> None:
    text = plain("en", "thi tran ky dong bay gio la phuong nao")
    assert "The former Kỳ Đồng township (huyện Kỳ Anh) has been part of Kỳ Anh commune" in text
    assert "Trung tâm Phục vụ hành chính công xã Kỳ Anh" in text


def test_former_ward_with_a_new_namesake_mentions_both() -> None:
    text = plain("vi", "phường Trần Phú cũ giờ là phường nào")
    assert "thuộc phường Thành Sen" in text
    assert "cũng có phường Trần Phú mới (mã 18100)" in text


def test_divided_and_unchanged_communes() -> None:
    divided = plain("vi", "xa ky loi cu gio la phuong nao")
    for name in ("phường Sông Trí", "phường Hoành Sơn", "phường Vũng Áng"):
        assert name in divided
    assert "không cho biết thôn, tổ dân phố" in divided
    unchanged = plain("en", "xã Sơn Kim 1 cũ giờ là xã nào")
    assert "Sơn Kim 1 commune (code 18196) was not rearranged" in unchanged


def test_unknown_commune_says_how_to_write_it() -> None:
    text = plain("vi", "xã Abcdxyz cũ giờ là xã nào")
    assert "Không tìm thấy" in text and "/noio Thạch Trị" in text


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_where_section_of_a_commune_police_procedure(lang: Lang) -> None:
    card = procedures()["1.014064"]  # lost ID card: Cấp xã, Công an cấp xã
    known = parse_html(render_section(card, Section.WHERE, lang, TEXTS, home=unit("18619"))).text
    assert "Trung tâm Phục vụ hành chính công xã Đồng Tiến" in known
    assert "Công an xã Đồng Tiến" in known
    assert "/noio" in known  # how to change it
    unknown = parse_html(render_section(card, Section.WHERE, lang, TEXTS)).text
    assert "Đồng Tiến" not in unknown
    assert unknown.rstrip().endswith("/noio Thạch Trị.")


def test_where_lines_by_level() -> None:
    commune = next(
        p for p in procedures().values() if p.level == ["Cấp xã"] and "Công an" not in p.agency
    )
    province = next(p for p in procedures().values() if p.level == ["Cấp tỉnh"])
    home = unit("18073")
    lines = where_lines(commune, home, "vi", TEXTS)
    assert "Trung tâm Phục vụ hành chính công phường Thành Sen" in lines[0]
    assert not any("Công an" in line for line in lines)
    assert where_lines(province, home, "vi", TEXTS) == [
        "🏛 Thủ tục cấp tỉnh: <b>Trung tâm Phục vụ hành chính công tỉnh Hà Tĩnh</b>"
    ]
    assert where_lines(province, None, "en", TEXTS)[0].startswith("🏛 Provincial-level")
    assert "/noio" in where_lines(commune, None, "en", TEXTS)[-1]


def test_every_unit_renders_as_valid_html_in_both_languages() -> None:
    card = procedures()["1.014064"]
    for home in matcher().directory.units:
        for lang in ("vi", "en"):
            parse_html(render_section(card, Section.WHERE, lang, TEXTS, home=home))
