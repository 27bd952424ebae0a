"""The catalog as a downloadable file: a ZIP of YAML files, a CSV or an XLSX workbook,
written by the same writers as `run_bot.py catalog export`."""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from procedures_catalog.loader import FORMATS, write_catalog
from procedures_catalog.problems import CatalogError
from procedures_catalog.schema import Procedure

MEDIA_TYPES = {
    "yaml": "application/zip",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class ExportFile:
    filename: str
    media_type: str
    data: bytes


def export_bytes(procedures: Sequence[Procedure], fmt: str, label: str) -> ExportFile:
    """The file's bytes (blocking: run it in a thread); `ValueError` for an unknown format,
    `CatalogError` when the catalog cannot be written in it."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    name = f"catalog-{label}"
    with tempfile.TemporaryDirectory(prefix="dvc-export-") as tmp:
        out = Path(tmp) / (name if fmt == "yaml" else f"{name}.{fmt}")
        problems = write_catalog(list(procedures), out, fmt)
        if problems:
            raise CatalogError(problems)
        if fmt != "yaml":
            return ExportFile(out.name, MEDIA_TYPES[fmt], out.read_bytes())
        archive = Path(tmp) / f"{name}.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
            for path in sorted(out.rglob("*.yaml")):
                zipped.write(path, f"{name}/{path.relative_to(out).as_posix()}")
        return ExportFile(archive.name, MEDIA_TYPES[fmt], archive.read_bytes())
