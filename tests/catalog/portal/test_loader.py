"""The loader reads a catalog folder's sub-folders (the bundled `official/`)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from procedures_catalog.loader import procedure_files, read_catalog
from procedures_catalog.portal.build import procedure_from_detail
from procedures_catalog.yaml_io import write_directory
from tests.catalog.portal.conftest import make_detail


def test_official_sub_folder_is_read_and_non_procedures_are_skipped(
    tmp_path: Path, sample_dir: Path
) -> None:
    catalog = tmp_path / "data"
    shutil.copytree(sample_dir, catalog)
    built = procedure_from_detail(make_detail(), today=date(2026, 12, 3))
    assert built.procedure is not None
    assert write_directory([built.procedure], catalog / "official") == []
    (catalog / "synonyms.yaml").write_text("chim: [chim cảnh]\n", "utf-8")
    (catalog / "life_events.yaml").write_text("- name: Có con nhỏ\n", "utf-8")
    (catalog / ".hidden").mkdir()
    (catalog / ".hidden" / "9.900005.yaml").write_text("broken: [", "utf-8")
    names = [p.relative_to(catalog).as_posix() for p in procedure_files(catalog)]
    assert "official/9.900001.yaml" in names
    assert not any(
        n.endswith(("synonyms.yaml", "life_events.yaml")) or ".hidden" in n for n in names
    )
    result = read_catalog(catalog)
    assert result.problems == []
    assert [p.code for p in result.procedures] == [
        "1.000894",
        "1.001193",
        "1.004222",
        "9.900001",
        "LOCAL-HT-TIEP-DAN",
    ]


def test_duplicate_code_across_folders_is_a_problem(tmp_path: Path, sample_dir: Path) -> None:
    catalog = tmp_path / "data"
    shutil.copytree(sample_dir, catalog)
    (catalog / "official").mkdir()
    shutil.copy(sample_dir / "1.001193.yaml", catalog / "official" / "1.001193.yaml")
    problems = [str(p) for p in read_catalog(catalog).problems]
    assert any("duplicate code 1.001193" in p for p in problems)
