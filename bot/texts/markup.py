"""Telegram HTML that is safe by construction.

:class:`Html` is a :class:`markupsafe.Markup`: the string itself is trusted HTML (a template
from ``bot/texts``, or markup built from such templates), and whatever is combined with it
(``format``, ``+``, ``join``, ``%``) is escaped unless it is already ``Html``/``Markup``. So a
renderer never escapes by hand: catalog, portal and user text is escaped exactly once, when it
is put into a template.

Telegram's HTML needs only ``&``, ``<`` and ``>`` escaped (no value is ever put inside an
attribute), so :meth:`Html.escape` leaves quotes alone, as ``html.escape(..., quote=False)``
did before; rendered messages keep the same bytes and length.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from markupsafe import Markup

__all__ = ["Html", "bold", "code", "italic", "lines"]


class Html(Markup):
    """Trusted Telegram HTML; values combined with it are escaped (``&``, ``<``, ``>``)."""

    __slots__ = ()

    @classmethod
    def escape(cls, s: Any, /) -> Html:
        if hasattr(s, "__html__"):
            return cls(s.__html__())
        text = str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return cls(text)


_NEWLINE = Html("\n")


def lines(parts: Iterable[str]) -> Html:
    """One message from its lines (each escaped unless it is already markup)."""
    return _NEWLINE.join(parts)


def bold(value: object) -> Html:
    return Html("<b>{}</b>").format(value)


def italic(value: object) -> Html:
    return Html("<i>{}</i>").format(value)


def code(value: object) -> Html:
    return Html("<code>{}</code>").format(value)
