"""The catalog the bot serves: one immutable snapshot, swapped when the database changes.

The database holds numbered catalog versions (staff import or roll back). At start-up an
empty database is seeded with the bundled catalog; afterwards :meth:`CatalogService.refresh`
(a periodic job) asks for the current version id and, only when it differs from the
snapshot's, loads that version, builds a new :class:`~bot.search.snapshot.CatalogSnapshot`
(procedures by code and the search engine) in a worker thread and swaps it in with one
assignment. Searches running meanwhile keep the old snapshot; nothing restarts. Concurrent
refreshes are serialised by a lock so a version is built once.

Callers take ``snapshot = catalog.current`` once per update and use it for everything; the
shortcuts :meth:`~CatalogService.search` and :meth:`~CatalogService.get` read the current
snapshot for callers that make a single call.

After a swap the heap is collected once and frozen (``gc.freeze``): the index and the rest
of what lives as long as the process (about 180,000 objects with the bundled catalog) would
otherwise be walked again by every full collection while the bot answers (measured: about
4 % of throughput under load). The previous freeze is undone first, so the replaced
snapshot is collected.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db import catalog_store as store
from bot.search.engine import DEFAULT_TOP, SearchOutcome
from bot.search.index_memo import SHARED_MEMO, IndexMemo
from bot.search.snapshot import CatalogSnapshot
from bot.search.synonyms import SynonymEntry, load_synonyms
from procedures_catalog.loader import BUNDLED_DIR, SYNONYMS_FILE, load_bundled
from procedures_catalog.schema import Procedure

log = logging.getLogger(__name__)
SYSTEM_AUTHOR = "system"


class CatalogService:
    """Holds the current :class:`CatalogSnapshot` and refreshes it from the database."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        synonyms: Sequence[SynonymEntry] | None = None,
        memo: IndexMemo = SHARED_MEMO,
    ) -> None:
        self._sessions = sessions
        if synonyms is None:
            synonyms = load_synonyms(BUNDLED_DIR / SYNONYMS_FILE)
        self._synonyms = tuple(synonyms)
        self._memo = memo
        self._current = CatalogSnapshot.empty()
        self._lock = asyncio.Lock()
        self.rebuilds = 0
        #: Collect and freeze the heap after a swap (see the module docstring). A process
        #: that runs many applications, such as the test suite, turns it off: each freeze
        #: walks that whole process's heap.
        self.freeze_heap = True

    @property
    def current(self) -> CatalogSnapshot:
        """The snapshot to use for a whole update (take it once, keep it)."""
        return self._current

    @property
    def synonyms(self) -> tuple[SynonymEntry, ...]:
        """The synonyms every snapshot is built with (also for previews of a change)."""
        return self._synonyms

    @property
    def version(self) -> int | None:
        return self._current.version

    @property
    def procedures(self) -> Sequence[Procedure]:
        return self._current.procedures

    def get(self, code: str) -> Procedure | None:
        return self._current.get(code)

    def search(self, text: str, top: int = DEFAULT_TOP) -> SearchOutcome:
        return self._current.search(text, top)

    async def ensure_seeded(self) -> None:
        """Import the bundled catalog when the database has no catalog yet."""
        if await store.current_version_id(self._sessions) is None:
            result = await store.import_catalog(
                self._sessions,
                load_bundled(),
                author=SYSTEM_AUTHOR,
                note="bundled catalog",
                source=str(BUNDLED_DIR),
            )
            log.info(
                "seeded the catalog from the bundled files (%d procedures)",
                result.version.procedure_count,
            )

    async def refresh(self) -> bool:
        """Swap in a snapshot of the current version when it changed; True when swapped.

        With no version recorded the current snapshot is kept once one is loaded. Errors
        while loading or building leave the current snapshot in place and propagate to the
        caller (who logs them and retries later).
        """
        async with self._lock:
            version = await store.current_version_id(self._sessions)
            if self._current.ready and version in (None, self._current.version):
                return False
            loaded = await store.current_catalog(self._sessions, parsed=self._memo.procedures)
            info, procedures = loaded if loaded is not None else (None, [])
            snapshot = await asyncio.to_thread(
                CatalogSnapshot.build,
                procedures,
                self._synonyms,
                version=info.id if info is not None else None,
                checksum=info.checksum if info is not None else None,
                memo=self._memo,
            )
            self._current = snapshot
            self.rebuilds += 1
        log.info(
            "catalog snapshot swapped: %d procedures, version %s",
            len(snapshot.by_code),
            snapshot.version,
        )
        if self.freeze_heap:
            freeze_long_lived()  # no reference to the replaced snapshot is left to keep it
        return True


def freeze_long_lived() -> None:
    """Collect, then move everything alive to the permanent generation full collections
    skip (undoing the previous freeze first, so that garbage is not kept for ever)."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
