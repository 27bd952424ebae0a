"""Curated social-insurance, business, tax, certification, judicial-record, poverty and
building-permit entries: the facts the audit found missing or wrong must now reach the
citizen on the rendered card, and every entry of the batch must be complete.

Uses the real bundled catalog and the real renderer. The catalog is read with
`read_catalog` so that a problem in another procedure's file does not hide these checks;
problems located in this batch's own files still fail the tests.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.render.procedure import (
    render_card,
    render_documents,
    render_legal,
    render_time_fee,
)
from bot.texts import Lang, Texts
from procedures_catalog.schema import Procedure, TimeUnit
from tests.catalog.curated import LANGS

SOCIAL_INSURANCE = ("1.001613", "1.002051", "1.002179", "1.002759", "2.000693")
HOUSEHOLD_BUSINESS = ("1.001266", "1.001570", "1.001612", "2.000575", "2.000720")
ENTERPRISE = ("2.001583", "2.001610", "2.002018", "2.002043")
CERTIFICATION = ("2.000815", "2.000884", "2.001019", "2.001035", "2.001406")
TAX = ("1.008498", "1.011022")
BUILDING = ("1.013225", "1.013226", "1.013227", "1.013228", "1.013229", "1.013232")
OFFICIAL_BATCH = (
    *SOCIAL_INSURANCE,
    *HOUSEHOLD_BUSINESS,
    *ENTERPRISE,
    *CERTIFICATION,
    *TAX,
    "3.000333",
    "1.011606",
    *BUILDING,
)
# LOCAL-GIA-HAN-THE-BHYT left the catalog: it is the official procedure 1.001939 now.
LOCAL_BATCH = (
    "LOCAL-LUONG-HUU",
    "LOCAL-TRO-CAP-THAT-NGHIEP",
    "LOCAL-TRO-CAP-XA-HOI-NGUOI-CAO-TUOI",
)
# The documents each local entry lists, read from the law texts its `source` names:
# Social Insurance Law 41/2024/QH15 (art. 77, 105), Decree 28/2015/ND-CP (art. 16, now
# replaced), Decree 20/2021/ND-CP (art. 7, 8). Each is (name fragment, form, action).
LOCAL_DOCUMENTS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "LOCAL-LUONG-HUU": (
        ("Sổ bảo hiểm xã hội", "original", "submit"),
        ("chấm dứt hợp đồng lao động", "original_or_copy", "submit"),
        ("Văn bản đề nghị hưởng lương hưu", "original", "submit"),
        ("Biên bản giám định mức suy giảm khả năng lao động", "original_or_copy", "submit"),
        ("nhiễm HIV do tai nạn rủi ro nghề nghiệp", "copy", "submit"),
    ),
    "LOCAL-TRO-CAP-THAT-NGHIEP": (
        ("Đơn đề nghị hưởng trợ cấp thất nghiệp", "original", "submit"),
        ("quyết định thôi việc", "original_or_copy", "submit"),
        ("Sổ bảo hiểm xã hội", "original", "submit"),
    ),
    "LOCAL-TRO-CAP-XA-HOI-NGUOI-CAO-TUOI": (
        ("Tờ khai đề nghị trợ giúp xã hội", "original", "submit"),
        ("căn cước", "original", "show"),
        ("xác nhận nơi cư trú", "original", "show"),
        ("Giấy xác nhận khuyết tật", "original", "show"),
    ),
}
BATCH = (*OFFICIAL_BATCH, *LOCAL_BATCH)

LAW_SI_2014 = "Luật Bảo hiểm xã hội 58/2014/QH13"
LAW_SI_2024 = "Luật Bảo hiểm xã hội 41/2024/QH15"
LAW_ENTERPRISE = "Luật Doanh nghiệp 59/2020/QH14"
LAW_JUDICIAL_RECORD = "Luật Lý lịch tư pháp 28/2009/QH12"
LAW_CONSTRUCTION = "Luật Xây dựng 50/2014/QH13"
# The main law each official page lists (the certification pages and 1.011606 list none).
MAIN_LAW: dict[str, str] = {
    "1.001613": LAW_SI_2014,
    "1.002051": LAW_SI_2014,
    "1.002179": LAW_SI_2014,
    "1.002759": LAW_SI_2014,
    "2.000693": LAW_SI_2024,
    **{code: LAW_ENTERPRISE for code in (*HOUSEHOLD_BUSINESS, *ENTERPRISE)},
    "1.008498": "Luật Quản lý thuế 38/2019/QH14",
    "1.011022": "Luật Quản lý thuế 108/2025/QH15",
    "3.000333": LAW_JUDICIAL_RECORD,
    **{code: LAW_CONSTRUCTION for code in BUILDING},
}
# Entries that keep an unverified line, and why: 1.001613 (the page still cites the 2014
# law), 1.001612 (the Hà Tĩnh fee), 3.000333 (the page names no fee amount).
KEEP_UNVERIFIED = {"1.001613", "1.001612", "3.000333"}

TODAY = date(2026, 12, 3)
TEXTS = Texts()
FREE = {"vi": TEXTS.get("vi", "fee_free"), "en": TEXTS.get("en", "fee_free")}


def _proc(catalog: dict[str, Procedure], code: str) -> Procedure:
    assert code in catalog, f"{code} missing from the bundled catalog"
    return catalog[code]


def _channel_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("<b>") and "</b>: " in line]


def _channel_line(text: str, label: str) -> str:
    lines = [line for line in _channel_lines(text) if line.startswith(f"<b>{label}</b>:")]
    assert len(lines) == 1, text
    return lines[0]


def _fee_part(line: str) -> str:
    """What follows the time in a channel line: the fee lines. The time may carry a note
    in parentheses that itself contains "; ", so the note is skipped as a whole."""
    rest = line.split("</b>: ", 1)[1]
    semicolon = rest.index("; ")
    opening = rest.find("(")
    if 0 <= opening < semicolon:
        depth = 0
        for index in range(opening, len(rest)):
            depth += {"(": 1, ")": -1}.get(rest[index], 0)
            if depth == 0:
                return rest[index + 1 :].removeprefix("; ")
    return rest[semicolon + 2 :]


def _bullets(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("• ")]


# --- 2.000575 re-issue of a household-business certificate had no documents ----------


@pytest.mark.parametrize("lang", LANGS)
def test_household_certificate_reissue_lists_the_request_form(
    catalog: dict[str, Procedure], lang: Lang
) -> None:
    text = render_documents(_proc(catalog, "2.000575"), lang, TEXTS)
    assert TEXTS.get(lang, "sec_documents_none") not in text
    assert "1. Giấy đề nghị cấp lại Giấy chứng nhận đăng ký hộ kinh doanh" in text
    assert "mất, cháy, rách, nát" in text
    # The exchange for the new certificate (Decree 168/2025) has its own form.
    assert "Giấy đề nghị đăng ký thay đổi nội dung đăng ký hộ kinh doanh" in text


@pytest.mark.parametrize("lang", LANGS)
def test_household_certificate_reissue_fee_is_not_shown_as_free(
    catalog: dict[str, Procedure], lang: Lang
) -> None:
    text = render_time_fee(_proc(catalog, "2.000575"), lang, TEXTS, today=TODAY)
    lines = _channel_lines(text)
    assert len(lines) == 3, text
    for line in lines:
        # The cell says "Miễn phí" but the description says the province sets a fee.
        assert not _fee_part(line).startswith(FREE[lang]), line
        assert "HĐND tỉnh" in line


# --- 3.000333 judicial record: the law, and the fee never "free" on the cell alone ----


@pytest.mark.parametrize("lang", LANGS)
def test_judicial_record_legal_section_starts_with_the_law(
    catalog: dict[str, Procedure], lang: Lang
) -> None:
    bullets = _bullets(render_legal(_proc(catalog, "3.000333"), lang, TEXTS))
    assert bullets and bullets[0].startswith(f"• {LAW_JUDICIAL_RECORD}"), bullets
    assert any("244/2016/TT-BTC" in b for b in bullets), bullets


@pytest.mark.parametrize("lang", LANGS)
def test_judicial_record_fee_is_never_free_on_the_cell_alone(
    catalog: dict[str, Procedure], lang: Lang
) -> None:
    proc = _proc(catalog, "3.000333")
    assert all(not fee.free for channel in proc.channels for fee in channel.fees)
    text = render_time_fee(proc, lang, TEXTS, today=TODAY)
    lines = _channel_lines(text)
    assert len(lines) == 3, text
    for line in lines:
        fees = _fee_part(line)
        assert not fees.startswith(FREE[lang]), line
        assert fees.startswith(TEXTS.get(lang, "fee_unknown")), line
        # The conflict is told: the cell's "Miễn phí" and the cited fee circular.
        assert "Miễn phí" in line and "244/2016/TT-BTC" in line
    assert ("10 ngày" if lang == "vi" else "10 days") in lines[0]


@pytest.mark.parametrize("lang", LANGS)
def test_judicial_record_card_warns_about_the_fee(
    catalog: dict[str, Procedure], lang: Lang
) -> None:
    card = render_card(_proc(catalog, "3.000333"), lang, TEXTS)
    assert TEXTS.get(lang, "card_unverified") in card
    assert "244/2016/TT-BTC" in card


# --- the legal section lists the main law the page names, first ----------------------


@pytest.mark.parametrize(("code", "law"), sorted(MAIN_LAW.items()))
def test_legal_section_lists_the_main_law_first(
    catalog: dict[str, Procedure], code: str, law: str
) -> None:
    for lang in LANGS:
        bullets = _bullets(render_legal(_proc(catalog, code), lang, TEXTS))
        assert bullets, code
        assert bullets[0].startswith(f"• {law}"), (code, bullets[0])


def test_maternity_cites_the_2024_social_insurance_law_only(
    catalog: dict[str, Procedure],
) -> None:
    text = render_legal(_proc(catalog, "2.000693"), "vi", TEXTS)
    assert "41/2024/QH15" in text
    assert "58/2014/QH13" not in text


# --- fee cells the portal got wrong are not repeated as facts -------------------------


def test_private_enterprise_online_fee_is_100_000_not_100(
    catalog: dict[str, Procedure],
) -> None:
    text = render_time_fee(_proc(catalog, "2.001610"), "vi", TEXTS, today=TODAY)
    fees = _fee_part(_channel_line(text, "Trực tuyến"))
    assert fees.startswith("100.000 đồng – phí công bố"), fees
    assert not fees.startswith("100 đồng")


@pytest.mark.parametrize(("lang", "label"), [("vi", "Trực tiếp"), ("en", "In person")])
def test_enterprise_certificate_reissue_fee_is_unknown_not_25_dong(
    catalog: dict[str, Procedure], lang: Lang, label: str
) -> None:
    text = render_time_fee(_proc(catalog, "2.002018"), lang, TEXTS, today=TODAY)
    fees = _fee_part(_channel_line(text, label))
    assert fees.startswith(TEXTS.get(lang, "fee_unknown")), fees
    assert "25 VNĐ" in fees


def test_household_registration_fees_follow_the_page_and_are_flagged(
    catalog: dict[str, Procedure],
) -> None:
    proc = _proc(catalog, "1.001612")
    text = render_time_fee(proc, "vi", TEXTS, today=TODAY)
    assert _fee_part(_channel_line(text, "Trực tuyến")).startswith("150.000 đồng")
    assert _fee_part(_channel_line(text, "Trực tiếp")).startswith("50.000 đồng")
    card = render_card(proc, "vi", TEXTS)
    assert "HĐND tỉnh" in card and "Hà Tĩnh" in card


def test_joint_stock_company_conflicting_fee_cells_are_flagged(
    catalog: dict[str, Procedure],
) -> None:
    text = render_time_fee(_proc(catalog, "2.002043"), "vi", TEXTS, today=TODAY)
    for label in ("Qua bưu chính", "Trực tiếp"):
        line = _channel_line(text, label)
        assert "50.000 đồng – lệ phí đăng ký doanh nghiệp" in line
        assert "100.000 đồng – phí công bố" in line
        assert "hỏi Sở Tài chính" in line


def test_contract_certification_free_only_for_rural_mortgages(
    catalog: dict[str, Procedure],
) -> None:
    proc = _proc(catalog, "2.001035")
    for channel in proc.channels:
        assert channel.fees[0].amount_vnd == 50_000
        free = [fee for fee in channel.fees if fee.free]
        assert len(free) == 1 and "thế chấp" in free[0].condition
    line = _channel_line(render_time_fee(proc, "vi", TEXTS, today=TODAY), "Trực tiếp")
    assert _fee_part(line).startswith("50.000 đồng – mỗi giao dịch; miễn phí – hợp đồng thế chấp")


@pytest.mark.parametrize("code", [*BUILDING, "1.001266", "1.001570", "2.000720"])
def test_fee_set_by_the_province_is_never_a_bare_free(
    catalog: dict[str, Procedure], code: str
) -> None:
    for lang in LANGS:
        text = render_time_fee(_proc(catalog, code), lang, TEXTS, today=TODAY)
        for line in _channel_lines(text):
            fees = _fee_part(line)
            assert fees != FREE[lang], line
            assert "HĐND tỉnh" in fees, line


def test_building_permit_time_says_detached_houses_take_15_days(
    catalog: dict[str, Procedure],
) -> None:
    text = render_time_fee(_proc(catalog, "1.013225"), "vi", TEXTS, today=TODAY)
    assert _channel_line(text, "Trực tiếp").startswith("<b>Trực tiếp</b>: 15 ngày")
    assert "nhà ở riêng lẻ 15 ngày" in _channel_line(text, "Trực tuyến")


# --- every entry of the batch is complete ---------------------------------------------


@pytest.mark.parametrize("code", OFFICIAL_BATCH)
def test_official_entry_is_complete(catalog: dict[str, Procedure], code: str) -> None:
    proc = _proc(catalog, code)
    assert proc.documents, code
    assert proc.channels, code
    for channel in proc.channels:
        known = channel.time_value is not None and channel.time_unit is not TimeUnit.UNKNOWN
        assert known or channel.time_note, (code, channel.kind)
        assert channel.fees, (code, channel.kind)
    assert proc.detail_url is not None and proc.decision and proc.legal_basis and proc.results
    assert proc.online.url == proc.detail_url
    assert proc.last_reviewed == TODAY
    assert len(proc.unverified_en) == len(proc.unverified)
    assert bool(proc.unverified) == (code in KEEP_UNVERIFIED), proc.unverified
    for lang in LANGS:
        docs = render_documents(proc, lang, TEXTS)
        assert TEXTS.get(lang, "sec_documents_none") not in docs
        # A condition is shown after "Khi:"; it must not start with "Khi" again.
        assert "Khi: Khi" not in docs and "When: Khi" not in docs


@pytest.mark.parametrize("code", LOCAL_BATCH)
def test_local_entry_lists_the_documents_its_sources_name(
    catalog: dict[str, Procedure], code: str
) -> None:
    proc = _proc(catalog, code)
    assert proc.code_is_local
    expected = LOCAL_DOCUMENTS[code]
    assert len(proc.documents) == len(expected), [doc.name for doc in proc.documents]
    for doc, (fragment, form, action) in zip(proc.documents, expected, strict=True):
        assert fragment in doc.name, (doc.name, fragment)
        assert (doc.form.value, doc.action.value) == (form, action), doc.name
    assert proc.legal_basis and proc.legal_basis[0].ref.startswith(("Luật", "Bộ luật"))
    assert "http" in proc.source
    assert proc.last_reviewed == TODAY
    # What stays unconfirmed is said, in both languages, in at most two lines.
    assert 1 <= len(proc.unverified) <= 2
    assert len(proc.unverified_en) == len(proc.unverified)
    for channel in proc.channels:
        known = channel.time_value is not None and channel.time_unit is not TimeUnit.UNKNOWN
        assert known or channel.time_note, (code, channel.kind)
        # No source names a fee: none is shown as free.
        assert all(not fee.free and fee.amount_vnd is None for fee in channel.fees)
    for lang in LANGS:
        card = render_card(proc, lang, TEXTS)
        for note in proc.unverified_in(lang):
            assert note in card.replace("&amp;", "&")
        assert TEXTS.get("en", "card_unverified_vi_only") not in card
        docs = render_documents(proc, lang, TEXTS)
        assert TEXTS.get(lang, "sec_documents_none") not in docs
        assert f"{len(expected)}. " in docs and f"{len(expected) + 1}. " not in docs
        assert "Khi: Khi" not in docs and "When: Khi" not in docs


def test_pension_card_shows_the_20_day_limit_and_the_law(
    catalog: dict[str, Procedure],
) -> None:
    proc = _proc(catalog, "LOCAL-LUONG-HUU")
    line = _channel_line(render_time_fee(proc, "vi", TEXTS, today=TODAY), "Trực tiếp")
    assert line.startswith("<b>Trực tiếp</b>: 20 ngày (không tính ngày nghỉ lễ, Tết")
    assert not _fee_part(line).startswith(FREE["vi"])
    bullets = _bullets(render_legal(proc, "vi", TEXTS))
    assert bullets[0].startswith(f"• {LAW_SI_2024}")


def test_unemployment_card_says_the_rules_changed_in_2026(
    catalog: dict[str, Procedure],
) -> None:
    proc = _proc(catalog, "LOCAL-TRO-CAP-THAT-NGHIEP")
    bullets = _bullets(render_legal(proc, "vi", TEXTS))
    assert bullets[0].startswith("• Luật Việc làm 74/2025/QH15")
    assert any("Nghị định 374/2025/NĐ-CP" in b for b in bullets)
    card = render_card(proc, "vi", TEXTS)
    assert "28/2015/NĐ-CP" in card and "01/01/2026" in card
    text = render_time_fee(proc, "en", TEXTS, today=TODAY)
    assert _channel_line(text, "In person").startswith(
        f"<b>In person</b>: {TEXTS.get('en', 'time_unknown')}"
    )


@pytest.mark.parametrize("lang", LANGS)
def test_elderly_allowance_card_says_the_province_sets_the_amount(
    catalog: dict[str, Procedure], lang: Lang
) -> None:
    proc = _proc(catalog, "LOCAL-TRO-CAP-XA-HOI-NGUOI-CAO-TUOI")
    card = render_card(proc, lang, TEXTS)
    assert "Hà Tĩnh" in card
    assert ("HĐND tỉnh" if lang == "vi" else "provincial People's Council") in card
    docs = render_documents(proc, lang, TEXTS)
    assert "Nghị định 20/2021/NĐ-CP" in docs
    assert docs.count(TEXTS.get(lang, "doc_show")) == 3
