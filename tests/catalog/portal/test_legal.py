"""Legal basis refs from the flattened `can_cu_phap_ly` table, and `ref_parts`."""

from __future__ import annotations

from procedures_catalog.portal.legal import parse_legal_basis, ref_parts
from tests.catalog.portal.conftest import LEGAL_HEADER


def _refs(body: str) -> list[str]:
    return [b.ref for b in parse_legal_basis(LEGAL_HEADER + body).basis]


def test_pairs_run_together_laws_first_deduplicated() -> None:
    refs = _refs(
        "Thông tư 53/2031/TT-BTHU hướng dẫn thử53/2031/TT-BTHU"
        "Luật Nuôi chim cảnh ngày 01/01/2030;88/2030/QH19"
        "Nghị định số 77/2031/NĐ-CP ngày 02/02/2031 của Chính phủ quy định thử77/2031/NĐ-CP"
        "Nghị định 77/2031/NĐ-CP77/2031/NĐ-CP"
    )
    assert refs == [
        "Luật Nuôi chim cảnh 88/2030/QH19",
        "Thông tư 53/2031/TT-BTHU",
        "Nghị định 77/2031/NĐ-CP",
    ]


def test_mentions_inside_titles_are_not_listed() -> None:
    refs = _refs("Nghị định sửa đổi Nghị định số 11/2029/NĐ-CP ngày 05/5/2029 về thử12/2031/NĐ-CP")
    assert refs == ["Nghị định 12/2031/NĐ-CP"]


def test_numbers_glued_to_the_next_title() -> None:
    refs = _refs(
        "Luật thử số 55/2030/QH1955/2030/QH19Quy định chi tiết thử99/2031/NĐ-CPQuyết định thử"
        "7/2031/QĐ-TTgLuật sửa đổi, bổ sung một số điều của luật thửLuật số 6/2031/QH19"
    )
    assert refs == [
        "Luật Thử 55/2030/QH19",
        "Luật 6/2031/QH19",
        "Nghị định 99/2031/NĐ-CP",
        "Quyết định 7/2031/QĐ-TTg",
    ]


def test_all_caps_law_title_and_code_type() -> None:
    assert _refs("LUẬT  CHIM CẢNH VIỆT NAM66/2030/QH19") == ["Luật Chim cảnh Việt Nam 66/2030/QH19"]
    assert _refs("Bộ luật Thử nghiệm95/2030/QH19") == ["Bộ luật Thử nghiệm 95/2030/QH19"]


def test_nothing_to_read() -> None:
    result = parse_legal_basis("Không có thông tin")
    assert result.basis == [] and result.problems == ["no legal basis on the page"]


def test_ref_parts() -> None:
    assert ref_parts("Luật Cư trú 68/2020/QH14") == ("Luật", "68/2020/QH14", 2020)
    assert ref_parts("Nghị định 154/2024/NĐ-CP") == ("Nghị định", "154/2024/NĐ-CP", 2024)
    assert ref_parts("Thông tư liên tịch 1/2030/TTLT-BA-BB") == (
        "Thông tư liên tịch",
        "1/2030/TTLT-BA-BB",
        2030,
    )
    assert ref_parts("68/2020/QH14") == ("", "68/2020/QH14", 2020)
    assert ref_parts("Quy chế nội bộ") == ("", "", None)


def test_decimal_numbers_glued_years_slashed_suffixes_and_capitalised_titles() -> None:
    text = (
        "Tên văn bản pháp lýMã văn bản"
        "Nghị quyết số 66.7/2025/NQ-CP của Chính phủ66.7/2025/NQ-CP"
        "Luật Cư trú 202068/2020/QH14"
        "Thông tư liên tịch 18/2009/TTLT/BGDĐT-BTC18/2009/TTLT/BGDĐT-BTC"
        "Nghị định 166/2016/NĐ-CP-Quy định giao dịch điện tử166/2016/NĐ-CP"
    )
    refs = [b.ref for b in parse_legal_basis(text).basis]
    assert refs == [
        "Luật Cư trú 68/2020/QH14",
        "Nghị quyết 66.7/2025/NQ-CP",
        "Thông tư liên tịch 18/2009/TTLT/BGDĐT-BTC",
        "Nghị định 166/2016/NĐ-CP",
    ]


def test_a_number_after_the_full_stop_that_ends_a_title_is_listed() -> None:
    refs = _refs("Thông tư số 53/2031/TT-BTHU ngày 01/7/2031 quy định thử.53/2031/TT-BTHU")
    assert refs == ["Thông tư 53/2031/TT-BTHU"]
