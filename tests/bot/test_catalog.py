"""CatalogService: build a snapshot off the event loop, swap it only when the version changes."""

from __future__ import annotations

import asyncio
import gc
import threading
import weakref
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.catalog import CatalogService
from bot.db import catalog_store as store
from bot.db.engine import session_factory
from bot.search.index import SearchIndex
from bot.search.index_memo import IndexMemo
from bot.search.snapshot import CatalogSnapshot
from procedures_catalog.schema import Procedure
from tests.search.conftest import procedure

Sessions = async_sessionmaker[AsyncSession]
MARRIAGE = procedure("LOCAL-KET-HON", "Đăng ký kết hôn")
BIRTH = procedure("LOCAL-KHAI-SINH", "Đăng ký khai sinh")


@pytest.fixture
def sessions(engine: AsyncEngine) -> Sessions:
    return session_factory(engine)


@pytest.fixture
def service(sessions: Sessions) -> CatalogService:
    # a memo of its own: no index is shared with other tests
    return CatalogService(sessions, synonyms=(), memo=IndexMemo(size=2))


async def publish(sessions: Sessions, *procedures: Procedure) -> int:
    result = await store.import_catalog(sessions, procedures, author="staff", source="test")
    return result.version.id


async def test_builds_then_swaps_only_when_the_version_changes(
    sessions: Sessions, service: CatalogService, monkeypatch: pytest.MonkeyPatch
) -> None:
    builds: list[int | None] = []
    original = CatalogSnapshot.build

    def build(*args: Any, **kwargs: Any) -> CatalogSnapshot:
        builds.append(kwargs.get("version"))
        return original(*args, **kwargs)

    monkeypatch.setattr(CatalogSnapshot, "build", build)
    assert not service.current.ready and service.version is None
    with pytest.raises(RuntimeError):
        service.search("đăng ký kết hôn")
    first_version = await publish(sessions, MARRIAGE)
    assert await service.refresh()
    first = service.current
    assert first.version == first_version and service.version == first_version
    assert service.search("đăng ký kết hôn").results[0].code == "LOCAL-KET-HON"
    assert service.get("LOCAL-KET-HON") == MARRIAGE and len(service.procedures) == 1

    assert not await service.refresh()  # unchanged version: nothing is rebuilt
    assert service.current is first and builds == [first_version] and service.rebuilds == 1

    second_version = await publish(sessions, BIRTH)
    assert await service.refresh()
    assert service.current is not first and service.version == second_version
    assert service.search("đăng ký khai sinh").catalog_version == second_version
    assert service.get("LOCAL-KET-HON") is None
    assert builds == [first_version, second_version] and service.rebuilds == 2


async def test_an_update_keeps_the_snapshot_it_took_while_a_swap_happens(
    sessions: Sessions, service: CatalogService, monkeypatch: pytest.MonkeyPatch
) -> None:
    await publish(sessions, MARRIAGE)
    await service.refresh()
    snapshot = service.current  # what a handler takes at the start of an update
    outcome = snapshot.search("đăng ký kết hôn")
    assert outcome.top is not None

    building, release = threading.Event(), threading.Event()
    original = SearchIndex.build

    def slow_build(*args: Any, **kwargs: Any) -> SearchIndex:
        building.set()
        release.wait(10)
        return original(*args, **kwargs)

    monkeypatch.setattr(SearchIndex, "build", slow_build)
    await publish(sessions, BIRTH)
    refresh = asyncio.create_task(service.refresh())
    await asyncio.to_thread(building.wait, 10)
    # while the new snapshot is built, the bot keeps answering from the old one
    assert service.current is snapshot
    assert service.search("đăng ký kết hôn").top == outcome.top
    release.set()
    assert await refresh
    assert service.current is not snapshot and service.get(outcome.top.code) is None
    # the update that began before the swap still finishes on its own catalog
    assert snapshot.get(outcome.top.code) == MARRIAGE
    assert snapshot.search("đăng ký kết hôn").catalog_version == outcome.catalog_version


async def test_an_empty_database_gives_an_empty_catalog_once(service: CatalogService) -> None:
    assert await service.refresh()  # nothing imported yet: searchable, finds nothing
    assert service.current.ready and service.version is None
    assert service.search("đăng ký kết hôn").results == ()
    assert not await service.refresh()  # no version recorded: the snapshot is kept


async def test_the_build_runs_in_a_worker_thread(
    sessions: Sessions, service: CatalogService, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    original = SearchIndex.build

    def build(*args: Any, **kwargs: Any) -> SearchIndex:
        threads.append(threading.current_thread())
        return original(*args, **kwargs)

    monkeypatch.setattr(SearchIndex, "build", build)
    await publish(sessions, MARRIAGE)
    await service.refresh()
    assert threads and threads[0] is not threading.main_thread()


async def test_concurrent_refreshes_build_once(sessions: Sessions, service: CatalogService) -> None:
    await publish(sessions, MARRIAGE)
    results = await asyncio.gather(*(service.refresh() for _ in range(5)))
    assert sorted(results) == [False] * 4 + [True]
    assert service.rebuilds == 1


async def test_a_failed_load_keeps_the_old_snapshot(
    sessions: Sessions, service: CatalogService, monkeypatch: pytest.MonkeyPatch
) -> None:
    first_version = await publish(sessions, MARRIAGE)
    await service.refresh()
    old = service.current

    async def unavailable(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("database unavailable")

    await publish(sessions, BIRTH)
    monkeypatch.setattr(store, "current_catalog", unavailable)
    with pytest.raises(RuntimeError):
        await service.refresh()
    assert service.current is old and service.version == first_version


async def test_a_rollback_reuses_the_index_of_that_content(
    sessions: Sessions, service: CatalogService
) -> None:
    first_version = await publish(sessions, MARRIAGE)
    await service.refresh()
    first = service.current
    await publish(sessions, BIRTH)
    await service.refresh()
    await store.rollback(sessions, first_version, author="staff")
    assert await service.refresh()
    restored = service.current
    assert restored.version != first_version and restored.checksum == first.checksum
    assert restored.engine is not None and first.engine is not None
    assert restored.engine.index is first.engine.index


async def test_a_second_service_on_the_same_content_parses_no_entry(
    sessions: Sessions, monkeypatch: pytest.MonkeyPatch
) -> None:
    memo = IndexMemo(size=2)
    await publish(sessions, MARRIAGE, BIRTH)
    first = CatalogService(sessions, synonyms=(), memo=memo)
    await first.refresh()
    parsed: list[str] = []
    original = Procedure.model_validate_json

    def counting(data: Any, *args: Any, **kwargs: Any) -> Procedure:
        parsed.append(str(data)[:20])
        return original(data, *args, **kwargs)

    monkeypatch.setattr(Procedure, "model_validate_json", counting)
    second = CatalogService(sessions, synonyms=(), memo=memo)
    assert await second.refresh()
    assert parsed == [] and second.get("LOCAL-KET-HON") == MARRIAGE
    assert second.version == first.version and len(second.procedures) == 2
    other = CatalogService(sessions, synonyms=(), memo=IndexMemo(size=2))
    await other.refresh()  # another memo: the entries are read and parsed
    assert len(parsed) == 2


async def test_the_replaced_snapshot_is_collected(
    sessions: Sessions, service: CatalogService
) -> None:
    await publish(sessions, MARRIAGE)
    await service.refresh()
    replaced = weakref.ref(service.current)
    await publish(sessions, BIRTH)
    try:
        assert await service.refresh()  # collects and freezes the heap after the swap
        assert replaced() is None  # not kept alive, let alone frozen for ever
    finally:
        gc.unfreeze()
