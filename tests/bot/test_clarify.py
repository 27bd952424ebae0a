"""The clarifying-question picker (bot.clarify) and its rendering (bot.render.clarify)."""

from __future__ import annotations

import functools

import pytest

from bot.clarify import Clarifier, ClarifyQuestion, pick
from bot.render.clarify import option_label, render_clarify_question
from bot.texts import Lang, Texts
from procedures_catalog.clarify import (
    ClarifyAttribute,
    ClarifyOption,
    Label,
    Question,
    load_bundled_clarify,
)
from procedures_catalog.loader import BUNDLED_DIR, read_catalog
from sandbox.telegram_html import parse_html

TEXTS = Texts()
# Made-up codes in the catalog's shape (the picker only compares them).
UNDER = "9.900101"
OVER = "9.900102"
LOST = "9.900103"
EXPIRED = "9.900104"
LOCAL = "9.900105"
ABROAD = "9.900106"
COPY = "9.900107"
REDO = "9.900108"
C1 = "9.900109"
C2 = "9.900110"
C3 = "9.900111"
C4 = "9.900112"
C5 = "9.900113"
C6 = "9.900114"
OTHER = "9.900115"
ONE = "9.900116"
TWO = "9.900117"
X1 = "9.900118"


def _attr(attr_id: str, *options: list[str], question: str = "Hỏi?") -> ClarifyAttribute:
    return ClarifyAttribute(
        id=attr_id,
        question=Question(vi=question, en=question + " (en)"),
        options=[
            ClarifyOption(label=Label(vi=f"đáp án {i}", en=f"answer {i}"), codes=codes)
            for i, codes in enumerate(options)
        ],
    )


AGE = _attr("age", [UNDER], [OVER])
RENEW = _attr("renew", [LOST], [EXPIRED])
FIRST = _attr("first", [OVER, UNDER], [LOST], [EXPIRED])
FOREIGN = _attr("foreign", [LOCAL], [ABROAD])
AGAIN = _attr("again", [LOCAL], [COPY], [REDO])
SAME_BUCKET = _attr("bucket", [C1, C2], [C3])
PAIR_B = _attr("pair-b", [C3], [C4])
WIDE = _attr("wide", [C3], [C4], [C5], [C6])
ATTRS = [AGE, RENEW, FIRST, FOREIGN, AGAIN, SAME_BUCKET, PAIR_B, WIDE]


def _chosen(offered: list[str], attrs: list[ClarifyAttribute] = ATTRS) -> str | None:
    question = pick(attrs, offered)
    return question.attribute.id if question else None


@pytest.mark.parametrize(
    ("offered", "expected"),
    [
        # a pair of siblings that differ in one thing
        ([OVER, UNDER], "age"),
        ([UNDER, OVER], "age"),
        ([EXPIRED, LOST], "renew"),
        # the attribute covering the most offered codes wins
        ([UNDER, LOST, EXPIRED, OVER], "first"),
        ([UNDER, LOST, OVER], "first"),
        # equal coverage: the one covering better-ranked codes
        ([LOCAL, COPY, OTHER, ABROAD], "again"),
        ([LOCAL, ABROAD, OTHER, COPY], "foreign"),
        # equal coverage and ranks: the one with fewer options (more specific)
        ([C3, C4], "pair-b"),
        # codes in one option only: that attribute cannot tell them apart
        ([C1, C2], None),
        ([C1, C2, C3], "bucket"),
        # the best candidate must be covered
        ([OTHER, OVER, UNDER], None),
        ([C5, C3, C4], "wide"),
        # a single offered code, nothing offered, or nothing related
        ([OVER], None),
        ([], None),
        ([ONE, TWO], None),
        # one covered code is not enough; duplicates count once
        ([OVER, OTHER], None),
        ([OVER, OVER], None),
        ([LOST, LOST, EXPIRED], "renew"),
    ],
)
def test_which_attribute_is_asked(offered: list[str], expected: str | None) -> None:
    assert _chosen(offered) == expected
    assert Clarifier(ATTRS).pick(offered) == pick(ATTRS, offered)


def test_file_order_breaks_a_full_tie() -> None:
    twin = _attr("twin", [UNDER], [OVER])
    assert _chosen([UNDER, OVER], [twin, AGE]) == "twin"
    assert _chosen([UNDER, OVER], [AGE, twin]) == "age"


def test_a_code_in_two_options_never_fits() -> None:
    # validation refuses this shape; the picker stays safe on it too
    clash = ClarifyAttribute.model_construct(
        id="clash",
        question=AGE.question,
        options=[
            ClarifyOption(label=Label(vi="a", en="a"), codes=[UNDER]),
            ClarifyOption(label=Label(vi="b", en="b"), codes=[UNDER, OVER]),
        ],
    )
    assert pick([clash], [UNDER, OVER]) is None
    assert pick([clash], [OVER, OTHER]) is None


def test_uncovered_codes_are_returned_as_others_best_first() -> None:
    question = pick(ATTRS, [LOCAL, TWO, COPY, ONE])
    assert question is not None and question.attribute.id == "again"
    assert question.others == (TWO, ONE)


def test_options_show_only_codes_the_catalog_has() -> None:
    catalog = {OVER, UNDER, LOST}
    question = pick(ATTRS, [OVER, LOST], known=catalog.__contains__)
    assert question is not None and question.attribute.id == "first"
    assert [(s.index, s.codes) for s in question.options] == [
        (0, (OVER, UNDER)),
        (1, (LOST,)),
    ]  # R.expired is gone: its answer is not offered
    shrunk = pick(ATTRS, [OVER, LOST], known={LOST}.__contains__)
    assert shrunk is not None and [s.codes for s in shrunk.options] == [(OVER,), (LOST,)]


def test_the_clarifier_finds_an_answer_s_codes() -> None:
    clarifier = Clarifier(ATTRS)
    assert clarifier.get("first") is FIRST and clarifier.get("nope") is None
    assert clarifier.option_codes("first", 0) == (OVER, UNDER)
    assert clarifier.option_codes("first", 0, known={UNDER}.__contains__) == (UNDER,)
    assert clarifier.option_codes("first", 3) is None
    assert clarifier.option_codes("gone", 0) is None


# ---------------------------------------------------------------- the bundled questions


@functools.cache
def _bundled() -> Clarifier:
    return Clarifier(load_bundled_clarify())


@functools.cache
def _catalog_codes() -> frozenset[str]:
    return frozenset(p.code for p in read_catalog(BUNDLED_DIR).procedures)


@pytest.mark.parametrize(
    ("offered", "attribute", "answers"),
    [
        (["1.014061", "1.014062"], "can-cuoc-tuoi", [("1.014062",), ("1.014061",)]),
        (["1.014064", "1.014063"], "can-cuoc-the-cu", [("1.014064",), ("1.014063",)]),
        (
            ["1.014062", "1.014064", "1.014063", "1.014061"],
            "can-cuoc-lan-dau",
            [("1.014061", "1.014062"), ("1.014064",), ("1.014063",)],
        ),
        (["2.000528", "1.001193"], "khai-sinh-nuoc-ngoai", [("1.001193",), ("2.000528",)]),
        (["1.000894", "2.000806"], "ket-hon-nuoc-ngoai", [("1.000894",), ("2.000806",)]),
        (["1.000656", "1.001766"], "khai-tu-nuoc-ngoai", [("1.000656",), ("1.001766",)]),
        (["1.001456", "1.001471"], "ho-chieu-noi-nop", [("1.001456",), ("1.001471",)]),
        (["3.000348", "3.000347"], "gplx-mat-hay-doi", [("3.000348",), ("3.000347",)]),
        (
            ["1.013066", "1.013067"],
            "dang-ky-xe-moi-cach-nop",
            [("1.013066", "1.012575"), ("1.013067",)],
        ),
        (["1.013066", "1.012575"], "dang-ky-xe-nguon-goc", [("1.013066",), ("1.012575",)]),
    ],
)
def test_bundled_questions_for_siblings(
    offered: list[str], attribute: str, answers: list[tuple[str, ...]]
) -> None:
    question = _bundled().pick(offered, known=_catalog_codes().__contains__)
    assert question is not None and question.attribute.id == attribute
    assert [s.codes for s in question.options] == answers


def test_an_answer_with_several_codes_is_asked_about_again() -> None:
    clarifier = _bundled()
    first = clarifier.option_codes("can-cuoc-lan-dau", 0)
    assert first is not None and len(first) == 2
    again = clarifier.pick(first)
    assert again is not None and again.attribute.id == "can-cuoc-tuoi"
    for attribute in clarifier.attributes:
        for index, option in enumerate(attribute.options):
            if len(option.codes) > 1:
                follow = clarifier.pick(option.codes)
                assert follow is None or follow.attribute.id != attribute.id, (attribute.id, index)


# ---------------------------------------------------------------- rendering


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_question_is_escaped_and_names_the_others(lang: Lang) -> None:
    tricky = _attr("tricky", [UNDER], [OVER], question="Tuổi <14> & hơn?")
    question = pick([tricky], [UNDER, OVER])
    assert question is not None
    text = parse_html(render_clarify_question(question, lang, TEXTS)).text
    assert ("Tuổi <14> & hơn? (en)" if lang == "en" else "Tuổi <14> & hơn?") in text
    hint = "Tap the answer" if lang == "en" else "Bấm câu trả lời"
    assert hint in text
    others = "at the end of the list" if lang == "en" else "ở cuối danh sách"
    assert others not in text
    with_others = ClarifyQuestion(question.attribute, question.options, (X1,))
    assert others in parse_html(render_clarify_question(with_others, lang, TEXTS)).text
    assert option_label(question.options[0], lang) == ("answer 0" if lang == "en" else "đáp án 0")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_bundled_question_renders(lang: Lang) -> None:
    for attribute in _bundled().attributes:
        codes = [attribute.options[0].codes[0], attribute.options[1].codes[0]]
        question = _bundled().pick(codes)
        assert question is not None, attribute.id
        html = render_clarify_question(question, lang, TEXTS)
        assert "<b>" in html
        parse_html(html)
        for shown in question.options:
            assert 0 < len(option_label(shown, lang)) <= 60
