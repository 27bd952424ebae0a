"""Export then import gives the identical catalog, for any procedures (hypothesis)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from bot.db.catalog_store import catalog_checksum
from procedures_catalog.loader import read_catalog, write_catalog
from procedures_catalog.schema import Procedure
from tests.catalog.strategies import catalogs


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalog=catalogs())
def test_every_format_round_trips(catalog: list[Procedure]) -> None:
    assert read_catalog_problems(catalog) == []
    with tempfile.TemporaryDirectory() as tmp:
        for fmt, name in (("yaml", "dir"), ("csv", "c.csv"), ("xlsx", "c.xlsx")):
            out = Path(tmp) / name
            assert write_catalog(catalog, out, fmt) == []
            result = read_catalog(out)
            assert [str(p) for p in result.problems] == [], fmt
            assert result.procedures == catalog, fmt
            assert catalog_checksum(result.procedures) == catalog_checksum(catalog)


def read_catalog_problems(catalog: list[Procedure]) -> list[str]:
    """The generated catalog itself must be valid (unique channels, related codes exist)."""
    from procedures_catalog.validation import RawRecord, validate_records

    records = [RawRecord("gen", "", p.model_dump(mode="json")) for p in catalog]
    return [str(p) for p in validate_records(records)[1]]
