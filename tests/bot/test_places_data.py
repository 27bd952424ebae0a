"""The bundled commune data: Hà Tĩnh's 69 units since 1/7/2025 and the 209 former units,
with the counts stated in shared/domain/ha_tinh_communes.md §1."""

from __future__ import annotations

import functools
from collections import Counter

import pytest

from bot.places.data import (
    COMMUNES_FILE,
    CommuneDataError,
    CommuneDirectory,
    load_communes,
    parse_communes,
)
from procedures_catalog.loader import BUNDLED_DIR, procedure_files

NINE_WARDS = {
    "Thành Sen",
    "Trần Phú",
    "Hà Huy Tập",
    "Sông Trí",
    "Hải Ninh",
    "Hoành Sơn",
    "Vũng Áng",
    "Bắc Hồng Lĩnh",
    "Nam Hồng Lĩnh",
}


@functools.cache
def directory() -> CommuneDirectory:
    return load_communes()


def test_69_new_units_60_xa_and_9_phuong_with_unique_codes() -> None:
    units = directory().units
    assert len(units) == 69
    assert Counter(u.kind for u in units) == {"xã": 60, "phường": 9}
    assert {u.name for u in units if u.kind == "phường"} == NINE_WARDS
    codes = [u.code for u in units]
    assert len(set(codes)) == 69 and all(len(c) == 5 and c.isdigit() for c in codes)


def test_every_unit_has_predecessors_except_the_two_unchanged() -> None:
    units = directory().units
    unchanged = [u for u in units if u.unchanged]
    assert sorted(u.name for u in unchanged) == ["Sơn Kim 1", "Sơn Kim 2"]
    for unit in unchanged:  # listed as their own (only) former unit
        assert [(o.kind, o.name) for o in unit.formed_from] == [("xã", unit.name)]
    merged = [u for u in units if not u.unchanged]
    assert len(merged) == 67
    assert all(len(u.formed_from) >= 2 for u in merged)


def test_209_former_units_170_xa_25_phuong_14_thi_tran_in_12_districts() -> None:
    olds = directory().old_units
    assert len(olds) == 209
    assert Counter(o.kind for o in olds) == {"xã": 170, "phường": 25, "thị trấn": 14}
    assert len({o.district for o in olds}) == 12
    assert len({o.name for o in olds}) == 209  # the former names are unique in the province
    rearranged = {o for u in directory().units if not u.unchanged for o in u.formed_from}
    assert len(rearranged) == 207


def test_divided_former_units_keep_all_their_new_units() -> None:
    d = directory()
    divided = {old.name: {u.name for u in d.successors(old)} for old in d.divided()}
    assert divided == {
        "Kỳ Lợi": {"Vũng Áng", "Sông Trí", "Hoành Sơn"},
        "Đại Nài": {"Thành Sen", "Hà Huy Tập"},
    }
    for code in ("18754", "18832", "18823"):  # each row says so in its note
        unit = d.get(code)
        assert unit is not None and "Kỳ Lợi" in unit.note and "split" in unit.note


def test_known_rows() -> None:
    d = directory()
    dong_tien = d.get("18619")
    assert dong_tien is not None and dong_tien.label == "xã Đồng Tiến"
    assert [o.name for o in dong_tien.formed_from] == ["Thạch Trị", "Thạch Hội", "Thạch Văn"]
    assert dong_tien.formed_from[0].district == "thành phố Hà Tĩnh"
    ky_anh = d.get("18775")
    assert ky_anh is not None and ky_anh.formed_from[0].label == "thị trấn Kỳ Đồng"


def test_header_names_the_source_and_the_date() -> None:
    header = [
        line
        for line in COMMUNES_FILE.read_text(encoding="utf-8").splitlines()
        if line.startswith("#")
    ]
    text = " ".join(header)
    for needle in ("1665/NQ-UBTVQH15", "16/6/2025", "1/7/2025", "Compiled for dvc-bot on 2026-"):
        assert needle in text


def test_the_catalog_loader_does_not_read_it_as_a_procedure() -> None:
    assert COMMUNES_FILE.parent == BUNDLED_DIR
    assert COMMUNES_FILE not in procedure_files(BUNDLED_DIR)


HEADER = "code\ttype\tname\tchange\tformed_from\tnote\n"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("1861\txã\tA\tmerged\txã B (huyện C)\t", "5 digits"),
        ("18619\tthị trấn\tA\tmerged\txã B (huyện C)\t", "xã or phường"),
        ("18619\txã\tA\tmerged\txã B\t", r"type name \(district\)"),
        ("18619\txã\tA\tmerged\tấp B (huyện C)\t", "unknown unit type"),
        ("18619\txã\tA\tmerged\t\t", "formed_from is empty"),
    ],
)
def test_malformed_rows_name_the_line(row: str, message: str) -> None:
    with pytest.raises(CommuneDataError, match=message) as info:
        parse_communes("# comment\n" + HEADER + row + "\n", source="x.tsv")
    assert "x.tsv:3" in str(info.value)
