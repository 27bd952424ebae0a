"""Reading, validating and writing catalogs in YAML, CSV and XLSX (no database)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from procedures_catalog.csv_io import catalog_to_csv
from procedures_catalog.loader import (
    BUNDLED_DIR,
    load_directory,
    procedure_files,
    read_catalog,
    write_catalog,
)
from procedures_catalog.problems import CatalogError
from procedures_catalog.schema import Procedure
from procedures_catalog.tabular import HEADERS
from procedures_catalog.xlsx_io import SHEET
from procedures_catalog.yaml_io import procedure_to_yaml


def test_sample_catalog_is_valid(sample_dir: Path) -> None:
    result = read_catalog(sample_dir)
    assert result.problems == []
    assert [p.code for p in result.procedures] == sorted(p.code for p in result.procedures)
    assert len(result.procedures) == 4


def test_bundled_catalog_is_valid() -> None:
    if not procedure_files(BUNDLED_DIR):
        pytest.skip("no bundled procedure files yet")
    result = read_catalog(BUNDLED_DIR)
    assert [str(p) for p in result.problems] == []
    assert load_directory() == result.procedures


def test_load_directory_raises_with_every_problem(tmp_path: Path, sample_dir: Path) -> None:
    for name in ("1.001193.yaml", "1.000894.yaml"):
        text = (sample_dir / name).read_text("utf-8").replace("field: Hộ tịch\n", "")
        (tmp_path / name).write_text(text, "utf-8")
    with pytest.raises(CatalogError) as info:
        load_directory(tmp_path)
    assert {(p.file, p.field_path) for p in info.value.problems} >= {
        (f"{tmp_path.name}/1.001193.yaml", "field"),
        (f"{tmp_path.name}/1.000894.yaml", "field"),
    }


@pytest.mark.parametrize("fmt, name", [("yaml", "out"), ("csv", "c.csv"), ("xlsx", "c.xlsx")])
def test_round_trip_sample(
    tmp_path: Path, sample_catalog: list[Procedure], fmt: str, name: str
) -> None:
    assert write_catalog(sample_catalog, tmp_path / name, fmt) == []
    result = read_catalog(tmp_path / name)
    assert result.problems == []
    assert result.procedures == sample_catalog


@pytest.mark.parametrize("fmt, name", [("yaml", "out"), ("csv", "c.csv"), ("xlsx", "c.xlsx")])
def test_round_trip_bundled(tmp_path: Path, fmt: str, name: str) -> None:
    bundled = read_catalog(BUNDLED_DIR).procedures
    if not bundled:
        pytest.skip("no valid bundled procedure yet")
    assert write_catalog(bundled, tmp_path / name, fmt) == []
    assert read_catalog(tmp_path / name).procedures == bundled


def test_yaml_is_readable_and_stable(sample_catalog: list[Procedure]) -> None:
    proc = next(p for p in sample_catalog if p.code == "1.001193")
    text = procedure_to_yaml(proc)
    assert text.startswith("code: '1.001193'\n")
    assert "Thủ tục đăng ký khai sinh" in text  # not escaped
    keys = [line.split(":")[0] for line in text.splitlines() if line and line[0].isalpha()]
    assert keys.index("title") < keys.index("channels") < keys.index("last_reviewed")
    assert "  vi: |-\n    Đăng ký khai sinh" in text  # multi-line text as a block
    assert procedure_to_yaml(proc) == text


def test_yaml_export_removes_stale_procedure_files(
    tmp_path: Path, sample_catalog: list[Procedure]
) -> None:
    (tmp_path / "9.999999.yaml").write_text("old", "utf-8")
    (tmp_path / "synonyms.yaml").write_text("kept: true\n", "utf-8")
    assert write_catalog(sample_catalog[:2], tmp_path, "yaml") == []
    assert not (tmp_path / "9.999999.yaml").exists()
    assert (tmp_path / "synonyms.yaml").exists()
    assert read_catalog(tmp_path).procedures == sample_catalog[:2]


def test_yaml_file_with_a_list_of_procedures(
    tmp_path: Path, sample_dir: Path, sample_catalog: list[Procedure]
) -> None:
    items = [
        "- " + (sample_dir / f"{p.code}.yaml").read_text("utf-8").replace("\n", "\n  ").rstrip()
        for p in sample_catalog
    ]
    path = tmp_path / "all.yaml"
    path.write_text("\n".join(items) + "\n", "utf-8")
    assert read_catalog(path).procedures == sample_catalog


def test_csv_layout_for_staff(sample_catalog: list[Procedure]) -> None:
    rows = list(csv.reader(catalog_to_csv(sample_catalog).splitlines(keepends=True)))
    assert rows[0][:4] == ["Mã thủ tục", "Tên thủ tục", "Tên tiếng Anh", "Tóm tắt"]
    assert len(rows) == 1 + len(sample_catalog)
    row = dict(zip(rows[0], rows[2], strict=True))  # 1.001193
    assert row["Mã thủ tục"] == "1.001193"
    assert row["Cách thức và thời hạn"].splitlines()[0] == (
        'online | 1 | days | Cổng chỉ ghi "1", không có đơn vị'
    )
    assert row["Phí, lệ phí"].splitlines()[0] == "online | | free | Miễn phí"
    assert row["Thành phần hồ sơ"].splitlines()[1] == (
        "Giấy chứng sinh | 1 | original | submit | | | "
        "khi không có Giấy chứng sinh điện tử \\| hoặc văn bản của người làm chứng"
    )
    assert row["Tên gọi khác"].splitlines() == [
        "làm giấy khai sinh",
        "khai sinh cho con",
        "đăng ký khai sinh",
    ]


def test_xlsx_layout(tmp_path: Path, sample_catalog: list[Procedure]) -> None:
    path = tmp_path / "c.xlsx"
    assert write_catalog(sample_catalog, path, "xlsx") == []
    book = load_workbook(path, read_only=True)
    assert book.sheetnames[0] == SHEET
    first = next(book[SHEET].iter_rows(values_only=True))
    assert tuple(first) == HEADERS
    book.close()


def _csv(tmp_path: Path, rows: list[dict[str, str]], delimiter: str = ",") -> Path:
    path = tmp_path / "staff.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


STAFF_ROW = {
    "Mã thủ tục": "1.004194",
    "Tên thủ tục": "Đăng ký tạm trú",
    "Tóm tắt": "Đăng ký tạm trú tại Công an cấp xã.",
    "Lĩnh vực": "Cư trú",
    "Cấp thực hiện": "Cấp xã",
    "Cơ quan thực hiện": "Công an cấp xã",
    "Cách thức và thời hạn": "Trực tuyến | 3 | ngày làm việc\nTrực tiếp | 3 | ngày làm việc",
    "Phí, lệ phí": "trực tuyến | 7.000 đ\ntrực tiếp | 10 000 | | Lệ phí",
    "Thành phần hồ sơ": "Tờ khai CT01 | 1 | bản chính | nộp | Mẫu CT01",
    "Nộp trực tuyến": "Có",
    "Ngày rà soát": "29/11/2026",
    "Nguồn": "dichvucong.gov.vn",
}


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_csv_typed_by_staff(tmp_path: Path, delimiter: str) -> None:
    result = read_catalog(_csv(tmp_path, [STAFF_ROW], delimiter))
    assert result.problems == []
    (proc,) = result.procedures
    assert [c.kind.value for c in proc.channels] == ["online", "in_person"]
    assert [f.amount_vnd for c in proc.channels for f in c.fees] == [7000, 10000]
    assert proc.documents[0].form_name == "Mẫu CT01"
    assert proc.online.available is True
    assert proc.last_reviewed.isoformat() == "2026-11-29"


def test_xlsx_export_reports_cells_excel_cannot_hold(
    tmp_path: Path, sample_catalog: list[Procedure]
) -> None:
    long = sample_catalog[0].model_copy(deep=True)
    long.summary.en = "x" * 40_000
    bell = sample_catalog[1].model_copy(deep=True)
    bell.channels[0].fees[0].note = "Miễn phí\x07"
    out = tmp_path / "c.xlsx"
    problems = write_catalog([long, bell, *sample_catalog[2:]], out, "xlsx")
    assert not out.exists()
    assert [(p.location, p.field_path) for p in problems] == [
        ("sheet 'Thủ tục', row 2, column E 'Tóm tắt tiếng Anh'", "summary.en"),
        ("sheet 'Thủ tục', row 3, column K 'Phí, lệ phí'", "channels"),
    ]
    assert "40,000 characters do not fit" in problems[0].message
    assert "U+0007" in problems[1].message


def test_csv_cell_too_large(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(",".join(HEADERS) + '\n1.001193,"' + "x" * 200_000 + '"\n', "utf-8")
    (problem,) = read_catalog(path).problems
    assert (
        problem.location.startswith("row 2") and "field larger than field limit" in problem.message
    )
