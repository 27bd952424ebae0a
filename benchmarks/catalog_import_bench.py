#!/usr/bin/env python3
"""Time the staff catalog workflow on a synthetic catalog of N procedures.

Usage: python benchmarks/catalog_import_bench.py --size 10000
       [--database-url postgresql+asyncpg://postgres@127.0.0.1:5432/test] [--seed 1]

Steps: write N procedures as a YAML directory (benchmarks/make_catalog.py), validate it,
import it into a fresh SQLite database (and into a throw-away schema of the PostgreSQL
database when a URL is given), read the current catalog back, export it as XLSX and read
and validate that XLSX. Prints one JSON object as its last line: procedures, validate_s,
import_s and read_current_s (per database), export_xlsx_s, import_xlsx_s, rss_mb.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_catalog import generate
from sqlalchemy import text

from bot.db import catalog_store as store
from bot.db import migrate
from bot.db.engine import create_engine, session_factory
from procedures_catalog.loader import read_catalog, write_catalog
from procedures_catalog.schema import Procedure

T = TypeVar("T")


def timed(work: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = work()
    return result, round(time.perf_counter() - started, 3)


async def _import_into(url: str, procedures: list[Procedure], schema: str | None) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    if schema:
        kwargs["connect_args"] = {"server_settings": {"search_path": schema}}
    engine = create_engine(url, **kwargs)
    try:
        await migrate.upgrade(engine)
        sf = session_factory(engine)
        started = time.perf_counter()
        outcome = await store.import_catalog(sf, procedures, author="bench", source="bench")
        import_s = time.perf_counter() - started
        started = time.perf_counter()
        current = await store.current_catalog(sf)
        read_s = time.perf_counter() - started
        assert current is not None and current[0].id == outcome.version.id
        assert current[1] == procedures, "the database did not return the same catalog"
        started = time.perf_counter()
        await store.current_version_id(sf)
        version_id_ms = (time.perf_counter() - started) * 1000
    finally:
        await engine.dispose()
    return {
        "import_s": round(import_s, 3),
        "read_current_s": round(read_s, 3),
        "current_version_id_ms": round(version_id_ms, 2),
    }


async def _postgres(url: str, procedures: list[Procedure]) -> dict[str, Any]:
    schema = f"bench_catalog_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url)
    try:
        async with admin.begin() as conn:
            await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        return await _import_into(url, procedures, schema)
    finally:
        async with admin.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        await admin.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--database-url", default=None, help="PostgreSQL URL (optional)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    report: dict[str, Any] = {"procedures": args.size}
    with tempfile.TemporaryDirectory(prefix="catalog-bench-") as tmp:
        root = Path(tmp)
        procedures, report["generate_s"] = timed(lambda: generate(args.size, args.seed))
        problems = write_catalog(procedures, root / "yaml", "yaml")
        assert not problems, problems
        checksum = store.catalog_checksum(procedures)
        del procedures  # keep one copy of the catalog in memory, as the bot would
        loaded, report["validate_s"] = timed(lambda: read_catalog(root / "yaml"))
        assert not loaded.problems, loaded.problems[:5]
        assert store.catalog_checksum(loaded.procedures) == checksum
        sqlite = asyncio.run(
            _import_into(f"sqlite+aiosqlite:///{root / 'bench.db'}", loaded.procedures, None)
        )
        report["import_s"] = {"sqlite": sqlite["import_s"]}
        report["read_current_s"] = {"sqlite": sqlite["read_current_s"]}
        report["current_version_id_ms"] = {"sqlite": sqlite["current_version_id_ms"]}
        if args.database_url:
            pg = asyncio.run(_postgres(args.database_url, loaded.procedures))
            report["import_s"]["postgresql"] = pg["import_s"]
            report["read_current_s"]["postgresql"] = pg["read_current_s"]
            report["current_version_id_ms"]["postgresql"] = pg["current_version_id_ms"]
        xlsx = root / "catalog.xlsx"
        problems, report["export_xlsx_s"] = timed(
            lambda: write_catalog(loaded.procedures, xlsx, "xlsx")
        )
        assert not problems, problems[:5]
        back, report["import_xlsx_s"] = timed(lambda: read_catalog(xlsx))
        assert not back.problems and back.procedures == loaded.procedures, back.problems[:5]
        report["xlsx_mb"] = round(xlsx.stat().st_size / 1024 / 1024, 1)
    report["rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
