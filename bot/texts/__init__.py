"""User-facing strings in Vietnamese and English, looked up by key.

Each area keeps its strings in its own module (``bot/texts/<area>.py``) as two dicts,
``VI`` and ``EN``, with the same keys. Strings are ``str.format`` templates of trusted
Telegram HTML: :meth:`Texts.get` returns :class:`~bot.texts.markup.Html` (a markupsafe
``Markup``) and escapes every value it is given unless the value is already ``Html``, so no
caller escapes by hand. Vietnamese is the default language.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Literal

from bot.texts.markup import Html

Lang = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = ("vi", "en")
DEFAULT_LANG: Lang = "vi"

# Every area module registered here is merged into one table; a duplicate key is an error.
AREAS: tuple[str, ...] = (
    "common",
    "card",
    "chat",
    "clarify",
    "life_events",
    "places",
    "privacy",
    "staff",
    "console",
    "console_dashboard",
    "console_procedures",
    "console_questions",
    "status",
    "tracking",
    "fallbacks",
    "handoff",
)


class MissingTextError(KeyError):
    """Raised when a key is unknown: a programming error caught by the tests."""


def _load() -> dict[Lang, dict[str, str]]:
    table: dict[Lang, dict[str, str]] = {"vi": {}, "en": {}}
    for area in AREAS:
        module = importlib.import_module(f"bot.texts.{area}")
        pairs: tuple[tuple[Lang, dict[str, str]], ...] = (("vi", module.VI), ("en", module.EN))
        for lang, strings in pairs:
            clash = table[lang].keys() & strings.keys()
            if clash:
                raise RuntimeError(f"duplicate text keys in bot.texts.{area}: {sorted(clash)}")
            table[lang].update(strings)
    return table


class Texts:
    """Lookup of user-facing strings; build one per application (no module singleton)."""

    def __init__(self) -> None:
        self._table = _load()

    def keys(self, lang: Lang) -> Mapping[str, str]:
        return self._table[lang]

    def get(self, lang: str | None, key: str, **params: object) -> Html:
        """The text as trusted HTML; each parameter is escaped unless it is ``Html``."""
        language: Lang = "en" if lang == "en" else DEFAULT_LANG
        try:
            template = Html(self._table[language][key])
        except KeyError as exc:
            raise MissingTextError(key) from exc
        return template.format(**params) if params else template


def normalize_lang(code: str | None) -> Lang:
    """Map a Telegram ``language_code`` (e.g. ``en-US``) to a supported language."""
    return "en" if code and code.lower().startswith("en") else DEFAULT_LANG
