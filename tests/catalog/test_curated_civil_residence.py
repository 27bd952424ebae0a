"""Curated civil-status (hộ tịch), residence (cư trú) and ID-number entries: the facts the
audit found wrong must now reach the citizen correctly on the rendered card.

Uses the real bundled catalog and the real renderer. The catalog is read with
`read_catalog` so that a problem in another procedure's file does not hide these checks;
problems located in this batch's own files still fail the tests.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from bot.render.procedure import (
    render_card,
    render_documents,
    render_legal,
    render_time_fee,
)
from bot.texts import Lang, Texts
from procedures_catalog.schema import ChannelKind, Procedure, TimeUnit
from tests.catalog.curated import LANGS

CIVIL_STATUS = (
    "1.000419",
    "1.000656",
    "1.000689",
    "1.000894",
    "1.001022",
    "1.001193",
    "1.001766",
    "1.004746",
    "1.004837",
    "1.004859",
    "1.004873",
    "1.004884",
    "1.005461",
    "2.000528",
    "2.000635",
    "2.000806",
    "2.000986",
    "2.001023",
)
RESIDENCE = (
    "1.002755",
    "1.003197",
    "1.003677",
    "1.004194",
    "1.004222",
    "1.010038",
    "1.010039",
    "1.010040",
    "1.010041",
)
BATCH = (*CIVIL_STATUS, *RESIDENCE, "1.012566")
BIRTH = ("1.001193", "2.000986", "2.001023")

LAW_CIVIL_STATUS = "Luật Hộ tịch 60/2014/QH13"
LAW_RESIDENCE = "Luật Cư trú 68/2020/QH14"
LAW_ID = "Luật Căn cước 26/2023/QH15"
# The main law each official page lists. 2.000986 (birth + residence + health card) lists
# the Law on Residence but not the Law on Civil Status.
MAIN_LAW: dict[str, str] = {
    **{code: LAW_CIVIL_STATUS for code in CIVIL_STATUS},
    **{code: LAW_RESIDENCE for code in RESIDENCE},
    "2.000986": LAW_RESIDENCE,
    "1.012566": LAW_ID,
}

TODAY = date(2026, 12, 3)
TEXTS = Texts()


def _proc(catalog: dict[str, Procedure], code: str) -> Procedure:
    assert code in catalog, f"{code} missing from the bundled catalog"
    return catalog[code]


def _channel_line(text: str, channel_label: str) -> str:
    lines = [line for line in text.splitlines() if line.startswith(f"<b>{channel_label}</b>:")]
    assert len(lines) == 1, text
    return lines[0]


# --- 1.004194 temporary residence: one person in person is 15,000 đ, not 10,000 đ ------


@pytest.mark.parametrize(
    ("lang", "label", "one", "listed"),
    [
        ("vi", "Trực tiếp", "15.000 đồng", "10.000 đồng"),
        ("en", "In person", "15,000 VND", "10,000 VND"),
    ],
)
def test_temporary_residence_in_person_fee_for_one_person(
    catalog: dict[str, Procedure], lang: Lang, label: str, one: str, listed: str
) -> None:
    text = render_time_fee(_proc(catalog, "1.004194"), lang, TEXTS, today=TODAY)
    line = _channel_line(text, label)
    fees = line.split("; ", 1)[1]
    # The first (main) in-person amount is the one-person rate, said to be for one person.
    assert fees.startswith(f"{one} – một người"), line
    # 10,000 appears only as the per-person rate of a list registration.
    occurrences = [m.end() for m in re.finditer(re.escape(listed), line)]
    assert occurrences, line
    for end in occurrences:
        assert line[end:].startswith(" – đăng ký theo danh sách, mỗi người"), line


def test_temporary_residence_online_fee_is_per_registration(
    catalog: dict[str, Procedure],
) -> None:
    line = _channel_line(
        render_time_fee(_proc(catalog, "1.004194"), "vi", TEXTS, today=TODAY), "Trực tuyến"
    )
    assert "7.000 đồng – cá nhân, hộ gia đình" in line


def test_temporary_residence_extension_uses_the_same_split(
    catalog: dict[str, Procedure],
) -> None:
    text = render_time_fee(_proc(catalog, "1.002755"), "vi", TEXTS, today=TODAY)
    in_person = _channel_line(text, "Trực tiếp")
    online = _channel_line(text, "Trực tuyến")
    assert in_person.split("; ", 1)[1].startswith("15.000 đồng – một người"), in_person
    assert online.split("; ", 1)[1].startswith("7.000 đồng – cá nhân, hộ gia đình"), online
    assert "10.000 đồng – gia hạn theo danh sách" in in_person
    assert "5.000 đồng – gia hạn theo danh sách" in online


def test_temporary_residence_summary_names_both_rates(catalog: dict[str, Procedure]) -> None:
    card = render_card(_proc(catalog, "1.004194"), "vi", TEXTS)
    assert "15.000 đồng" in card and "7.000 đồng" in card


# --- birth registration: free only when registered on time ------------------------------


@pytest.mark.parametrize("code", BIRTH)
@pytest.mark.parametrize("lang", LANGS)
def test_birth_registration_is_free_only_on_time(
    catalog: dict[str, Procedure], code: str, lang: Lang
) -> None:
    text = render_time_fee(_proc(catalog, code), lang, TEXTS, today=TODAY)
    free = TEXTS.get(lang, "fee_free")
    channel_lines = [line for line in text.splitlines() if line.startswith("<b>")]
    assert channel_lines, text
    for line in channel_lines:
        starts = [m.end() for m in re.finditer(re.escape(free), line)]
        assert starts, line
        for end in starts:
            # "free" is always qualified by the on-time case, never shown bare.
            condition = line[end:].split(";", 1)[0]
            assert condition.startswith(" – ") and "đúng hạn" in condition, line
        assert "quá hạn" in line, line


def test_birth_registration_late_case_has_no_invented_amount(
    catalog: dict[str, Procedure],
) -> None:
    for code in BIRTH:
        for channel in _proc(catalog, code).channels:
            late = [f for f in channel.fees if "quá hạn" in f.condition]
            assert late, code
            assert all(f.amount_vnd is None and not f.free for f in late), code


# --- legal basis: the main law first -----------------------------------------------------


@pytest.mark.parametrize("code", BATCH)
def test_legal_section_lists_the_main_law_first(catalog: dict[str, Procedure], code: str) -> None:
    text = render_legal(_proc(catalog, code), "vi", TEXTS)
    bullets = [line for line in text.splitlines() if line.startswith("• ")]
    assert bullets, text
    assert bullets[0].startswith(f"• {MAIN_LAW[code]}"), bullets[0]


# --- every code of the batch --------------------------------------------------------------


@pytest.mark.parametrize("code", BATCH)
def test_entry_is_complete(catalog: dict[str, Procedure], code: str) -> None:
    proc = _proc(catalog, code)
    assert proc.documents, code
    assert proc.channels, code
    for channel in proc.channels:
        known = channel.time_value is not None and channel.time_unit is not TimeUnit.UNKNOWN
        assert known or channel.time_note, (code, channel.kind)
        assert channel.fees, (code, channel.kind)
        if len(channel.fees) > 1:
            # Several amounts on one channel: each says which case it is for.
            assert all(fee.condition for fee in channel.fees), (code, channel.kind)
    assert len(proc.unverified_en) == len(proc.unverified), code
    assert proc.detail_url is not None and proc.decision, code
    assert proc.legal_basis, code
    assert proc.online.available == (proc.channel(ChannelKind.ONLINE) is not None), code
    assert proc.last_reviewed == TODAY, code


@pytest.mark.parametrize("code", BATCH)
@pytest.mark.parametrize("lang", LANGS)
def test_rendered_sections_read_cleanly(
    catalog: dict[str, Procedure], code: str, lang: Lang
) -> None:
    proc = _proc(catalog, code)
    documents = render_documents(proc, lang, TEXTS)
    assert TEXTS.get(lang, "sec_documents_none") not in documents
    for text in (
        render_card(proc, lang, TEXTS),
        documents,
        render_time_fee(proc, lang, TEXTS, today=TODAY),
        render_legal(proc, lang, TEXTS),
    ):
        assert len(text) < 4096, code
        # No flattened table headers or raw fee cells copied from the portal page.
        for raw in ("Tên giấy tờMẫu đơn", "Việt Nam Đồng", "bản chính,1 bản sao"):
            assert raw not in text, (code, raw)


def test_few_entries_keep_unverified_lines(catalog: dict[str, Procedure]) -> None:
    flagged = [code for code in BATCH if _proc(catalog, code).unverified]
    assert len(flagged) * 10 <= len(BATCH), flagged
