"""Every curated entry of the bundled catalog is complete and reads well (issue #10's bar):
documents, channels with a time or a note and fee lines, English notes for every unverified
line, colloquial names no other entry claims, no flattened portal text on the card, and at
most one card in ten carrying an "unverified" warning."""

from __future__ import annotations

import pytest

from bot.render.procedure import Section, render_card, render_section
from bot.texts import Texts
from procedures_catalog.loader import load_bundled
from procedures_catalog.schema import EntryKind, Procedure, TimeUnit
from sandbox.telegram_html import parse_html
from tests.catalog.curated import LANGS

CURATED = [p for p in load_bundled() if p.kind is EntryKind.CURATED]
FLATTENED = ("Tên giấy tờMẫu đơn", "Số lượng", "bản chính,1 bản sao", "Việt Nam Đồng", "Mã: KQ")


def test_there_are_at_least_150_curated_entries() -> None:
    assert len(CURATED) >= 150


@pytest.mark.parametrize("p", CURATED, ids=lambda p: p.code)
def test_entry_is_complete(p: Procedure) -> None:
    assert p.title.en and p.summary.en
    assert p.documents, "a curated card always lists the documents to bring"
    assert p.channels
    for channel in p.channels:
        known = channel.time_value is not None and channel.time_unit is not TimeUnit.UNKNOWN
        assert known or channel.time_note, (p.code, channel.kind)
        assert channel.fees, (p.code, channel.kind)
    assert len(p.unverified_en) == len(p.unverified)
    assert p.steps and p.legal_basis
    if not p.code_is_local:
        assert p.detail_url is not None and p.decision


def test_at_most_one_curated_card_in_ten_shows_an_unverified_warning() -> None:
    warned = [p.code for p in CURATED if p.unverified]
    assert len(warned) <= len(CURATED) // 10, warned


def test_colloquial_names_belong_to_one_entry() -> None:
    owners: dict[str, set[str]] = {}
    for p in CURATED:
        for alias in p.aliases:
            owners.setdefault(alias.casefold(), set()).add(p.code)
    shared = {alias: codes for alias, codes in owners.items() if len(codes) > 1}
    assert not shared


@pytest.mark.parametrize("p", CURATED, ids=lambda p: p.code)
def test_card_reads_without_portal_furniture(p: Procedure) -> None:
    texts = Texts()
    for lang in LANGS:
        parts = [render_card(p, lang, texts)]
        parts += [render_section(p, s, lang, texts) for s in Section]
        shown = "\n".join(parse_html(part).text for part in parts)
        for raw in FLATTENED:
            assert raw not in shown, (p.code, lang, raw)
