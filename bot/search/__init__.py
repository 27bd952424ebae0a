"""Catalog search: normalisation, synonyms, ranking and intent detection (no Telegram).

What the rest of the bot uses::

    service = SearchService.from_directory()          # or SearchService() + refresh
    outcome = service.search("làm lại cccd bị mất")   # SearchOutcome, sync, a few ms
    outcome.intent      # Intent.PROCEDURE / STATUS / GREETING / THANKS / HELP / UNKNOWN
    outcome.decision    # Decision.ANSWER / CLARIFY / NONE
    outcome.results     # tuple[SearchResult(code, title, score)], best first
    outcome.choices     # what to offer as buttons when decision is CLARIFY
    outcome.dossier_codes  # normalised dossier codes found (status questions)
    await service.refresh_if_changed(get_version, load)  # swap when the catalog changes

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
    from bot.search.service import SearchService

__all__ = [
    "Decision",
    "Intent",
    "SearchEngine",
    "SearchOutcome",
    "SearchResult",
    "SearchService",
    "Thresholds",
]

_HOME = {
    "Decision": "bot.search.decision",
    "Thresholds": "bot.search.decision",
    "SearchEngine": "bot.search.engine",
    "SearchOutcome": "bot.search.engine",
    "SearchResult": "bot.search.engine",
    "Intent": "bot.search.intent",
    "SearchService": "bot.search.service",
}


def __getattr__(name: str) -> Any:
    if name in _HOME:
        return getattr(importlib.import_module(_HOME[name]), name)
    raise AttributeError(f"module 'bot.search' has no attribute {name!r}")
