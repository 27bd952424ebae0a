"""Search indexes (and parsed procedures) of the last few catalogs, by content checksum.

Building the index of the full catalog (about a thousand procedures) takes a second of CPU.
A catalog version's content never changes and its checksum is stored with it, so an index
built once for a checksum can serve every engine over the same content in this process: a
rollback to a recent version, several applications in one test process, a worker and the
bot in the demo. The index is immutable, so sharing it is safe; engines and snapshots (which
carry the version id and the answer cache) are still built per catalog service. The parsed
procedures of that content are kept beside the index, so a catalog service that finds the
checksum here does not parse the thousand stored entries again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence

from bot.search.index import SearchIndex
from procedures_catalog.schema import Procedure

MEMO_SIZE = 1  # the current catalog; a replaced index must be collectable


class IndexMemo:
    """A small thread-safe LRU of built indexes keyed by content checksum."""

    def __init__(self, size: int = MEMO_SIZE) -> None:
        self._size = size
        self._items: OrderedDict[str, SearchIndex] = OrderedDict()
        self._procedures: OrderedDict[str, tuple[Procedure, ...]] = OrderedDict()
        self._lock = threading.Lock()

    def procedures(self, checksum: str | None) -> tuple[Procedure, ...] | None:
        """The procedures parsed for a catalog of this content, if kept."""
        if checksum is None:
            return None
        with self._lock:
            return self._procedures.get(checksum)

    def keep_procedures(self, checksum: str | None, procedures: Sequence[Procedure]) -> None:
        if checksum is None:
            return
        with self._lock:
            self._procedures[checksum] = tuple(procedures)
            self._procedures.move_to_end(checksum)
            while len(self._procedures) > self._size:
                self._procedures.popitem(last=False)

    def get_or_build(self, key: str | None, build: Callable[[], SearchIndex]) -> SearchIndex:
        """The index for `key`, built with `build` when missing (`None`: never kept)."""
        if key is None:
            return build()
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                return found
        index = build()  # outside the lock: a second builder of the same key only wastes time
        with self._lock:
            self._items[key] = index
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return index

    def __len__(self) -> int:
        return len(self._items)


# One per process, like re's pattern cache: a memo of a pure computation, not a service.
SHARED_MEMO = IndexMemo()
