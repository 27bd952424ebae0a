"""Catalog search: normalisation, synonyms, ranking and intent detection (no Telegram).

What the rest of the bot uses::

    snapshot = CatalogSnapshot.build(procedures, synonyms, version=7)  # CPU, ~1 s
    outcome = snapshot.search("làm lại cccd bị mất")  # SearchOutcome, sync, a few ms
    outcome.intent      # Intent.PROCEDURE / STATUS / GREETING / THANKS / HELP / UNKNOWN
    outcome.decision    # Decision.ANSWER / CLARIFY / NONE
    outcome.results     # tuple[SearchResult(code, title, score)], best first
    outcome.choices     # what to offer as buttons when decision is CLARIFY
    outcome.dossier_codes  # normalised dossier codes found (status questions)
    snapshot.get("1.014064")  # the procedure behind a result, from the same catalog

The bot holds the current snapshot in :class:`bot.catalog.CatalogService`, which swaps it
when the catalog version in the database changes; nothing in this package touches the
database.

Heavy modules (numpy, rapidfuzz) load on first use of these names, so importing the
package stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.search.decision import Decision, Thresholds
    from bot.search.engine import SearchEngine, SearchOutcome, SearchResult
    from bot.search.intent import Intent
    from bot.search.snapshot import CatalogSnapshot

__all__ = [
    "CatalogSnapshot",
    "Decision",
    "Intent",
    "SearchEngine",
    "SearchOutcome",
    "SearchResult",
    "Thresholds",
]

_HOME = {
    "Decision": "bot.search.decision",
    "Thresholds": "bot.search.decision",
    "SearchEngine": "bot.search.engine",
    "SearchOutcome": "bot.search.engine",
    "SearchResult": "bot.search.engine",
    "Intent": "bot.search.intent",
    "CatalogSnapshot": "bot.search.snapshot",
}


def __getattr__(name: str) -> Any:
    if name in _HOME:
        return getattr(importlib.import_module(_HOME[name]), name)
    raise AttributeError(f"module 'bot.search' has no attribute {name!r}")
