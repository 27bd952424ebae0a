"""Callback data: one enum of kinds builds the buttons' data and the handlers' patterns, so
every kind a button can carry is taken by exactly one registered handler."""

from __future__ import annotations

import re

import pytest
from telegram.ext import ApplicationBuilder, CallbackQueryHandler

from bot.telegram.app import FALLBACK_GROUP, register_handlers
from bot.telegram.fallback import Unclaimed
from handlers.callbacks import MAX_CALLBACK_BYTES, CallbackKind, decode, encode, pattern


def test_kinds_keep_the_letters_that_buttons_already_sent() -> None:
    # Buttons stay in chats for months: changing a value would break every old button.
    assert {kind.name: str(kind) for kind in CallbackKind} == {
        "MENU": "m",
        "PROCEDURE": "p",
        "EVENT_STEP": "n",
        "SECTION": "s",
        "CHECKLIST": "c",
        "TICK": "k",
        "FEEDBACK": "f",
        "NONE_OF_THESE": "x",
        "CLARIFY": "q",
        "FORGET": "g",
        "FOLLOW": "w",
        "UNFOLLOW": "u",
        "PLACE": "h",
        "ENTER_CODE": "e",
        "HANDOFF": "t",
    }


@pytest.mark.parametrize("kind", list(CallbackKind))
def test_encode_and_decode_round_trip(kind: CallbackKind) -> None:
    data = encode(kind, "1.000001", 42)
    assert data == f"{kind}:1.000001:42"
    callback = decode(data)
    assert callback is not None
    assert callback.kind is kind and callback.args == ("1.000001", "42")
    assert re.match(pattern(kind), data)


def test_unknown_kinds_are_refused() -> None:
    with pytest.raises(ValueError):
        encode("z", 1)
    assert decode("z:1") is None and decode("no colon") is None and decode(None) is None
    with pytest.raises(ValueError, match="longer than"):
        encode(CallbackKind.PROCEDURE, "x" * MAX_CALLBACK_BYTES)


def test_a_pattern_takes_only_its_own_kinds() -> None:
    card = pattern(CallbackKind.PROCEDURE, CallbackKind.SECTION)
    assert re.match(card, "p:1") and re.match(card, "s:1:d")
    assert not re.match(card, "k:1:0") and not re.match(card, "pp:1")
    assert pattern(CallbackKind.FEEDBACK) == "^f:"


def test_every_kind_has_exactly_one_handler() -> None:
    application = ApplicationBuilder().token("123:TEST").build()
    register_handlers(application)  # type: ignore[arg-type]
    patterns = [
        handler.pattern
        for group in application.handlers.values()
        for handler in group
        if isinstance(handler, CallbackQueryHandler)
    ]
    for kind in CallbackKind:
        data = encode(kind, "1")
        taken = [p for p in patterns if isinstance(p, re.Pattern) and p.match(data)]
        assert len(taken) == 1, (kind, taken)


def test_the_fallbacks_are_the_last_group_and_take_only_what_nobody_takes() -> None:
    application = ApplicationBuilder().token("123:TEST").build()
    register_handlers(application)  # type: ignore[arg-type]
    assert max(application.handlers) == FALLBACK_GROUP
    fallbacks = application.handlers[FALLBACK_GROUP]
    assert fallbacks and all(isinstance(handler, Unclaimed) for handler in fallbacks)
