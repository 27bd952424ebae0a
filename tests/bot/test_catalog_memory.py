"""After each index swap the heap is frozen; what a previous freeze held (the replaced index)
must still be collected, or every catalog import would leak the old index."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from bot.catalog import freeze_long_lived


class Node:
    """Part of a reference cycle, like the objects of a search index."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture(autouse=True)
def _thaw() -> Iterator[None]:
    yield
    gc.unfreeze()


def test_the_heap_is_frozen_and_the_replaced_index_is_still_collected() -> None:
    old_index = Node()
    alive = weakref.ref(old_index)
    freeze_long_lived()  # the first index is built
    assert gc.get_freeze_count() > 0
    del old_index  # replaced by a new index: only a cycle keeps it now
    gc.collect()
    assert alive() is not None  # frozen objects are skipped by ordinary collections
    freeze_long_lived()  # the next swap thaws, collects and freezes again
    assert alive() is None
