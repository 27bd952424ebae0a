"""`run_bot.py catalog import-portal …` end to end, in process (SQLite for the import)."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import pytest

from bot.db import catalog_store as store
from bot.db.engine import create_engine, session_factory
from procedures_catalog.loader import read_catalog
from procedures_catalog.schema import EntryKind, Procedure
from procedures_catalog.yaml_io import procedure_to_yaml
from tests.catalog.conftest import Runner
from tests.catalog.portal.conftest import make_detail, write_detail


def _current(url: str) -> tuple[store.VersionInfo, list[Procedure]]:
    async def read() -> tuple[store.VersionInfo, list[Procedure]]:
        engine = create_engine(url)
        try:
            current = await store.current_catalog(session_factory(engine))
            assert current is not None
            return current
        finally:
            await engine.dispose()

    return asyncio.run(read())


def test_dry_run_reports_rates_and_conflicts(cli: Runner, portal_dir: Path) -> None:
    code, out = cli("import-portal", portal_dir, "--dry-run", "--reviewed", "2026-12-03")
    assert code == 0
    assert "Files read: 4 (0 unreadable)" in out
    assert "Entries built: 4 (failed: 0)" in out
    assert "1 listed procedures have no detail file" in out
    assert "  time         100.0%  (4/4)" in out
    assert "Fee conflicts: 1 entries (1 channels); cell 'Miễn phí' but an amount" in out
    assert "9.900002  in_person: fee cell 'Miễn phí' but the description names 135,000 đ" in out
    assert "Dry run: nothing was written." in out


def test_selection(cli: Runner, portal_dir: Path) -> None:
    code, out = cli(
        "import-portal", portal_dir / "details", "--levels", "xa,tinh", "--citizens", "--dry-run"
    )
    assert code == 0
    assert "kept 2 (left out: 1 level not selected, 1 court folder)" in out
    code, out = cli("import-portal", portal_dir, "--levels", "huyen", "--dry-run")
    assert code == 1 and "unknown level 'huyen'" in out


def test_out_writes_yaml_deterministically_and_removes_stale_files(
    cli: Runner, portal_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "official"
    out.mkdir()
    (out / "9.900077.yaml").write_text("code: '9.900077'\nkind: official\n", "utf-8")
    args = ("import-portal", portal_dir, "--levels", "xa", "--out", out, "--reviewed", "2026-12-03")
    code, text = cli(*args)
    assert code == 0 and "Wrote 2 official entries" in text and "1 stale file(s) removed" in text
    files = sorted(p.name for p in out.iterdir())
    assert files == ["9.900001.yaml", "9.900002.yaml"]
    first = {p.name: p.read_text("utf-8") for p in out.iterdir()}
    assert cli(*args)[0] == 0
    assert {p.name: p.read_text("utf-8") for p in out.iterdir()} == first
    loaded = read_catalog(out)
    assert loaded.problems == [] and {p.kind for p in loaded.procedures} == {EntryKind.OFFICIAL}


def test_out_refuses_a_folder_with_curated_entries(
    cli: Runner, portal_dir: Path, sample_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "curated"
    out.mkdir()
    (out / "1.001193.yaml").write_text((sample_dir / "1.001193.yaml").read_text("utf-8"), "utf-8")
    code, text = cli("import-portal", portal_dir, "--out", out)
    assert code == 1 and "not official" in text
    assert (out / "1.001193.yaml").exists()


def test_bad_input_is_one_clear_line(cli: Runner, tmp_path: Path) -> None:
    code, out = cli("import-portal", tmp_path / "missing", "--dry-run")
    assert code == 1 and out.strip().endswith("no such file or directory")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", "utf-8")
    code, out = cli("import-portal", bad, "--dry-run")
    assert code == 1 and "not JSON" in out and "Traceback" not in out
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out = cli("import-portal", empty, "--dry-run")
    assert code == 1 and "Nothing could be read" in out
    code, out = cli("import-portal", empty)
    assert code == 1 and "--author is required" in out


@pytest.mark.db
def test_import_keeps_curated_entries_adds_official_and_rolls_back(
    cli: Runner, portal_dir: Path, sample_dir: Path, sqlite_url: str
) -> None:
    assert cli("import", sample_dir, "--author", "Lan")[0] == 0
    # a detail with the code of a curated entry: the curated entry stays
    write_detail(
        portal_dir / "details" / "bo-thu-nghiem",
        make_detail("1.001193", ten_thu_tuc="Tên chính thức thử khác"),
    )
    code, out = cli(
        "import-portal", portal_dir, "--levels", "xa", "--author", "Minh", "--note", "dữ liệu cổng"
    )
    assert code == 0, out
    assert "Imported version 2: 6 procedures (4 curated kept, 2 official; now current)." in out
    version, catalog = _current(sqlite_url)
    assert version.id == 2 and version.author == "Minh"
    by_code = {p.code: p for p in catalog}
    assert by_code["1.001193"].kind is EntryKind.CURATED
    assert by_code["1.001193"].title.vi == "Thủ tục đăng ký khai sinh"
    assert {c for c, p in by_code.items() if p.kind is EntryKind.OFFICIAL} == {
        "9.900001",
        "9.900002",
    }
    code, out = cli("import-portal", portal_dir, "--levels", "xa", "--author", "Minh")
    assert code == 0 and "Unchanged" in out
    code, out = cli("rollback", "1", "--author", "Lan")
    assert code == 0 and "Version 1 restored as version 3" in out
    assert {p.code for p in _current(sqlite_url)[1]} == {
        p.code for p in read_catalog(sample_dir).procedures
    }


def test_audit_compares_a_catalog_with_the_portal_data(
    cli: Runner, tmp_path: Path, portal_dir: Path
) -> None:
    """A curated entry built from the same page, then changed by hand, differs exactly there;
    an old review date and an ended reduction are listed; a clean catalog exits 0."""
    code, _ = cli(
        "import-portal",
        portal_dir,
        "--out",
        tmp_path / "built",
        "--reviewed",
        date.today().isoformat(),
    )
    assert code == 0
    built = read_catalog(tmp_path / "built").procedures
    base = next(p for p in built if p.code == "9.900001")
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    changed = base.model_copy(
        update={
            "kind": EntryKind.CURATED,
            "decision": "999/QĐ-KHAC",
            "last_reviewed": base.last_reviewed.replace(year=2020),
        }
    )
    (catalog / "9.900001.yaml").write_text(procedure_to_yaml(changed), "utf-8")
    code, out = cli("audit", "--catalog", catalog, "--portal", portal_dir / "details")
    assert code == 3
    assert "9.900001  decision: catalog '999/QĐ-KHAC' / portal '123/QĐ-BTEST'" in out
    assert "9.900001  last reviewed" in out
    fresh = base.model_copy(update={"kind": EntryKind.CURATED})
    (catalog / "9.900001.yaml").write_text(procedure_to_yaml(fresh), "utf-8")
    code, out = cli("audit", "--catalog", catalog, "--portal", portal_dir / "details")
    assert code == 0, out
    assert "Nothing needs attention." in out
    code, out = cli("audit", "--catalog", catalog, "--portal", tmp_path / "missing")
    assert code == 1 and "no such file or directory" in out
