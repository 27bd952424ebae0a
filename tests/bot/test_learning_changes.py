"""Catalog changes from a group of questions: a colloquial name on one procedure, or a staff
synonym as a keyword on the procedures whose names contain its meaning."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.learning.changes import (
    MAX_SYNONYM_TARGETS,
    CatalogChange,
    ChangeError,
    ChangeKind,
    clean_phrase,
    plan_change,
)
from procedures_catalog.schema import Procedure
from tests.search.conftest import procedure

BIRTH = procedure("LOCAL-KHAI-SINH", "Đăng ký khai sinh", aliases=["làm giấy khai sinh"])
BIRTH_ABROAD = procedure("LOCAL-KHAI-SINH-NN", "Đăng ký khai sinh có yếu tố nước ngoài")
MARRIAGE = procedure("LOCAL-KET-HON", "Đăng ký kết hôn", aliases=["làm giấy đăng ký kết hôn"])
CATALOG = [BIRTH, BIRTH_ABROAD, MARRIAGE]


def attach(phrase: str, code: str = BIRTH.code) -> CatalogChange:
    return CatalogChange(ChangeKind.ATTACH, phrase, code=code)


def synonym(phrase: str, meaning: str) -> CatalogChange:
    return CatalogChange(ChangeKind.SYNONYM, phrase, meaning=meaning)


def error_of(change: CatalogChange, catalog: list[Procedure] = CATALOG) -> ChangeError:
    with pytest.raises(ChangeError) as caught:
        plan_change(change, catalog)
    return caught.value


def test_attach_adds_a_colloquial_name_and_leaves_the_input_alone() -> None:
    plan = plan_change(attach("  giấy ra đời? "), CATALOG)
    assert plan.targets == (BIRTH.code,)
    assert plan.change.phrase == "giấy ra đời"
    new = {p.code: p for p in plan.procedures}
    assert new[BIRTH.code].aliases == ["làm giấy khai sinh", "giấy ra đời"]
    assert new[MARRIAGE.code] is MARRIAGE
    assert BIRTH.aliases == ["làm giấy khai sinh"]  # the catalog given is not changed
    assert [p.code for p in plan.procedures] == [p.code for p in CATALOG]


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (attach("giấy ra đời", code="9.999999"), "con_q_err_code"),
        (attach("   ?? "), "con_q_err_phrase"),
        (attach("Lam giay khai sinh"), "con_q_err_already"),  # accents and case aside
        (attach("đăng ký khai sinh"), "con_q_err_already"),  # its own title
        (attach("làm giấy đăng ký kết hôn"), "con_q_err_taken"),  # another entry's name
        (attach("căn cước 012345678901"), "con_q_err_numbers"),
        (attach("căn cước [số giấy tờ]"), "con_q_err_numbers"),
        (attach("x" * 121), "con_q_err_too_long"),
        (synonym("chào đời", ""), "con_q_err_meaning"),
        (synonym("khai sinh", "Khai sinh"), "con_q_err_same"),
        (synonym("chào đời", "nhận con nuôi"), "con_q_err_no_targets"),
    ],
)
def test_changes_the_catalog_refuses(change: CatalogChange, key: str) -> None:
    assert error_of(change).key == key


def test_taken_names_the_owner() -> None:
    assert error_of(attach("làm giấy đăng ký kết hôn")).params == {"code": MARRIAGE.code}


def test_a_synonym_becomes_a_keyword_of_every_procedure_its_meaning_names() -> None:
    plan = plan_change(synonym("chào đời", "khai sinh"), CATALOG)
    assert plan.targets == (BIRTH.code, BIRTH_ABROAD.code)
    new = {p.code: p for p in plan.procedures}
    assert new[BIRTH.code].keywords == ["chào đời"]
    assert new[BIRTH_ABROAD.code].keywords == ["chào đời"]
    assert new[MARRIAGE.code].keywords == []
    # made twice, nothing is left to add
    assert error_of(synonym("chào đời", "khai sinh"), plan.procedures).key == (
        "con_q_err_already_synonym"
    )


def test_a_synonym_whose_meaning_names_too_many_procedures_is_refused() -> None:
    many = [procedure(f"LOCAL-GP-{i}", f"Cấp giấy phép loại {i}") for i in range(30)]
    err = error_of(synonym("gp", "giấy phép"), many)
    assert err.key == "con_q_err_broad"
    assert err.params == {"n": 30, "limit": MAX_SYNONYM_TARGETS}


def test_clean_phrase_keeps_one_line_without_surrounding_punctuation() -> None:
    assert clean_phrase(" “giấy\n ra   đời”?! ") == "giấy ra đời"


def test_every_refusal_and_page_text_exists_in_both_languages() -> None:
    from bot.texts import console_questions

    assert console_questions.VI.keys() == console_questions.EN.keys()
    root = Path(__file__).resolve().parents[2]
    sources = [*(root / "bot" / "learning").glob("*.py"), root / "bot/console/pages/questions.py"]
    used = {
        key
        for path in sources
        for key in re.findall(r"\"(con_q_err_\w+)\"", path.read_text("utf-8"))
    }
    assert used and used <= console_questions.VI.keys()
