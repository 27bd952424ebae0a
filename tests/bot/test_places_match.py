"""Free text → a Hà Tĩnh unit: new and former names, no diacritics, type words, one typo,
ambiguous and unknown names, divided communes; and "xã X cũ giờ là xã nào?" questions."""

from __future__ import annotations

import functools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.places.data import load_communes, parse_communes
from bot.places.match import Outcome, PlaceMatcher
from bot.places.question import place_question

DONG_TIEN, KY_ANH, THANH_SEN, TRAN_PHU = "18619", "18775", "18073", "18100"
HA_HUY_TAP, THACH_HA, CAN_LOC, CAM_XUYEN = "18652", "18562", "18406", "18673"
VUNG_ANG, SONG_TRI, HOANH_SON = "18823", "18754", "18832"


@functools.cache
def matcher() -> PlaceMatcher:
    return PlaceMatcher(load_communes())


FOUND = [
    # (text, new unit code, former unit named or None)
    ("Thạch Trị", DONG_TIEN, "Thạch Trị"),
    ("thach tri", DONG_TIEN, "Thạch Trị"),
    ("xa thach tri", DONG_TIEN, "Thạch Trị"),
    ("xã Thạch Trị cũ", DONG_TIEN, "Thạch Trị"),
    ("Thạch Trị cũ", DONG_TIEN, "Thạch Trị"),
    ("THẠCH TRỊ", DONG_TIEN, "Thạch Trị"),
    ("ở xã Thạch Trị", DONG_TIEN, "Thạch Trị"),
    ("Thach Tri commune", DONG_TIEN, "Thạch Trị"),
    ("Thạch Trị, huyện Thạch Hà", DONG_TIEN, "Thạch Trị"),  # pre-2025 district: ignored
    ("thachtri", DONG_TIEN, "Thạch Trị"),  # missing space
    ("thach trj", DONG_TIEN, "Thạch Trị"),  # one typo
    ("thahc tri", DONG_TIEN, "Thạch Trị"),  # two letters swapped
    ("xa thach trii", DONG_TIEN, "Thạch Trị"),  # one letter too many
    ("tt Kỳ Đồng", KY_ANH, "Kỳ Đồng"),
    ("thi tran ky dong", KY_ANH, "Kỳ Đồng"),
    ("thị trấn Kỳ Đồng", KY_ANH, "Kỳ Đồng"),
    ("xã Kỳ Đồng", KY_ANH, "Kỳ Đồng"),  # wrong type word: still found
    ("phuong Thanh Sen", THANH_SEN, None),
    ("p. Thành Sen", THANH_SEN, None),
    ("Thành Sen", THANH_SEN, None),
    ("Đồng Tiến", DONG_TIEN, None),
    ("xã Đồng Tiến mới", DONG_TIEN, None),
    ("ki anh", KY_ANH, None),  # kì / kỳ
    ("Kì Xuân", "18766", None),
    ("Sơn Kim 1", "18196", None),
    ("son kim 2", "18199", None),
    ("Yên Hoà", "18682", None),  # tone mark placed the old way
    ("Nghèn", CAN_LOC, "Nghèn"),
    ("Trần Phú cũ", THANH_SEN, "Trần Phú"),
    ("tran phu moi", TRAN_PHU, None),
    ("Thạch Hạ", TRAN_PHU, "Thạch Hạ"),  # the marks tell it from Thạch Hà
    ("phuong thach ha", TRAN_PHU, "Thạch Hạ"),  # the type word does
    ("thị trấn Thạch Hà", THACH_HA, "Thạch Hà"),
    ("cam quanh", CAM_XUYEN, None),  # one typo from Cẩm Quang and Cẩm Quan, both → Cẩm Xuyên
]


@pytest.mark.parametrize(("text", "code", "old"), FOUND)
def test_found(text: str, code: str, old: str | None) -> None:
    lookup = matcher().lookup(text)
    assert lookup.outcome is Outcome.FOUND, lookup
    assert lookup.unit is not None and lookup.unit.code == code
    assert (lookup.old.name if lookup.old else None) == old


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Kỳ Lợi", {VUNG_ANG, SONG_TRI, HOANH_SON}),
        ("xa ky loi cu", {VUNG_ANG, SONG_TRI, HOANH_SON}),
        ("Đại Nài", {THANH_SEN, HA_HUY_TAP}),
    ],
)
def test_divided_former_unit_keeps_every_new_unit(text: str, codes: set[str]) -> None:
    lookup = matcher().lookup(text)
    assert lookup.outcome is Outcome.DIVIDED and lookup.unit is None
    assert lookup.old is not None
    assert {u.code for u in lookup.places[0].successors} == codes


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("phường Trần Phú", {TRAN_PHU, THANH_SEN}),  # the new ward, or the former one
        ("Hà Huy Tập", {HA_HUY_TAP, THANH_SEN}),
        ("thach ha", {THACH_HA, TRAN_PHU}),  # Thạch Hà or Thạch Hạ without marks
        ("ky thrinh", {SONG_TRI, VUNG_ANG}),  # one typo from Kỳ Trinh and from Kỳ Thịnh
    ],
)
def test_ambiguous_names_list_the_candidates(text: str, codes: set[str]) -> None:
    lookup = matcher().lookup(text)
    assert lookup.outcome is Outcome.AMBIGUOUS and lookup.unit is None
    assert {p.successors[0].code for p in lookup.places} == codes


@pytest.mark.parametrize("text", ["Hà Nội", "Hà Tĩnh", "xã", "", "asdf qwer", "Thạch Trịiii"])
def test_unknown_names(text: str) -> None:
    lookup = matcher().lookup(text)
    assert lookup.outcome is Outcome.NOT_FOUND and lookup.unit is None and not lookup.places


def test_unknown_name_close_to_a_real_one_suggests_it() -> None:
    assert "xã Thạch Trị" in matcher().lookup("Thạch Trịiii").suggestions
    # the former thị xã Hồng Lĩnh is not a commune; the two wards named after it are
    hong_linh = matcher().lookup("Hồng Lĩnh").suggestions
    assert hong_linh[:2] == ("phường Bắc Hồng Lĩnh", "phường Nam Hồng Lĩnh")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thạch Trịiii", True),
        ("xã Abc", True),
        ("son kim", True),
        ("khai sinh", False),  # a question, though "Hải Ninh" is close
        ("làm căn cước", False),
        ("Hà Nội", False),
    ],
)
def test_an_unknown_text_that_still_reads_as_a_name(text: str, expected: bool) -> None:
    assert matcher().looks_like_name(text) is expected


SAME_NAME = (
    "code\ttype\tname\tchange\tformed_from\tnote\n"
    "10001\txã\tAlpha\tmerged\txã Bình An (huyện Một); xã Gamma (huyện Một)\t\n"
    "10002\txã\tBeta\tmerged\txã Bình An (thị xã Hai); xã Delta (thị xã Hai)\t\n"
)


def test_same_former_name_in_two_districts_asks_which_district() -> None:
    same = PlaceMatcher(parse_communes(SAME_NAME))
    lookup = same.lookup("binh an")
    assert lookup.outcome is Outcome.AMBIGUOUS
    assert {p.old.district for p in lookup.places if p.old} == {"huyện Một", "thị xã Hai"}
    for text, code in [
        ("Bình An, thị xã Hai", "10002"),
        ("xa binh an (huyen mot)", "10001"),
        ("binh an thi xa hai", "10002"),
        ("Bình An, Một", "10001"),
    ]:
        found = same.lookup(text)
        assert found.unit is not None and found.unit.code == code, text


@pytest.mark.parametrize(
    ("question", "code", "old"),
    [
        ("xã Thạch Trị cũ giờ là xã nào?", DONG_TIEN, "Thạch Trị"),
        ("thi tran ky dong bay gio la phuong nao", KY_ANH, "Kỳ Đồng"),
        ("Thạch Trị sáp nhập vào xã nào", DONG_TIEN, "Thạch Trị"),
        ("cho em hỏi xã Thạch Trị cũ huyện Thạch Hà nay thuộc xã nào ạ", DONG_TIEN, "Thạch Trị"),
        ("xa thach trji cu gio la xa nao", DONG_TIEN, "Thạch Trị"),
        ("phường Trần Phú giờ là phường nào", THANH_SEN, "Trần Phú"),
        ("phường Trần Phú gồm những phường nào", TRAN_PHU, None),
        ("xã mới của Thạch Trị là gì", DONG_TIEN, "Thạch Trị"),
        ("what is the former Thach Tri commune now", DONG_TIEN, "Thạch Trị"),
    ],
)
def test_place_questions(question: str, code: str, old: str | None) -> None:
    lookup = place_question(question, matcher())
    assert lookup is not None and lookup.unit is not None, lookup
    assert lookup.unit.code == code
    assert (lookup.old.name if lookup.old else None) == old


def test_place_question_about_a_divided_or_unknown_commune() -> None:
    divided = place_question("xã Kỳ Lợi cũ giờ là phường nào", matcher())
    assert divided is not None and divided.outcome is Outcome.DIVIDED
    unknown = place_question("xã Abcdxyz cũ giờ là xã nào", matcher())
    assert unknown is not None and unknown.outcome is Outcome.NOT_FOUND


@pytest.mark.parametrize(
    "text",
    [
        "làm căn cước thuộc xã nào",
        "đăng ký khai sinh ở xã nào",
        "làm lại căn cước bị mất",
        "Thạch Trị",  # a name alone is not a question
        "how do I register a birth now",
    ],
)
def test_other_messages_are_not_place_questions(text: str) -> None:
    assert place_question(text, matcher()) is None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_any_text_is_handled_without_error(text: str) -> None:
    assert matcher().lookup(text).outcome in Outcome
    place_question(text, matcher())
    place_question(text + " cũ giờ là xã nào", matcher())
