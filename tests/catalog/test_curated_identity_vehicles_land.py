"""Curated ID-card, passport, e-ID, vehicle, driving-licence and land entries, checked on the card.

Each audit finding is asserted on the text the citizen sees (the real bundled catalog and the
real renderer), not on the YAML alone: the passport's ended online reduction is not shown as
the current fee, the vehicle transfer lists every document of the official page, procedures
that had no documents now have them, a "Miễn phí" fee cell that contradicts a named fee never
shows "free", and the legal section starts with the main law.
"""

from __future__ import annotations

import functools
from datetime import date

import pytest

from bot.render.procedure import (
    current_fees,
    format_vnd,
    render_documents,
    render_legal,
    render_time_fee,
)
from bot.texts import Lang, Texts
from procedures_catalog.loader import load_bundled
from procedures_catalog.schema import ChannelKind, EntryKind, Procedure, TimeUnit
from sandbox.telegram_html import parse_html

TEXTS = Texts()
LANGS: tuple[Lang, ...] = ("vi", "en")
# The review date of this batch: fee reductions that ended before it must not show.
TODAY = date(2026, 12, 3)

BATCH = [
    "1.014061",
    "1.014062",
    "1.014063",
    "1.014064",
    "1.014067",
    "1.014068",
    "1.011410",
    "3.000228",
    "1.001456",
    "1.001471",
    "1.012575",
    "1.013065",
    "1.013066",
    "1.013076",
    "1.013080",
    "1.013083",
    "3.000346",
    "3.000347",
    "3.000348",
    "3.000351",
    "3.000353",
    "1.012783",
    "1.012784",
    "1.012786",
    "1.012790",
    "1.012796",
    "1.013831",
    "1.013978",
]

ID_CARD_LAW = "Luật Căn cước 26/2023/QH15"
EXIT_ENTRY_LAW = "Luật Xuất cảnh, nhập cảnh của công dân Việt Nam 49/2019/QH14"
ROAD_LAW = "Luật Trật tự, an toàn giao thông đường bộ 36/2024/QH15"
LAND_LAW = "Luật Đất đai 31/2024/QH15"
MAIN_LAW = {
    **dict.fromkeys(
        ["1.014061", "1.014062", "1.014063", "1.014064", "1.014067", "1.014068"], ID_CARD_LAW
    ),
    **dict.fromkeys(["1.001456", "1.001471"], EXIT_ENTRY_LAW),
    **dict.fromkeys(
        ["1.012575", "1.013065", "1.013066", "1.013076", "1.013080", "1.013083"], ROAD_LAW
    ),
    **dict.fromkeys(
        ["1.012783", "1.012784", "1.012786", "1.012790", "1.012796", "1.013831", "1.013978"],
        LAND_LAW,
    ),
}


@functools.cache
def _catalog() -> dict[str, Procedure]:
    return {p.code: p for p in load_bundled()}


def procedure(code: str) -> Procedure:
    return _catalog()[code]


def plain(html_text: str) -> str:
    return parse_html(html_text).text


def channel_line(code: str, kind: ChannelKind, lang: Lang) -> str:
    """The one line of the time-and-fee section that describes `kind`."""
    label = TEXTS.get(lang, f"channel_{kind.value}")
    text = plain(render_time_fee(procedure(code), lang, TEXTS, today=TODAY))
    lines = [line for line in text.splitlines() if line.startswith(f"{label}:")]
    assert len(lines) == 1, (code, kind, text)
    return lines[0]


def amount(value: int, lang: Lang) -> str:
    return TEXTS.get(lang, "fee_amount", amount=format_vnd(value, lang))


# --- audit findings -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", [ChannelKind.ONLINE, ChannelKind.POST])
def test_passport_ended_online_reduction_is_not_the_current_fee(
    kind: ChannelKind, lang: Lang
) -> None:
    line = channel_line("1.001456", kind, lang)
    assert amount(200_000, lang) in line  # the normal rate is the current one
    assert amount(400_000, lang) in line  # replacement after loss or damage
    assert format_vnd(160_000, lang) not in line
    assert format_vnd(320_000, lang) not in line
    section = plain(render_time_fee(procedure("1.001456"), lang, TEXTS, today=TODAY))
    assert TEXTS.get(lang, "fee_ended_hidden") in section


def test_passport_keeps_the_ended_rate_with_its_end_date() -> None:
    online = procedure("1.001456").channel(ChannelKind.ONLINE)
    assert online is not None
    ended = [fee for fee in online.fees if fee.amount_vnd == 160_000]
    assert [fee.until for fee in ended] == [date(2023, 12, 31)]
    assert 160_000 not in {fee.amount_vnd for fee in current_fees(online, TODAY)}


@pytest.mark.parametrize("lang", LANGS)
def test_vehicle_transfer_lists_the_documents_of_the_official_page(lang: Lang) -> None:
    text = plain(render_documents(procedure("1.013076"), lang, TEXTS))
    for needle in (
        "Chứng từ lệ phí trước bạ xe",
        "Chứng nhận đăng ký xe và biển số xe cũ",
        "Chứng nhận thu hồi chứng nhận đăng ký xe, biển số xe",
        "Giấy khai thu hồi chứng nhận đăng ký xe, biển số xe",
        "Bản cà số máy, số khung",
        "chứng từ chuyển quyền sở hữu xe",
        "Giấy khai đăng ký xe",
    ):
        assert needle.casefold() in text.casefold(), needle
    assert len(procedure("1.013076").documents) == 10


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("code", "needles"),
    [
        (
            "3.000346",
            ["Đề nghị sát hạch để cấp giấy phép lái xe", "Giấy khám sức khỏe", "Phụ lục I"],
        ),
        (
            "1.012575",
            [
                "Giấy khai đăng ký xe",
                "ĐKX10/79",
                "Phiếu kiểm tra chất lượng xuất xưởng",
                "tài khoản định danh điện tử mức 2",
            ],
        ),
    ],
)
def test_entries_that_had_no_documents_now_show_them(
    code: str, needles: list[str], lang: Lang
) -> None:
    text = plain(render_documents(procedure(code), lang, TEXTS))
    assert TEXTS.get(lang, "sec_documents_none") not in text
    for needle in needles:
        assert needle in text, (code, needle)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", [ChannelKind.ONLINE, ChannelKind.IN_PERSON])
def test_licence_reissue_shows_the_named_fee_never_free(kind: ChannelKind, lang: Lang) -> None:
    line = channel_line("3.000348", kind, lang)
    assert amount(135_000, lang) in line
    assert "Miễn phí" in line  # the fee cell's claim is kept, as a flagged note
    free = TEXTS.get(lang, "fee_free")
    assert f"; {free}" not in line and not line.endswith(free)
    assert format_vnd(115_000, lang) not in line  # the online reduction ended 31/12/2025
    channel = procedure("3.000348").channel(kind)
    assert channel is not None and not any(fee.free for fee in channel.fees)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("code", sorted(MAIN_LAW))
def test_legal_section_starts_with_the_main_law(code: str, lang: Lang) -> None:
    law = MAIN_LAW[code]
    bullets = [
        line
        for line in plain(render_legal(procedure(code), lang, TEXTS)).splitlines()
        if line.startswith("• ")
    ]
    assert bullets and bullets[0].startswith(f"• {law}"), (code, bullets[:1])


# --- every entry of the batch -----------------------------------------------------------------


@pytest.mark.parametrize("code", BATCH)
def test_batch_entry_is_complete(code: str) -> None:
    p = procedure(code)
    assert p.kind is EntryKind.CURATED
    assert p.documents, f"{code} has no documents"
    assert p.channels, f"{code} has no channels"
    for channel in p.channels:
        known = channel.time_value is not None and channel.time_unit is not TimeUnit.UNKNOWN
        assert known or channel.time_note, (code, channel.kind)
        assert channel.fees, (code, channel.kind)
    assert len(p.unverified_en) == len(p.unverified)
    assert p.detail_url is not None and p.online.url == p.detail_url
    assert p.decision and p.results and p.legal_basis
    assert p.online.available == (p.channel(ChannelKind.ONLINE) is not None)
    assert p.last_reviewed == TODAY
    for doc in p.documents:
        assert len(doc.name) <= 200, (code, doc.name)  # a short name, not a pasted paragraph


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("code", BATCH)
def test_ended_reductions_are_not_shown_as_current(code: str, lang: Lang) -> None:
    p = procedure(code)
    for channel in p.channels:
        current = {fee.amount_vnd for fee in current_fees(channel, TODAY)}
        ended = {
            fee.amount_vnd
            for fee in channel.fees
            if fee.until is not None and fee.until < TODAY and fee.amount_vnd is not None
        }
        line = channel_line(code, channel.kind, lang)
        for value in ended - current:
            assert format_vnd(value, lang) not in line, (code, channel.kind, value)


def test_few_batch_entries_keep_unverified_lines() -> None:
    flagged = [code for code in BATCH if procedure(code).unverified]
    assert len(flagged) <= len(BATCH) // 10, flagged
