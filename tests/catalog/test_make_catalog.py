"""The synthetic scale catalog of benchmarks/make_catalog.py passes the validator."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from procedures_catalog.loader import read_catalog
from procedures_catalog.schema import NATIONAL_CODE_RE, Procedure

ROOT = Path(__file__).resolve().parents[2]


def test_make_catalog_writes_a_valid_catalog(
    tmp_path: Path, sample_catalog: list[Procedure]
) -> None:
    out = tmp_path / "big"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "make_catalog.py"),
            "--size",
            "120",
            "--out",
            str(out),
            "--seed",
            "7",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["procedures"] == 120 and report["problems"] == 0
    result = read_catalog(out)
    assert result.problems == []
    codes = [p.code for p in result.procedures]
    assert codes[0] == "9.000001" and codes[-1] == "9.000120"
    assert all(NATIONAL_CODE_RE.match(c) for c in codes)
    assert len({p.title.vi for p in result.procedures}) == 120
    assert any(p.related for p in result.procedures)
    assert all(r in set(codes) for p in result.procedures for r in p.related)


def test_generate_from_given_bases(sample_catalog: list[Procedure]) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from make_catalog import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    procs = generate(30, seed=3, bases=sample_catalog)
    again = generate(30, seed=3, bases=sample_catalog)
    assert procs == again  # deterministic for a seed
    assert {p.field for p in procs} <= {p.field for p in sample_catalog}
