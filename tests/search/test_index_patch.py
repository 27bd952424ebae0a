"""SearchIndex.patched: the index of a slightly changed catalog, without a full build.

The proof is a comparison with a full build of the changed catalog: the same features,
texts, idf, postings and phrases (matched by name, since new features and texts are
numbered after the existing ones), and the same search outcomes on the whole development
set (decisions, intents, candidates, unrounded scores within 1e-9).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

from bot.search.engine import SearchEngine
from bot.search.evaluation import load_queries
from bot.search.index import Postings, SearchIndex
from bot.search.snapshot import CatalogSnapshot
from bot.search.synonyms import SynonymEntry
from procedures_catalog.schema import Procedure

DEV = Path(__file__).resolve().parents[1] / "data" / "search_dev.tsv"
TOLERANCE = 1e-9


@pytest.fixture(scope="module")
def dev_questions() -> list[str]:
    return [row.query for row in load_queries(DEV)]


def _phrase(rng: random.Random, questions: list[str]) -> str:
    """Words a citizen used: a few consecutive words of a development question."""
    words = re.sub(r"[^\w ]", " ", rng.choice(questions)).split()
    start = rng.randrange(max(len(words) - 2, 1))
    return " ".join(words[start : start + rng.randint(2, 5)])


def _changed(
    procedures: list[Procedure], field: str, count: int, seed: int, questions: list[str]
) -> tuple[list[Procedure], list[int]]:
    rng = random.Random(seed)
    docs = sorted(rng.sample(range(len(procedures)), count))
    after = list(procedures)
    for n, d in enumerate(docs):
        # one made-up word in the first change: features the catalog never had
        phrase = _phrase(rng, questions) + (" chàoxyz đờiqk" if n == 0 else "")
        old = procedures[d]
        after[d] = old.model_copy(update={field: [*getattr(old, field), phrase]})
    return after, docs


def _no_full_build(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> SearchIndex:
        raise AssertionError("patched fell back to a full build")

    monkeypatch.setattr(SearchIndex, "_built", classmethod(refuse))


def _text_keys(index: SearchIndex) -> list[tuple[Any, ...]]:
    """Each distinct text by its words, plain features (in order) and accent features."""
    source = index.source
    assert source is not None
    names = {i: name for name, i in index.feature_ids.items()}
    keys = []
    for t, words in enumerate(index.texts):
        row = source.text_features[source.text_ptr[t] : source.text_ptr[t + 1]].tolist()
        n = int(source.plain_len[t])
        keys.append((words, tuple(names[i] for i in row[:n]), frozenset(names[i] for i in row[n:])))
    return keys


def _triples(post: Postings, features: npt.NDArray[np.int64], targets: Any) -> Any:
    """(feature, target, weight) rows of postings in another numbering, sorted."""
    feature = features[np.repeat(np.arange(len(post.ptr) - 1), np.diff(post.ptr))]
    target = targets[post.ids]
    order = np.lexsort((post.weights, target, feature))
    return np.stack([feature[order], target[order], post.weights[order].astype(np.float64)])


def _assert_same_index(patched: SearchIndex, full: SearchIndex) -> None:
    """Everything that matters for a search is equal, features and texts matched by name."""
    assert patched.feature_ids.keys() == full.feature_ids.keys()
    features = np.zeros(len(patched.feature_ids), dtype=np.int64)
    for name, i in patched.feature_ids.items():
        features[i] = full.feature_ids[name]
    keys, full_keys = _text_keys(patched), _text_keys(full)
    assert sorted(keys) == sorted(full_keys) and len(set(keys)) == len(keys)
    where = {key: t for t, key in enumerate(full_keys)}
    texts = np.asarray([where[key] for key in keys], dtype=np.int64)
    docs = np.arange(patched.size, dtype=np.int64)
    assert np.array_equal(full.idf[features], patched.idf)
    assert patched.unknown_idf == full.unknown_idf
    for name, targets in (
        ("text_postings", texts),
        ("doc_postings", docs),
        ("names_postings", docs),
    ):
        a = _triples(getattr(patched, name), features, targets)
        b = _triples(getattr(full, name), np.arange(len(full.idf)), np.arange(len(targets)))
        assert np.array_equal(a, b), name
    # phrases: same per procedure, in the same order, with the same weights and masses
    assert np.array_equal(texts[patched.phrase_text], full.phrase_text)
    for name in ("phrase_doc", "phrase_weight", "phrase_mass", "doc_phrase_start"):
        assert np.array_equal(getattr(patched, name), getattr(full, name)), name
    for name in ("title_phrase", "title_en_phrase", "official"):
        assert np.array_equal(getattr(patched, name), getattr(full, name)), name
    assert patched.procedures == full.procedures and patched.code_to_doc == full.code_to_doc
    assert patched.known_words == full.known_words
    assert patched.correction_vocab == full.correction_vocab


def _assert_same_search(patched: SearchEngine, full: SearchEngine, questions: list[str]) -> None:
    for question in questions:
        a, b = patched.search(question), full.search(question)
        assert (a.intent, a.decision) == (b.intent, b.decision), question
        assert [r.code for r in a.results] == [r.code for r in b.results], question
        assert [r.code for r in a.choices] == [r.code for r in b.choices], question
        for r, s in zip(a.results, b.results, strict=True):
            assert abs(r.score - s.score) <= TOLERANCE, question
        ca, cb = patched.candidates(question), full.candidates(question)
        assert [c.code for c in ca] == [c.code for c in cb], question
        for x, y in zip(ca, cb, strict=True):
            for part in ("score", "feature_score", "fuzzy_score", "exclusive", "query_coverage"):
                assert abs(getattr(x, part) - getattr(y, part)) <= TOLERANCE, (question, part)


@pytest.mark.parametrize(
    ("field", "count", "seed"),
    [("aliases", 1, 1), ("keywords", 1, 2), ("aliases", 3, 3), ("keywords", 3, 4)],
)
def test_a_patched_index_searches_like_a_full_build(
    field: str,
    count: int,
    seed: int,
    bundled_procedures: list[Procedure],
    bundled_synonyms: list[SynonymEntry],
    search_engine: SearchEngine,
    dev_questions: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base = search_engine.index
    assert base.source is not None
    kept = (len(base.feature_ids), base.texts, base.source.inst_text.copy(), base.idf.copy())
    after, docs = _changed(bundled_procedures, field, count, seed, dev_questions)
    full = SearchIndex.build(after, bundled_synonyms)
    with monkeypatch.context() as patch:
        _no_full_build(patch)
        patched = base.patched(bundled_procedures, after)
    assert len(patched.feature_ids) > len(base.feature_ids)  # new words, numbered after
    assert patched.texts[: len(base.texts)] == base.texts
    _assert_same_index(patched, full)
    # The index equality above is the proof; searches confirm it on a quarter of the
    # development set plus the changed procedures' own new phrases.
    added = [getattr(after[d], field)[-1] for d in docs]
    questions = [*added, *dev_questions[seed % 4 :: 4]]
    _assert_same_search(SearchEngine(patched), SearchEngine(full), questions)
    # the base index is untouched
    assert (len(base.feature_ids), base.texts) == kept[:2]
    assert (base.source.inst_text == kept[2]).all() and (base.idf == kept[3]).all()


def test_nothing_changed_is_the_same_index(
    bundled_procedures: list[Procedure], search_engine: SearchEngine
) -> None:
    copies = [p.model_copy() for p in bundled_procedures]
    assert search_engine.index.patched(bundled_procedures, copies) is search_engine.index


def _catalog(make_procedure: Callable[..., Procedure]) -> list[Procedure]:
    return [
        make_procedure("LOCAL-KET-HON", "Đăng ký kết hôn", aliases=["cưới vợ", "lấy chồng"]),
        make_procedure("LOCAL-KHAI-SINH", "Đăng ký khai sinh", keywords=["giấy khai sinh"]),
        make_procedure("LOCAL-CCCD", "Cấp lại thẻ căn cước", aliases=["làm lại cccd"]),
        make_procedure("LOCAL-HO-CHIEU", "Cấp hộ chiếu phổ thông", title_en="Passport"),
    ]


def _update(proc: Procedure, **fields: Any) -> Procedure:
    return proc.model_copy(update=fields)


@pytest.mark.parametrize(
    "edit",
    [
        # patched: text added
        lambda c: {1: _update(c[1], aliases=["chào đời", "đăng ký kết hôn"])},
        lambda c: {0: _update(c[0], keywords=["kết hôn"]), 3: _update(c[3], aliases=["passport"])},
        # rebuilt: a text leaves the procedure, the catalog is reordered or grows
        lambda c: {0: _update(c[0], aliases=["cưới vợ"])},
        lambda c: {2: _update(c[2], title=c[2].title.model_copy(update={"vi": "Cấp căn cước"}))},
        # the same words with another break: which text a full build keeps depends on order
        lambda c: {0: _update(c[0], aliases=[*c[0].aliases, "đăng ký. kết hôn"])},
    ],
)
def test_small_catalogs_patch_or_rebuild_to_the_same_index(
    edit: Callable[[list[Procedure]], dict[int, Procedure]],
    make_procedure: Callable[..., Procedure],
) -> None:
    before = _catalog(make_procedure)
    base = SearchIndex.build(before)
    after = list(before)
    for d, proc in edit(before).items():
        after[d] = proc
    _assert_same_index(base.patched(before, after), SearchIndex.build(after))


def test_a_different_list_of_procedures_is_built_in_full(
    make_procedure: Callable[..., Procedure],
) -> None:
    before = _catalog(make_procedure)
    base = SearchIndex.build(before)
    for after in (before[::-1], before[:-1], [*before, make_procedure("LOCAL-X", "Xin visa")]):
        _assert_same_index(base.patched(before, after), SearchIndex.build(after))


def test_a_patched_snapshot_is_the_changed_catalog(
    bundled_procedures: list[Procedure],
    bundled_synonyms: list[SynonymEntry],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = CatalogSnapshot.build(bundled_procedures, bundled_synonyms, version=4)
    target = bundled_procedures[10]
    changed = _update(target, aliases=[*target.aliases, "tên gọi thử nghiệm"])
    after_list = [changed if p.code == target.code else p for p in bundled_procedures]
    _no_full_build(monkeypatch)
    after = before.patched(after_list)
    assert after.version is None and after.checksum is None
    assert after.get(target.code) is changed and before.get(target.code) is target
    outcome = after.search("tên gọi thử nghiệm")
    assert outcome.top is not None and outcome.top.code == target.code
    assert outcome.catalog_version is None
    assert before.engine is not None and after.engine is not None
    assert after.engine.index is not before.engine.index
    with pytest.raises(RuntimeError):
        CatalogSnapshot.empty().patched(after_list)
