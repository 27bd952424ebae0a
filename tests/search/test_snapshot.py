"""CatalogSnapshot: one immutable catalog (version, procedures, engine) and its answer cache."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from bot.search import normalize
from bot.search.engine import SearchEngine
from bot.search.index_memo import IndexMemo
from bot.search.intent import Intent
from bot.search.snapshot import CatalogSnapshot
from procedures_catalog.schema import Procedure


@pytest.fixture
def two(make_procedure: Callable[..., Procedure]) -> list[Procedure]:
    return [
        make_procedure("LOCAL-KET-HON", "Đăng ký kết hôn"),
        make_procedure("LOCAL-KHAI-SINH", "Đăng ký khai sinh"),
    ]


def test_procedures_and_search_come_from_the_same_catalog(two: list[Procedure]) -> None:
    snapshot = CatalogSnapshot.build(two, version=3, checksum="sum")
    assert snapshot.ready and snapshot.version == 3 and snapshot.checksum == "sum"
    assert [p.code for p in snapshot.procedures] == ["LOCAL-KET-HON", "LOCAL-KHAI-SINH"]
    outcome = snapshot.search("đăng ký kết hôn")
    assert outcome.top is not None and outcome.catalog_version == 3
    assert snapshot.get(outcome.top.code) is two[0]
    assert snapshot.get("LOCAL-NONE") is None


def test_a_snapshot_cannot_be_changed(two: list[Procedure]) -> None:
    snapshot = CatalogSnapshot.build(two, version=1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        snapshot.version = 2  # type: ignore[misc]
    with pytest.raises(TypeError):
        snapshot.by_code["LOCAL-X"] = two[0]  # type: ignore[index]
    source = {p.code: p for p in two}
    copied = CatalogSnapshot(version=1, checksum=None, by_code=source, engine=None)
    source.clear()  # the caller's dict is copied, not shared
    assert copied.get("LOCAL-KET-HON") is two[0]


def test_the_empty_snapshot_knows_nothing_and_cannot_search() -> None:
    empty = CatalogSnapshot.empty()
    assert not empty.ready and empty.version is None and empty.procedures == ()
    assert empty.get("LOCAL-KET-HON") is None
    with pytest.raises(RuntimeError):
        empty.search("đăng ký kết hôn")


def test_repeated_questions_are_cached_per_snapshot(two: list[Procedure]) -> None:
    snapshot = CatalogSnapshot.build(two, version=1)
    first = snapshot.search("đăng ký kết hôn")
    assert snapshot.search("đăng ký kết hôn") is first  # served from the cache
    # Texts with digits (ID, phone or dossier numbers) are never kept.
    with_number = snapshot.search("đăng ký kết hôn cccd 001099012345")
    assert snapshot.search("đăng ký kết hôn cccd 001099012345") is not with_number
    later = CatalogSnapshot.build(two[1:], version=2)
    after = later.search("đăng ký kết hôn")
    assert after is not first and after.catalog_version == 2
    assert all(r.code != "LOCAL-KET-HON" for r in after.results)
    assert snapshot.search("đăng ký kết hôn") is first  # the old snapshot is unchanged


def test_the_same_content_shares_its_index_and_other_content_does_not(
    two: list[Procedure],
) -> None:
    memo = IndexMemo(size=1)
    first = CatalogSnapshot.build(two, version=1, checksum="sum-a", memo=memo)
    again = CatalogSnapshot.build(two, version=4, checksum="sum-a", memo=memo)  # a rollback
    assert first.engine is not None and again.engine is not None
    assert again.engine.index is first.engine.index  # built once for that content
    assert again.engine is not first.engine and again.version == 4
    other = CatalogSnapshot.build(two[:1], version=2, checksum="sum-b", memo=memo)
    assert other.engine is not None and other.engine.index is not first.engine.index
    unknown = CatalogSnapshot.build(two[:1], version=3, memo=memo)  # no checksum: no share
    assert unknown.engine is not None and unknown.engine.index is not other.engine.index
    assert len(memo) == 1


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("làm lại căn cước bị mất", Intent.PROCEDURE),
        ("hồ sơ cấp lại căn cước của tôi đã duyệt chưa", Intent.STATUS),  # names a procedure
        ("tra cứu hồ sơ 000.00.27.H27-250801-0001", Intent.STATUS),
        ("xin chào", Intent.GREETING),
    ],
)
def test_a_question_is_tokenised_once(
    search_engine: SearchEngine, monkeypatch: pytest.MonkeyPatch, text: str, intent: Intent
) -> None:
    pieces: list[str] = []
    words = normalize._TOKEN

    class Counting:
        """Every tokenisation, whatever function it goes through, splits pieces with it."""

        def findall(self, piece: str) -> list[str]:
            pieces.append(piece)
            return words.findall(piece)

    monkeypatch.setattr(normalize, "_TOKEN", Counting())
    assert search_engine.search(text).intent is intent
    # intent signals and the ranking share the tokens: each sentence piece is split once
    assert pieces == normalize.sentence_texts(text)
