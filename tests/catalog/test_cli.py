"""`run_bot.py catalog …` end to end, in process, on a temporary SQLite database."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

from bot.db import catalog_store as store
from bot.db.engine import create_engine, session_factory
from procedures_catalog.loader import read_catalog
from procedures_catalog.schema import Procedure
from tests.catalog.conftest import Runner


def _versions(url: str) -> list[store.VersionInfo]:
    async def read() -> list[store.VersionInfo]:
        engine = create_engine(url)
        try:
            return await store.history(session_factory(engine))
        finally:
            await engine.dispose()

    return asyncio.run(read())


def test_validate(cli: Runner, sample_dir: Path, tmp_path: Path) -> None:
    code, out = cli("validate", sample_dir)
    assert code == 0 and "OK: 4 procedures in 4 file(s)" in out
    bad = tmp_path / "bad"
    shutil.copytree(sample_dir, bad)
    text = (bad / "1.004222.yaml").read_text("utf-8").replace("amount_vnd: 20000", "amount_vnd: -1")
    (bad / "1.004222.yaml").write_text(text.replace("time_unit: working_days", "time_unit: x", 1))
    code, out = cli("validate", bad)
    assert code == 1
    assert "bad/1.004222.yaml" in out
    assert "line 12  channels[0].time_unit" in out
    assert "line 20  channels[1].fees[0].amount_vnd  must not be negative (got -1)" in out
    assert "2 problem(s) in 4 file(s) checked" in out


def test_import_diff_history_export_rollback(
    cli: Runner, sample_dir: Path, sample_catalog: list[Procedure], sqlite_url: str, tmp_path: Path
) -> None:
    code, out = cli("diff", sample_dir)
    assert code == 0 and "the bundled catalog (the database has none)" in out

    code, out = cli("import", sample_dir, "--author", "Lan", "--note", "lần đầu")
    assert code == 0 and "Imported version 1: 4 procedures" in out
    code, out = cli("import", sample_dir, "--author", "Lan")
    assert code == 0 and "Unchanged: the catalog is identical to current version 1" in out

    edited = tmp_path / "edited"
    shutil.copytree(sample_dir, edited)
    path = edited / "1.004222.yaml"
    path.write_text(path.read_text("utf-8").replace("amount_vnd: 20000", "amount_vnd: 25000"))
    code, out = cli("diff", edited)
    assert code == 0 and "database version 1" in out
    assert "~ 1.004222" in out and "channels[1].fees[0].amount_vnd: 20000 → 25000" in out

    code, out = cli("import", edited, "--author", "Minh", "--note", "lệ phí mới")
    assert code == 0 and "Imported version 2" in out

    code, out = cli("history")
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["Version", "Current", "Created"]
    assert lines[2].split()[:2] == ["2", "*"] and "lệ phí mới" in lines[2]
    assert lines[3].split()[0] == "1" and "Lan" in lines[3]

    for fmt, name in (("yaml", "out"), ("csv", "out.csv"), ("xlsx", "out.xlsx")):
        code, out = cli("export", "--format", fmt, "--out", tmp_path / name)
        assert code == 0 and "Exported 4 procedures from database version 2" in out
        exported = read_catalog(tmp_path / name)
        assert exported.problems == [] and exported.procedures != sample_catalog
    code, out = cli("export", "--format", "csv", "--out", tmp_path / "v1.csv", "--version", "1")
    assert code == 0 and read_catalog(tmp_path / "v1.csv").procedures == sample_catalog

    code, out = cli("rollback", "1", "--author", "Lan")
    assert code == 0 and "Version 1 restored as version 3" in out
    current = _versions(sqlite_url)[0]
    assert (current.id, current.restored_from, current.is_current) == (3, 1, True)
    code, out = cli("rollback", "99", "--author", "Lan")
    assert code == 1 and "there is no catalog version 99" in out


def test_failed_import_changes_nothing(
    cli: Runner, sample_dir: Path, sqlite_url: str, tmp_path: Path
) -> None:
    assert cli("import", sample_dir, "--author", "Lan")[0] == 0
    before = _versions(sqlite_url)
    bad = tmp_path / "catalog.csv"
    bad.write_text("Mã thủ tục,Tên thủ tục\n1.001193,Khai sinh\n", "utf-8")
    code, out = cli("import", bad, "--author", "Lan")
    assert code == 1
    assert "row 1  missing column(s): 'Tóm tắt', 'Lĩnh vực'" in out
    assert "Nothing was imported." in out
    assert _versions(sqlite_url) == before
