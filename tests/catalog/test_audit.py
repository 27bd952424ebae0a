"""The freshness audit: old reviews, ended reductions, differences from the portal data."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.cli.catalog_audit import NEEDS_ATTENTION, render, run
from procedures_catalog.audit import audit_catalog, compare, form_codes, ref_numbers
from procedures_catalog.schema import Procedure

TODAY = date(2026, 12, 3)


def proc(code: str = "1.004194", **changes: Any) -> Procedure:
    data: dict[str, Any] = {
        "code": code,
        "title": {"vi": "Đăng ký tạm trú"},
        "summary": {"vi": "Tóm tắt."},
        "field": "Đăng ký, quản lý cư trú",
        "level": ["Cấp xã"],
        "agency": "Công an cấp xã",
        "channels": [
            {
                "kind": "in_person",
                "time_value": 3,
                "time_unit": "working_days",
                "fees": [{"amount_vnd": 15000}],
            }
        ],
        "documents": [{"name": "Tờ khai thay đổi thông tin cư trú", "form_name": "Mẫu CT01"}],
        "legal_basis": [{"ref": "Luật Cư trú 68/2020/QH14"}],
        "decision": "9354/QĐ-BCA-C06",
        "last_reviewed": date(2026, 12, 1),
        "source": "test",
    }
    data.update(changes)
    return Procedure.model_validate(data)


def test_numbers_and_forms_are_read_from_free_text() -> None:
    assert ref_numbers(["Luật Cư trú 68/2020/QH14", "Nghị định 154/2024/NĐ-CP"]) == {
        "68/2020/QH14",
        "154/2024/NĐ-CP",
    }
    assert form_codes(["Mẫu CT01", "mẫu số 14-HSB", ""]) == {"CT01", "14-HSB"}


def test_an_identical_entry_has_no_difference() -> None:
    assert compare(proc(), proc(kind="official"), TODAY) == []


def test_differences_are_listed_field_by_field() -> None:
    portal = proc(
        kind="official",
        channels=[
            {
                "kind": "in_person",
                "time_value": 5,
                "time_unit": "working_days",
                "fees": [{"amount_vnd": 20000}],
            }
        ],
        documents=[{"name": "Tờ khai", "form_name": "Mẫu CT02"}],
        legal_basis=[{"ref": "Luật Cư trú 68/2020/QH14"}, {"ref": "Thông tư 53/2025/TT-BCA"}],
    )
    found = {d.field: (d.catalog, d.portal) for d in compare(proc(), portal, TODAY)}
    assert found["time (in_person)"] == ("3 working_days", "5 working_days")
    assert found["fee (in_person)"] == ("15.000", "20.000")
    assert found["forms"] == ("CT01", "CT02")
    assert found["legal_basis"][1] == "53/2025/TT-BCA"


def test_what_the_portal_does_not_say_is_not_a_difference() -> None:
    portal = proc(kind="official", decision="", channels=[], legal_basis=[], documents=[])
    assert compare(proc(), portal, TODAY) == []


def test_audit_lists_stale_entries_ended_fees_and_missing_codes() -> None:
    old = proc("1.000001", last_reviewed=date(2025, 1, 2))
    ended = proc(
        "1.000002",
        channels=[
            {
                "kind": "online",
                "time_value": 8,
                "time_unit": "working_days",
                "fees": [
                    {"amount_vnd": 160000, "until": date(2023, 12, 31)},
                    {"amount_vnd": 200000},
                ],
            }
        ],
    )
    gone = proc("1.000003", kind="official")
    lost = proc("1.000004")
    local = proc("LOCAL-X", code_is_local=True)
    portal = {p.code: p.model_copy(update={"kind": "official"}) for p in (old, ended)}
    report = audit_catalog([old, ended, gone, lost, local], portal, today=TODAY, max_age_days=365)
    assert [s.code for s in report.stale] == ["1.000001"]
    assert [(f.code, f.amount_vnd) for f in report.ended_fees] == [("1.000002", 160000)]
    assert report.gone_from_portal == ["1.000003"]
    assert report.not_in_portal == ["1.000004"]
    assert not report.clean
    text = render(report, "test", limit=10)
    assert "1.000001  last reviewed 02/01/2025" in text
    assert "160.000 đ until 31/12/2023" in text


def test_a_fresh_catalog_is_clean() -> None:
    report = audit_catalog([proc()], {"1.004194": proc(kind="official")}, today=TODAY)
    assert report.clean
    assert "Nothing needs attention." in render(report, "test", 10)


async def test_run_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    async def catalog(_: argparse.Namespace) -> tuple[str, list[Procedure]]:
        return "test catalog", [proc(last_reviewed=date(2024, 1, 1))]

    def portal(_path: Path, _today: date) -> Mapping[str, Procedure]:
        return {"1.004194": proc(kind="official")}

    args = argparse.Namespace(portal=tmp_path, catalog=None, older_than=365, limit=10)
    assert await run(args, catalog, portal, TODAY) == NEEDS_ATTENTION
    assert "1.004194  last reviewed 01/01/2024" in capsys.readouterr().out
    args.older_than = 5000
    assert await run(args, catalog, portal, TODAY) == 0
    args.portal = tmp_path / "nope"
    assert await run(args, catalog, portal, TODAY) == 1
    assert "no such file or directory" in capsys.readouterr().out
