"""Every kind of broken or hostile input becomes a clear problem with its location, and a
failed import leaves the database exactly as it was."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from bot.db import catalog_store as store
from procedures_catalog.loader import load_catalog, read_catalog, write_catalog
from procedures_catalog.problems import Problem
from tests.catalog.conftest import SAMPLE_DIR, CatalogDb


@dataclass(frozen=True)
class Case:
    path: Path
    location: str  # expected location (exact)
    field_path: str
    message: str  # expected part of the message
    file_suffix: str = ""  # expected end of Problem.file; default: the path's name


def _line(text: str, needle: str) -> str:
    return f"line {text[: text.index(needle)].count(chr(10)) + 1}"


def _sample(name: str = "1.004222.yaml") -> str:
    return (SAMPLE_DIR / name).read_text("utf-8")


def _catalog_dir(tmp_path: Path, name: str, text: str) -> Path:
    """A copy of the sample directory with one file replaced."""
    folder = tmp_path / "catalog"
    folder.mkdir(exist_ok=True)
    for file in SAMPLE_DIR.glob("*.yaml"):
        (folder / file.name).write_text(file.read_text("utf-8"), "utf-8")
    (folder / name).write_text(text, "utf-8")
    return folder


def truncated_xlsx(tmp: Path) -> Case:
    path = tmp / "catalog.xlsx"
    write_catalog(load_catalog(SAMPLE_DIR), path, "xlsx")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return Case(path, "", "", "damaged or was cut off")


def binary_file(tmp: Path) -> Case:
    path = tmp / "catalog.csv"
    path.write_bytes(b"Ma thu tuc\n\x00\x01\x02\xff\xfe" * 50)
    return Case(path, "line 2", "", "binary file")


def wrong_encoding(tmp: Path) -> Case:
    path = tmp / "catalog.csv"
    path.write_bytes("Mã,Tên\n1.001193,Ðang ky khai sinh\n".encode("cp1252"))  # not UTF-8
    return Case(path, "line 1", "", "Save it as UTF-8")


def oversized_file(tmp: Path) -> Case:
    path = tmp / "1.004222.yaml"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: costs no disk and no time
    return Case(path, "", "", "file is too large (50.0 MB")


def yaml_bomb(tmp: Path) -> Case:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)
    ]
    path = tmp / "1.004222.yaml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return Case(path, "line 2", "", "aliases (*a) are not allowed")


def deep_nesting(tmp: Path) -> Case:
    text = "".join(f"{'  ' * i}k{i}:\n" for i in range(100)) + "  " * 100 + "x\n"
    path = tmp / "1.004222.yaml"
    path.write_text(text, "utf-8")
    return Case(path, "line 31", "", "nested too deeply")


def empty_file(tmp: Path) -> Case:
    path = tmp / "1.004222.yaml"
    path.write_text("", "utf-8")
    return Case(path, "", "", "file is empty")


def duplicate_code(tmp: Path) -> Case:
    folder = _catalog_dir(tmp, "LOCAL-HT-TIEP-DAN.yaml", _sample("LOCAL-HT-TIEP-DAN.yaml"))
    text = _sample().replace('"1.004222"', '"1.001193"')
    path = folder / "1.004222.yaml"
    path.write_text(text, "utf-8")
    return Case(folder, "line 1", "code", "duplicate code 1.001193", "catalog/1.004222.yaml")


def bad_code(tmp: Path) -> Case:
    path = tmp / "1.004222.yaml"
    text = _sample().replace('code: "1.004222"', 'code: "1.04222"')
    path.write_text(text, "utf-8")
    return Case(path, "line 1", "code", "code must look like 1.001193")


def missing_title(tmp: Path) -> Case:
    text = _sample().replace("title:\n  vi: Đăng ký thường trú\n", "")
    path = tmp / "1.004222.yaml"
    path.write_text(text, "utf-8")
    return Case(path, "line 1", "title", "required field is missing")


def negative_fee(tmp: Path) -> Case:
    text = _sample().replace("amount_vnd: 20000", "amount_vnd: -20000")
    path = tmp / "1.004222.yaml"
    path.write_text(text, "utf-8")
    return Case(
        path, _line(text, "amount_vnd: -20000"), "channels[1].fees[0].amount_vnd", "negative"
    )


def unknown_unit_xlsx(tmp: Path) -> Case:
    path = tmp / "catalog.xlsx"
    write_catalog(load_catalog(SAMPLE_DIR), path, "xlsx")
    book = load_workbook(path)
    sheet = book["Thủ tục"]
    sheet["J4"] = "online | 7 | working_days\nin_person | 7 | tuần"  # row 4: 1.004222
    book.save(path)
    return Case(
        path,
        "sheet 'Thủ tục', row 4, column J 'Cách thức và thời hạn', line 2",
        "channels[1].time_unit",
        "unknown value 'tuần'",
    )


def broken_url(tmp: Path) -> Case:
    text = _sample("1.001193.yaml").replace(
        "detail_url: https://dichvucong.gov.vn/", "detail_url: htps//dichvucong.gov.vn/"
    )
    path = tmp / "1.001193.yaml"
    path.write_text(text.replace('related: ["1.000894"]\n', ""), "utf-8")
    return Case(path, _line(text, "detail_url:"), "detail_url", "invalid URL")


def url_without_domain(tmp: Path) -> Case:
    text = _sample("1.001193.yaml").replace(
        "form_url: https://dichvucong.gov.vn/p/home/tokhai.pdf", "form_url: https://dichvucong/x"
    )
    path = tmp / "1.001193.yaml"
    path.write_text(text.replace('related: ["1.000894"]\n', ""), "utf-8")
    return Case(path, _line(text, "form_url:"), "documents[0].form_url", "not a domain")


def unknown_related(tmp: Path) -> Case:
    text = _sample("1.000894.yaml").replace('"1.004222"', '"1.999999"')
    folder = _catalog_dir(tmp, "1.000894.yaml", text)
    return Case(
        folder,
        _line(text, '"1.999999"'),
        "related[1]",
        "1.999999 is not in the catalog",
        "catalog/1.000894.yaml",
    )


def file_name_mismatch(tmp: Path) -> Case:
    folder = _catalog_dir(tmp, "1.004223.yaml", _sample())
    (folder / "1.004222.yaml").unlink()
    return Case(folder, "line 1", "code", "does not match the code", "catalog/1.004223.yaml")


def unknown_field(tmp: Path) -> Case:
    text = _sample().replace("field: Cư trú", "feild: Cư trú")
    path = tmp / "1.004222.yaml"
    path.write_text(text, "utf-8")
    return Case(path, _line(text, "feild:"), "feild", "did you mean 'field'")


def csv_missing_columns(tmp: Path) -> Case:
    path = tmp / "catalog.csv"
    path.write_text("Mã thủ tục,Tóm tắt,Lĩnh vực\n1.001193,x,y\n", "utf-8")
    return Case(path, "row 1", "", "missing column(s): 'Tên thủ tục'")


def csv_negative_fee(tmp: Path) -> Case:
    path = tmp / "catalog.csv"
    write_catalog(load_catalog(SAMPLE_DIR), path, "csv")
    text = path.read_text("utf-8-sig").replace("in_person | 20000", "in_person | -20.000")
    path.write_text(text, "utf-8-sig")
    return Case(
        path,
        "row 4, column 'Phí, lệ phí', line 2",
        "channels[1].fees[0].amount_vnd",
        "must not be negative (got -20000)",
    )


def xlsx_wrong_layout(tmp: Path) -> Case:
    path = tmp / "catalog.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(["Báo cáo tháng 11"])
    sheet.append(["Mã thủ tục", "Tên thủ tục"])
    book.save(path)
    return Case(path, "sheet 'Sheet1', row 1", "", "wrong sheet layout")


def zip_not_xlsx(tmp: Path) -> Case:
    path = tmp / "catalog.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return Case(path, "", "", "not an Excel .xlsx workbook")


def control_character(tmp: Path) -> Case:
    text = (
        _sample()
        .replace("Đăng ký thường trú tại", "Đăng ký thường\\x07 trú tại")
        .replace("  vi: Đăng ký thường\\x07", '  vi: "Đăng ký thường\\x07')
        .replace("Công an cấp xã.\n", 'Công an cấp xã."\n', 1)
    )
    path = tmp / "1.004222.yaml"
    path.write_text(text, "utf-8")
    return Case(path, _line(text, "\\x07"), "summary.vi", "control character U+0007")


CASES: list[Callable[[Path], Case]] = [
    truncated_xlsx,
    binary_file,
    wrong_encoding,
    oversized_file,
    yaml_bomb,
    deep_nesting,
    empty_file,
    duplicate_code,
    bad_code,
    missing_title,
    negative_fee,
    unknown_unit_xlsx,
    broken_url,
    url_without_domain,
    unknown_related,
    file_name_mismatch,
    unknown_field,
    csv_missing_columns,
    csv_negative_fee,
    xlsx_wrong_layout,
    zip_not_xlsx,
    control_character,
]


def _matching(problems: list[Problem], case: Case) -> list[Problem]:
    suffix = case.file_suffix or case.path.name
    return [
        p
        for p in problems
        if p.file.endswith(suffix)
        and p.location == case.location
        and p.field_path == case.field_path
        and case.message in p.message
    ]


@pytest.mark.parametrize("make", CASES, ids=[c.__name__ for c in CASES])
def test_problem_has_location_and_field(tmp_path: Path, make: Callable[[Path], Case]) -> None:
    case = make(tmp_path)
    result = read_catalog(case.path)
    assert result.problems, "expected a problem"
    assert _matching(result.problems, case), [str(p) for p in result.problems]
    assert all(p.message and p.file for p in result.problems)


async def test_failed_imports_leave_database_unchanged(
    catalog_db: CatalogDb, tmp_path: Path
) -> None:
    first, problems = await store.import_path(catalog_db.sf, SAMPLE_DIR, author="lan")
    assert problems == [] and first is not None
    before = (
        await store.version_count(catalog_db.sf),
        await store.current_version_id(catalog_db.sf),
    )
    catalog_before = await store.current_catalog(catalog_db.sf)
    for index, make in enumerate(CASES):
        folder = tmp_path / str(index)
        folder.mkdir()
        case = make(folder)
        outcome, problems = await store.import_path(catalog_db.sf, case.path, author="lan")
        assert outcome is None and _matching(problems, case), make.__name__
        after = (
            await store.version_count(catalog_db.sf),
            await store.current_version_id(catalog_db.sf),
        )
        assert after == before, make.__name__
    assert await store.current_catalog(catalog_db.sf) == catalog_before
