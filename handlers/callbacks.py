"""Callback data of the inline buttons: short prefixed strings, at most 64 bytes.

The prefix is a :class:`CallbackKind`; the same enum builds the data (:func:`encode`) and the
handler patterns of bot/telegram/app.py (:func:`pattern`), so a button and its handler cannot
drift apart.

m:<item>                  main menu item (find, status, mine, help)
p:<code>                  open the card of a procedure
n:<code>                  open a life event step's card as a new message
s:<code>:<section>        show a section of the card (edits the card message)
c:<code>                  show the document checklist
k:<code>:<index>          tick/untick a document
f:<code>:<log id>:<1|0>   👍/👎 on an answer
x:<log id>                "none of these" after a clarification
q:<attribute>:<n>:<log id> answer n of a plain-word clarifying question (handlers/clarify.py)
g:<1|0>                   confirm or cancel /forget (handlers/privacy.py)
w:<dossier code>          follow the dossier of a status card (handlers/following.py)
u:<subscription id>       stop following, from the /unfollow list
h:<code>[-<code>…]        remember this commune, or ask which one (handlers/places.py)
e:code                    "✍️ Nhập mã hồ sơ": wait for a dossier code (handlers/status.py)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

MAX_CALLBACK_BYTES = 64


class CallbackKind(StrEnum):
    """The prefix of a button's callback data (the values are what Telegram sends back)."""

    MENU = "m"
    PROCEDURE = "p"
    EVENT_STEP = "n"
    SECTION = "s"
    CHECKLIST = "c"
    TICK = "k"
    FEEDBACK = "f"
    NONE_OF_THESE = "x"
    CLARIFY = "q"
    FORGET = "g"
    FOLLOW = "w"
    UNFOLLOW = "u"
    PLACE = "h"
    ENTER_CODE = "e"


@dataclass(frozen=True)
class Callback:
    kind: CallbackKind
    args: tuple[str, ...]


def encode(kind: CallbackKind | str, *args: object) -> str:
    """``kind:arg:arg``; a kind that is not a :class:`CallbackKind` is a bug (ValueError)."""
    data = ":".join([CallbackKind(kind), *(str(a) for a in args)])
    if len(data.encode("utf-8")) > MAX_CALLBACK_BYTES:
        raise ValueError(f"callback data longer than {MAX_CALLBACK_BYTES} bytes: {data!r}")
    return data


def decode(data: str | None) -> Callback | None:
    """The button's kind and arguments; None for data no button of this bot makes."""
    if not data or ":" not in data:
        return None
    kind, *args = data.split(":")
    try:
        return Callback(CallbackKind(kind), tuple(args))
    except ValueError:
        return None


def pattern(*kinds: CallbackKind) -> str:
    """The regex a CallbackQueryHandler uses to take the buttons of these kinds."""
    if not kinds:
        raise ValueError("a pattern needs at least one kind")
    if len(kinds) == 1:
        return f"^{re.escape(kinds[0])}:"
    return "^(?:" + "|".join(re.escape(kind) for kind in kinds) + "):"
