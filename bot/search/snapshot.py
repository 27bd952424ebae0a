"""One catalog as the bot serves it: version, procedures by code and the search engine over them.

A :class:`CatalogSnapshot` is an immutable value. :class:`bot.catalog.CatalogService` builds
a new one when the catalog version in the database changes and swaps its reference in one
assignment; a caller takes ``snapshot = services.catalog.current`` once per update and uses
it for everything (search, card lookup), so a refresh that lands in the middle of an update
cannot mix two versions. Nothing here touches the database.

Citizens ask the same short questions over and over ("lam lai cccd"), so outcomes of short
texts without digits are kept in an LRU cache that belongs to the snapshot and is dropped
with it. Texts with digits are never cached: they may hold ID, phone or dossier numbers, and
they rarely repeat anyway.

:meth:`CatalogSnapshot.patched` is the catalog with a few procedures changed, without a full
index build: what a staff preview of a new alias or keyword searches with.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from bot.search.engine import DEFAULT_TOP, SearchEngine, SearchOutcome
from bot.search.index import SearchIndex
from bot.search.index_memo import SHARED_MEMO, IndexMemo
from bot.search.synonyms import SynonymEntry
from procedures_catalog.schema import Procedure

CACHE_SIZE = 4096
CACHEABLE_CHARS = 200

_Search = Callable[[str, int], SearchOutcome]


@dataclass(frozen=True, eq=False)
class CatalogSnapshot:
    """Procedures by code plus the engine built for them; never changed once built."""

    #: catalog version id in the database (None: bundled files, or nothing loaded yet)
    version: int | None
    #: content checksum of the version (None: unknown)
    checksum: str | None
    by_code: Mapping[str, Procedure]
    #: None only for :meth:`empty` (before the first load)
    engine: SearchEngine | None
    _cached: _Search | None = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # a read-only copy: the caller's mapping can change nothing here afterwards
        object.__setattr__(self, "by_code", MappingProxyType(dict(self.by_code)))
        engine = self.engine
        cached = functools.lru_cache(maxsize=CACHE_SIZE)(engine.search) if engine else None
        object.__setattr__(self, "_cached", cached)

    @classmethod
    def empty(cls) -> CatalogSnapshot:
        """What the bot holds before the catalog is first loaded (searching raises)."""
        return cls(version=None, checksum=None, by_code={}, engine=None)

    @classmethod
    def build(
        cls,
        procedures: Sequence[Procedure],
        synonyms: Iterable[SynonymEntry] = (),
        *,
        version: int | None = None,
        checksum: str | None = None,
        memo: IndexMemo = SHARED_MEMO,
    ) -> CatalogSnapshot:
        """Index `procedures` (CPU work of about a second for the full catalog: run it in a
        worker thread from async code). With a `checksum` the index is shared through
        `memo` with any other snapshot of the same content and synonyms."""
        synonym_list = tuple(synonyms)
        key = f"{checksum}|{hash(repr(synonym_list))}" if checksum else None
        index = memo.get_or_build(key, lambda: SearchIndex.build(procedures, synonym_list))
        memo.keep_procedures(checksum, procedures)
        return cls(
            version=version,
            checksum=checksum,
            by_code={p.code: p for p in procedures},
            engine=SearchEngine(index, catalog_version=version),
        )

    def patched(
        self,
        procedures: Sequence[Procedure],
        *,
        version: int | None = None,
        checksum: str | None = None,
    ) -> CatalogSnapshot:
        """This catalog with a few procedures changed (same codes, same order): searches
        exactly like ``CatalogSnapshot.build(procedures, <these synonyms>)`` but only the
        changed procedures are analysed again (milliseconds instead of a second; see
        ``SearchIndex.patched``). Anything else is built in full."""
        engine = self.engine
        if engine is None:
            raise RuntimeError("the search index is not built yet")
        index = engine.index.patched(self.procedures, procedures)
        return CatalogSnapshot(
            version=version,
            checksum=checksum,
            by_code={p.code: p for p in procedures},
            engine=engine.with_index(index, catalog_version=version),
        )

    @property
    def ready(self) -> bool:
        return self.engine is not None

    @property
    def procedures(self) -> Sequence[Procedure]:
        return tuple(self.by_code.values())

    def get(self, code: str) -> Procedure | None:
        return self.by_code.get(code)

    def search(self, text: str, top: int = DEFAULT_TOP) -> SearchOutcome:
        """Search this catalog (sync, a few ms). Raises if nothing is loaded yet."""
        engine, cached = self.engine, self._cached
        if engine is None or cached is None:
            raise RuntimeError("the search index is not built yet")
        if len(text) <= CACHEABLE_CHARS and not any(ch.isdigit() for ch in text):
            return cached(text, top)
        return engine.search(text, top)
