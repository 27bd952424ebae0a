"""The effect preview searches a patched copy of the current catalog, not a new build, and
measures exactly what a full build of the changed catalog would."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.catalog import CatalogService
from bot.db import catalog_store as store
from bot.db.engine import session_factory
from bot.db.models import QueryLog
from bot.learning import LearningService
from bot.learning.changes import CatalogChange, ChangeKind
from bot.learning.effect import measure_effect
from bot.search.index import SearchIndex
from bot.search.index_memo import IndexMemo
from bot.search.snapshot import CatalogSnapshot
from procedures_catalog.loader import load_bundled

NOW = datetime(2026, 12, 20, 9, tzinfo=UTC)
BIRTH = "1.001193"
LOGGED = [
    ("xin giấy ra đời cho bé", 3),
    ("làm giấy ra đời cho bé ở đâu", 2),
    ("giấy chào đời cho con", 2),
    ("đăng ký kết hôn", 4),
    ("giấy khai sinh bản sao", 1),
]


@pytest.fixture
async def learning(engine: AsyncEngine) -> LearningService:
    sessions = session_factory(engine)
    civil = [p for p in load_bundled() if p.field == "Hộ tịch" and p.kind.value == "curated"]
    await store.import_catalog(sessions, civil, author="system", source="test")
    async with sessions.begin() as session:
        for text, times in LOGGED:
            for i in range(times):
                session.add(
                    QueryLog(
                        user_hash=f"h{i}",
                        query=text,
                        intent="procedure",
                        decision="none",
                        created_at=NOW - timedelta(days=1, minutes=i),
                    )
                )
    catalog = CatalogService(sessions, memo=IndexMemo(size=2))
    return LearningService(sessions, catalog, clock=lambda: NOW)


@pytest.mark.parametrize(
    "change",
    [
        CatalogChange(ChangeKind.ATTACH, "giấy ra đời", BIRTH),
        CatalogChange(ChangeKind.SYNONYM, "chào đời", meaning="khai sinh"),
    ],
)
async def test_the_preview_patches_the_index_and_measures_what_a_full_build_would(
    learning: LearningService, change: CatalogChange, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = await learning.snapshot()
    group = (await learning.groups(days=30)).open[0]
    measured: list[tuple[CatalogSnapshot, Any, Any, Any]] = []
    original: Callable[..., Any] = measure_effect

    def spy(before: CatalogSnapshot, after: CatalogSnapshot, texts: Any, **kwargs: Any) -> Any:
        effect = original(before, after, texts, **kwargs)
        measured.append((after, texts, kwargs, effect))
        return effect

    def refuse(*args: Any, **kwargs: Any) -> SearchIndex:
        raise AssertionError("the preview built a whole index")

    monkeypatch.setattr("bot.learning.service.measure_effect", spy)
    with monkeypatch.context() as patch:
        patch.setattr(SearchIndex, "_built", classmethod(refuse))
        preview = await learning.preview(group, change)
    assert preview.effect.rerun_texts > 1 and preview.effect.changes  # answers move
    ((after, texts, kwargs, effect),) = measured
    assert after.get(BIRTH) != before.get(BIRTH)
    full = CatalogSnapshot.build(after.procedures, learning._catalog.synonyms)
    assert measure_effect(before, full, texts, **kwargs) == effect
    assert learning._catalog.current is before  # nothing changed
