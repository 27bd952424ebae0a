"""SearchService: rebuild off the event loop and swap when the catalog version changes."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any

import pytest

from bot.search.index import SearchIndex
from bot.search.index_memo import IndexMemo
from bot.search.service import SearchService
from procedures_catalog.schema import Procedure


class Catalog:
    """A fake catalog store: a version id and the procedures of that version."""

    def __init__(self, make: Callable[..., Procedure]) -> None:
        self.version: int | None = 1
        self.make = make
        self.loads = 0
        self.fail = False

    async def get_version(self) -> int | None:
        return self.version

    async def load(self) -> list[Procedure]:
        self.loads += 1
        if self.fail:
            raise RuntimeError("database unavailable")
        if self.version == 1:
            return [self.make("LOCAL-KET-HON", "Đăng ký kết hôn")]
        return [self.make("LOCAL-KHAI-SINH", "Đăng ký khai sinh")]


async def test_builds_then_swaps_only_when_the_version_changes(
    make_procedure: Callable[..., Procedure],
) -> None:
    catalog = Catalog(make_procedure)
    service = SearchService()
    assert not service.ready
    with pytest.raises(RuntimeError):
        service.search("đăng ký kết hôn")
    assert await service.refresh_if_changed(catalog.get_version, catalog.load)
    first = service.engine
    assert service.version == 1
    assert service.search("đăng ký kết hôn").results[0].code == "LOCAL-KET-HON"
    assert not await service.refresh_if_changed(catalog.get_version, catalog.load)
    assert service.engine is first and catalog.loads == 1
    catalog.version = 2
    assert await service.refresh_if_changed(catalog.get_version, catalog.load)
    assert service.engine is not first and service.version == 2
    assert service.search("đăng ký khai sinh").results[0].code == "LOCAL-KHAI-SINH"
    assert service.search("đăng ký khai sinh").catalog_version == 2


async def test_a_missing_version_keeps_the_current_engine(
    make_procedure: Callable[..., Procedure],
) -> None:
    service = SearchService.from_procedures([make_procedure("LOCAL-A", "Đăng ký kết hôn")])
    catalog = Catalog(make_procedure)
    catalog.version = None
    assert not await service.refresh_if_changed(catalog.get_version, catalog.load)
    assert catalog.loads == 0


async def test_the_build_runs_in_a_worker_thread(
    make_procedure: Callable[..., Procedure], monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    original = SearchIndex.build

    def build(*args: Any, **kwargs: Any) -> SearchIndex:
        threads.append(threading.current_thread())
        return original(*args, **kwargs)

    monkeypatch.setattr(SearchIndex, "build", build)
    catalog = Catalog(make_procedure)
    await SearchService().refresh_if_changed(catalog.get_version, catalog.load)
    assert threads and threads[0] is not threading.main_thread()


async def test_concurrent_refreshes_build_once(make_procedure: Callable[..., Procedure]) -> None:
    catalog = Catalog(make_procedure)
    service = SearchService()
    results = await asyncio.gather(
        *(service.refresh_if_changed(catalog.get_version, catalog.load) for _ in range(5))
    )
    assert sorted(results) == [False] * 4 + [True]
    assert service.rebuilds == 1 and catalog.loads == 1


async def test_searches_keep_working_while_rebuilding(
    make_procedure: Callable[..., Procedure],
) -> None:
    catalog = Catalog(make_procedure)
    service = SearchService()
    await service.refresh_if_changed(catalog.get_version, catalog.load)
    catalog.version = 2
    refresh = asyncio.create_task(service.refresh_if_changed(catalog.get_version, catalog.load))
    await asyncio.sleep(0)
    assert service.search("đăng ký kết hôn").intent.value == "procedure"
    assert await refresh


async def test_a_failed_load_keeps_the_old_engine(make_procedure: Callable[..., Procedure]) -> None:
    catalog = Catalog(make_procedure)
    service = SearchService()
    await service.refresh_if_changed(catalog.get_version, catalog.load)
    old = service.engine
    catalog.version, catalog.fail = 2, True
    with pytest.raises(RuntimeError):
        await service.refresh_if_changed(catalog.get_version, catalog.load)
    assert service.engine is old and service.version == 1


async def test_repeated_questions_are_cached_per_engine_and_never_stale(
    make_procedure: Callable[..., Procedure],
) -> None:
    catalog = Catalog(make_procedure)
    service = SearchService()
    await service.refresh_if_changed(catalog.get_version, catalog.load)
    first = service.search("đăng ký kết hôn")
    assert service.search("đăng ký kết hôn") is first  # served from the cache
    # Texts with digits (ID, phone or dossier numbers) are never kept.
    with_number = service.search("đăng ký kết hôn cccd 001099012345")
    assert service.search("đăng ký kết hôn cccd 001099012345") is not with_number
    catalog.version = 2
    await service.refresh_if_changed(catalog.get_version, catalog.load)
    after = service.search("đăng ký kết hôn")
    assert after is not first and after.catalog_version == 2
    assert all(r.code != "LOCAL-KET-HON" for r in after.results)


async def test_the_same_content_reuses_its_index_and_other_content_does_not(
    make_procedure: Callable[..., Procedure],
) -> None:
    catalog = Catalog(make_procedure)
    memo = IndexMemo(size=1)
    first, second = SearchService(memo=memo), SearchService(memo=memo)
    await first.refresh_if_changed(catalog.get_version, catalog.load, lambda: "sum-a")
    await second.refresh_if_changed(catalog.get_version, catalog.load, lambda: "sum-a")
    assert first.engine is not None and second.engine is not None
    assert first.engine.index is second.engine.index  # built once for that content
    third = SearchService(memo=memo)
    await third.refresh_if_changed(catalog.get_version, catalog.load, lambda: "sum-b")
    assert third.engine is not None and third.engine.index is not first.engine.index
    unknown = SearchService(memo=memo)
    await unknown.refresh_if_changed(catalog.get_version, catalog.load)  # no checksum: no share
    assert unknown.engine is not None and unknown.engine.index is not third.engine.index
    assert len(memo) == 1
