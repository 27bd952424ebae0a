"""Pick the user's language from a catalog text: the one place that knows the fallback.

English is shown when the user reads English and the catalog has it; otherwise Vietnamese
(the catalog's required language). Returns plain text: it is escaped when put into a
template (``bot.texts.Texts.get``), and used as is for button labels.
"""

from __future__ import annotations

from typing import Protocol

from bot.texts import Lang
from procedures_catalog.schema import Procedure


class Bilingual(Protocol):
    """Any catalog text with a Vietnamese and an (optional or required) English version."""

    @property
    def vi(self) -> str: ...

    @property
    def en(self) -> str: ...


def pick(text: Bilingual, lang: Lang | str) -> str:
    """English when asked for and present, else Vietnamese."""
    return text.en if lang == "en" and text.en else text.vi


def title(procedure: Procedure, lang: Lang | str) -> str:
    """The procedure's title in the user's language (Vietnamese when no English title)."""
    return pick(procedure.title, lang)


def summary(procedure: Procedure, lang: Lang | str) -> str:
    return pick(procedure.summary, lang)
