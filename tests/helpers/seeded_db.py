"""A SQLite database as the bot leaves it after its first start, made once and copied.

Every bot a test starts on a new SQLite file would apply the migrations and import the
bundled catalog (about a thousand procedures) itself. `prepare_sqlite` copies a template
that went through exactly those steps (`migrate.upgrade`, `CatalogService.ensure_seeded`)
once per test process, so the bot's own start-up finds the schema current and the catalog
seeded, as after a restart. The start-up on an empty database is still what the CLI tests
(`tests/cli/`) and the catalog store tests go through.

The template is rebuilt when the migrations or the bundled catalog change on disk; it lives
in a temporary directory removed when the process exits.
"""

from __future__ import annotations

import asyncio
import atexit
import shutil
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bot.config import Settings
from bot.db import migrate
from bot.services import build_services
from procedures_catalog.loader import BUNDLED_DIR, procedure_files

SQLITE_PREFIX = "sqlite+aiosqlite:///"
MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations" / "versions"
Fingerprint = tuple[tuple[str, int], ...]


class SeededTemplate:
    """The template database, built on first use. Safe to share between threads and event
    loops (the fuzz test runs its bot in a thread of its own)."""

    def __init__(self, settings_for: Callable[[str], Settings]) -> None:
        self._settings_for = settings_for  # database URL -> the test bot's settings
        self._lock = threading.Lock()
        self._dir: Path | None = None
        self._built: dict[Fingerprint, Path] = {}

    def path(self) -> Path:
        """The template for the current migrations and bundled catalog (blocks to build it)."""
        key = _fingerprint()
        with self._lock:
            if key not in self._built:
                if self._dir is None:
                    self._dir = Path(tempfile.mkdtemp(prefix="dvc-test-seeded-"))
                    atexit.register(shutil.rmtree, self._dir, ignore_errors=True)
                target = self._dir / f"seeded-{len(self._built)}.db"
                seeding = _seed(self._settings_for(SQLITE_PREFIX + str(target)))
                with ThreadPoolExecutor(1) as pool:  # a loop of its own, whoever calls
                    pool.submit(asyncio.run, seeding).result()
                self._built[key] = target
            return self._built[key]


def _fingerprint() -> Fingerprint:
    files = [*MIGRATIONS_DIR.glob("*.py"), *procedure_files(BUNDLED_DIR)]
    return tuple(sorted((str(p), p.stat().st_mtime_ns) for p in files))


async def _seed(settings: Settings) -> None:
    """What `start_application` does to an empty database before it reads updates."""
    services = build_services(settings)
    try:
        await migrate.upgrade(services.engine)
        await services.catalog.ensure_seeded()
    finally:
        await services.portal.aclose()
        await services.engine.dispose()  # closes the last connection: WAL checkpointed


async def prepare_sqlite(database_url: str, template: SeededTemplate) -> None:
    """Copy the seeded template to the SQLite file `database_url` names if that file does
    not exist yet (PostgreSQL and existing files are left alone)."""
    if database_url.startswith(SQLITE_PREFIX):
        target = Path(database_url.removeprefix(SQLITE_PREFIX))
        await asyncio.to_thread(_copy_if_new, template, target)


def _copy_if_new(template: SeededTemplate, target: Path) -> None:
    if not target.exists():
        shutil.copyfile(template.path(), target)
