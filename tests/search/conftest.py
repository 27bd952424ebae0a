"""Fixtures for the search tests: the bundled catalog, one shared engine, a procedure factory."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from bot.search.engine import SearchEngine
from bot.search.synonyms import SynonymEntry, load_synonyms
from procedures_catalog.loader import BUNDLED_DIR, SYNONYMS_FILE, read_catalog
from procedures_catalog.schema import Procedure


@pytest.fixture(scope="session")
def bundled_procedures() -> list[Procedure]:
    return read_catalog(BUNDLED_DIR).procedures


@pytest.fixture(scope="session")
def bundled_synonyms() -> list[SynonymEntry]:
    return load_synonyms(BUNDLED_DIR / SYNONYMS_FILE)


@pytest.fixture(scope="session")
def search_engine(
    bundled_procedures: list[Procedure], bundled_synonyms: list[SynonymEntry]
) -> SearchEngine:
    """One engine over the bundled catalog, shared by every test (it is immutable)."""
    return SearchEngine.build(bundled_procedures, bundled_synonyms)


def procedure(code: str, title: str, **extra: Any) -> Procedure:
    """A minimal valid procedure for unit tests."""
    data: dict[str, Any] = {
        "code": code,
        "code_is_local": code.startswith("LOCAL-"),
        "title": {"vi": title, "en": extra.pop("title_en", "")},
        "summary": {"vi": extra.pop("summary", title), "en": ""},
        "field": extra.pop("field", "Hộ tịch"),
        "level": ["Cấp xã"],
        "agency": "UBND cấp xã",
        "last_reviewed": date(2026, 1, 1),
        "source": "test",
    }
    data.update(extra)
    return Procedure.model_validate(data)


@pytest.fixture
def make_procedure() -> Callable[..., Procedure]:
    return procedure
