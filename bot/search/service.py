"""The search service the bot holds: the current engine, swapped when the catalog changes.

The catalog lives in the database as numbered versions (staff import a new one, or roll
back). :meth:`SearchService.refresh_if_changed` asks for the current version id, and only
when it differs from the one the engine was built from does it load the procedures and
build a new engine in a worker thread (``asyncio.to_thread``), then swaps it in with one
assignment. Searches running meanwhile keep using the old, immutable engine; nothing
restarts. Concurrent refreshes are serialised by a lock so a version is built once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

from bot.search.engine import DEFAULT_TOP, SearchEngine, SearchOutcome
from bot.search.synonyms import SynonymEntry, load_synonyms
from procedures_catalog.schema import Procedure

log = logging.getLogger(__name__)

VersionGetter = Callable[[], Awaitable[int | None]]
CatalogLoader = Callable[[], Awaitable[list[Procedure]]]


class SearchService:
    """Holds the current :class:`SearchEngine` and the catalog version it was built from."""

    def __init__(
        self,
        engine: SearchEngine | None = None,
        *,
        synonyms: Sequence[SynonymEntry] = (),
    ) -> None:
        self._engine = engine
        self._synonyms = tuple(synonyms)
        self._lock = asyncio.Lock()
        self.rebuilds = 0

    @classmethod
    def from_procedures(
        cls,
        procedures: Sequence[Procedure],
        synonyms: Sequence[SynonymEntry] = (),
        *,
        catalog_version: int | None = None,
    ) -> SearchService:
        """A service with an engine built now (synchronously), e.g. from the bundled files."""
        engine = SearchEngine.build(procedures, synonyms, catalog_version=catalog_version)
        return cls(engine, synonyms=synonyms)

    @classmethod
    def from_directory(cls, path: Path | None = None) -> SearchService:
        """A service over a catalog directory (default: the bundled catalog)."""
        from procedures_catalog.loader import BUNDLED_DIR, SYNONYMS_FILE, load_directory

        directory = path or BUNDLED_DIR
        synonyms = load_synonyms(directory / SYNONYMS_FILE)
        return cls.from_procedures(load_directory(directory), synonyms)

    @property
    def engine(self) -> SearchEngine | None:
        return self._engine

    @property
    def version(self) -> int | None:
        """Catalog version id of the current engine (None: bundled files or not built yet)."""
        return self._engine.catalog_version if self._engine else None

    @property
    def ready(self) -> bool:
        return self._engine is not None

    def search(self, text: str, top: int = DEFAULT_TOP) -> SearchOutcome:
        """Search with the current engine (sync, a few ms). Raises if nothing is loaded."""
        engine = self._engine
        if engine is None:
            raise RuntimeError("the search index is not built yet")
        return engine.search(text, top)

    async def refresh_if_changed(self, get_version: VersionGetter, load: CatalogLoader) -> bool:
        """Rebuild when the catalog version changed; True when a new engine was swapped in.

        A `None` version means "no catalog version recorded": the current engine is kept if
        there is one. Errors while loading or building leave the current engine in place
        and propagate to the caller (who logs them and retries later).
        """
        async with self._lock:
            version = await get_version()
            current = self._engine
            if current is not None and (version is None or version == current.catalog_version):
                return False
            procedures = await load()
            engine = await asyncio.to_thread(
                SearchEngine.build, procedures, self._synonyms, catalog_version=version
            )
            self._engine = engine
            self.rebuilds += 1
            log.info("search index rebuilt: %d procedures, version %s", len(procedures), version)
            return True
