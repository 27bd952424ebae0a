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
t:<a|g|n>                 "💬 Hỏi cán bộ": ask, consent, cancel (handlers/handoff.py)
t:r:<hand-off id>:<1|0>   the citizen's 👍/👎 on a closed hand-off (handlers/handoff.py)
t:c:<hand-off id>         staff close a hand-off topic (handlers/support.py)

Anyone can send any data with a button press (a modified client, or an old button), so every
handler checks what it reads: numbers through :func:`row_id` / :func:`small_int` before they
reach the database, a query-log id against the presser (bot/feedback.py), a tick index
against the procedure's documents. A press no handler can act on is answered with
:func:`answer_invalid` ("this button is no longer valid"); data that matches no kind at all
is answered by the fallback in handlers/fallbacks.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from telegram import CallbackQuery, Update

from bot.telegram.context import BotContext
from handlers.common import user_lang

MAX_CALLBACK_BYTES = 64
#: The largest id an `Integer` column holds on PostgreSQL (int4); SQLite holds more, but a
#: number past this is never a row of ours.
MAX_ROW_ID = 2**31 - 1
_DIGITS = re.compile(r"[0-9]{1,10}")


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
    HANDOFF = "t"


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


def small_int(value: str, *, high: int) -> int | None:
    """`value` as an int in 0…`high` when it is plain ASCII digits; None otherwise.

    `str.isdigit` is not enough: it accepts "²" (which `int` refuses) and numbers of any
    size (which the database refuses)."""
    if not _DIGITS.fullmatch(value):
        return None
    number = int(value)
    return number if number <= high else None


def row_id(value: str) -> int | None:
    """A database row id (0 meaning "none") read from callback data; None when it cannot be."""
    return small_int(value, high=MAX_ROW_ID)


async def answer_invalid(update: Update, context: BotContext) -> None:
    """Answer a press nothing else fits: "this button is no longer valid" (an alert)."""
    query: CallbackQuery | None = update.callback_query
    if query is None:
        return
    lang = await user_lang(update, context)
    await query.answer(context.services.texts.get(lang, "button_invalid"), show_alert=True)


def pattern(*kinds: CallbackKind) -> str:
    """The regex a CallbackQueryHandler uses to take the buttons of these kinds."""
    if not kinds:
        raise ValueError("a pattern needs at least one kind")
    if len(kinds) == 1:
        return f"^{re.escape(kinds[0])}:"
    return "^(?:" + "|".join(re.escape(kind) for kind in kinds) + "):"
