"""The search service the bot holds: the current engine, swapped when the catalog changes.

The catalog lives in the database as numbered versions (staff import a new one, or roll
back). :meth:`SearchService.refresh_if_changed` asks for the current version id, and only
when it differs from the one the engine was built from does it load the procedures and
build a new engine in a worker thread (``asyncio.to_thread``), then swaps it in with one
assignment. Searches running meanwhile keep using the old, immutable engine; nothing
restarts. Concurrent refreshes are serialised by a lock so a version is built once.

Citizens ask the same short questions over and over ("lam lai cccd"), so outcomes of short
texts without digits are kept in an LRU cache that belongs to the engine and goes with it on
a swap. Texts with digits are never cached: they may hold ID, phone or dossier numbers, and
they rarely repeat anyway.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

from bot.search.engine import DEFAULT_TOP, SearchEngine, SearchOutcome
from bot.search.index import SearchIndex
from bot.search.index_memo import SHARED_MEMO, IndexMemo
from bot.search.synonyms import SynonymEntry, load_synonyms
from procedures_catalog.schema import Procedure

log = logging.getLogger(__name__)

CACHE_SIZE = 4096
CACHEABLE_CHARS = 200

VersionGetter = Callable[[], Awaitable[int | None]]
SearchFn = Callable[[str, int], SearchOutcome]
CatalogLoader = Callable[[], Awaitable[list[Procedure]]]
# The content checksum of what the loader returned (None: unknown, do not share the index)
ContentKey = Callable[[], str | None]


class SearchService:
    """Holds the current :class:`SearchEngine` and the catalog version it was built from."""

    def __init__(
        self,
        engine: SearchEngine | None = None,
        *,
        synonyms: Sequence[SynonymEntry] = (),
        memo: IndexMemo = SHARED_MEMO,
    ) -> None:
        self._engine: SearchEngine | None = None
        self._cached: SearchFn | None = None
        if engine is not None:
            self._install(engine)
        self._synonyms = tuple(synonyms)
        self._synonyms_key = repr(self._synonyms)
        self._memo = memo
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

    def _install(self, engine: SearchEngine) -> None:
        self._cached = functools.lru_cache(maxsize=CACHE_SIZE)(engine.search)
        self._engine = engine

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
        engine, cached = self._engine, self._cached
        if engine is None or cached is None:
            raise RuntimeError("the search index is not built yet")
        if len(text) <= CACHEABLE_CHARS and not any(ch.isdigit() for ch in text):
            return cached(text, top)
        return engine.search(text, top)

    async def refresh_if_changed(
        self, get_version: VersionGetter, load: CatalogLoader, content_key: ContentKey | None = None
    ) -> bool:
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
            checksum = content_key() if content_key is not None else None
            key = f"{checksum}|{hash(self._synonyms_key)}" if checksum else None

            def build() -> SearchIndex:
                return SearchIndex.build(procedures, self._synonyms)

            index = await asyncio.to_thread(self._memo.get_or_build, key, build)
            engine = SearchEngine(index, catalog_version=version)
            self._install(engine)
            self.rebuilds += 1
            log.info("search index rebuilt: %d procedures, version %s", len(procedures), version)
            return True
