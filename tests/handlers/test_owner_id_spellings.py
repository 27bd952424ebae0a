"""The one-stop portal's owner-ID step takes an ID number in any common spelling, and deletes
every message that holds a personal number, in the real bot against the fake Telegram.

Spelled with hyphens, full-width digits or zero-width characters, or inside a sentence, the
number is used for the look-up and its message deleted (not answered as a question); a
message with only a phone number is deleted too, and the bot asks for the ID again. The
debug log of the whole exchange holds no digit group of the number.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

from bot.logging_setup import RedactingFilter
from bot.portal.status import DossierStatus
from sandbox.portal_sim import build_store
from sandbox.portal_store import PortalStore
from tests.helpers.botrig import BotRig, running_bot

USER = 8141
PROCESSING = "Đang xử lý"


def processing(store: PortalStore) -> tuple[str, str]:
    """The code of a dossier being processed and its owner's ID number (12 digits)."""
    dossier = next(d for d in store.all() if d.status is DossierStatus.PROCESSING and not d.plan)
    assert re.fullmatch(r"\d{12}", dossier.owner.id_number)
    return dossier.code, dossier.owner.id_number


def in_groups(number: str, separator: str) -> str:
    return separator.join(number[i : i + 3] for i in range(0, len(number), 3))


@contextmanager
def debug_log() -> Iterator[io.StringIO]:
    """The debug log, through the filter the production set-up puts on every handler."""
    output = io.StringIO()
    handler = logging.StreamHandler(output)
    handler.addFilter(RedactingFilter([]))
    root = logging.getLogger()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.DEBUG)
    try:
        yield output
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


async def answer_with(rig: BotRig, code: str, text: str) -> list[str]:
    """Ask for `code`, answer the owner-ID question with `text`; the replies to it."""
    (ask,) = await rig.ask(USER, f"/status {code}")
    assert "CCCD" in ask
    return (await rig.send(USER, text)).texts


async def deleted(rig: BotRig, text: str) -> bool:
    sent = [m for m in await rig.client.chat(USER) if not m.from_bot and m.text == text]
    return bool(sent) and all(m.deleted for m in sent)


async def test_an_id_number_typed_with_hyphens_is_used_and_deleted(database_url: str) -> None:
    store = build_store()
    code, owner = processing(store)
    hyphenated = in_groups(owner, "-")  # 038-095-001-234
    with debug_log() as output:
        async with running_bot(database_url, portal=store, portal_kind="onestop") as rig:
            replies = await answer_with(rig, code, hyphenated)
            assert await deleted(rig, hyphenated)
    assert any(PROCESSING in text for text in replies)
    log = output.getvalue()
    assert "Processing update" in log  # debug logging was really on
    assert owner not in log and hyphenated not in log


async def test_full_width_and_invisible_spellings_in_a_sentence_are_used_and_deleted(
    database_url: str,
) -> None:
    store = build_store()
    code, owner = processing(store)
    full_width = "".join(chr(0xFF10 + int(d)) for d in owner)
    spellings = [
        full_width,
        in_groups(owner, "\u200b.\u2060"),
        f"CCCD của mẹ em là {in_groups(owner, ' ')} ạ",
    ]
    async with running_bot(database_url, portal=store, portal_kind="onestop") as rig:
        for spelling in spellings:
            replies = await answer_with(rig, code, spelling)
            assert any(PROCESSING in text for text in replies), spelling
            assert await deleted(rig, spelling), spelling


async def test_a_phone_number_in_the_owner_id_step_is_deleted_and_the_id_asked_again(
    database_url: str,
) -> None:
    store = build_store()
    code, owner = processing(store)
    phone = "sđt em 0912-345-678"
    async with running_bot(database_url, portal=store, portal_kind="onestop") as rig:
        (again,) = await answer_with(rig, code, phone)
        assert await deleted(rig, phone)
        assert "CCCD" in again  # asked again, not answered as a question
        replies = await rig.ask(USER, in_groups(owner, "/"))
    assert any(PROCESSING in text for text in replies)
