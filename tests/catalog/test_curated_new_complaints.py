"""New curated entries: complaints and denunciations about the police, civil judgment
enforcement and state compensation (added from the national portal's data, June 2026).

Every test reads the real bundled catalog and renders with the real card renderer, so it
fails when an entry loses a document, a time, a fee line or its main law, when a fee the page
does not state shows as free, or when search stops finding an entry by the way citizens
write (or starts answering questions the catalog cannot answer).
"""

from __future__ import annotations

import pytest

from bot.render.procedure import (
    render_card,
    render_documents,
    render_legal,
    render_online,
    render_time_fee,
)
from bot.search.decision import Decision
from bot.search.snapshot import CatalogSnapshot
from bot.texts import Lang, Texts
from procedures_catalog.schema import ChannelKind, EntryKind, Procedure, TimeUnit
from tests.catalog.curated import LANGS, REVIEWED, SOURCE

NEW_CODES = (
    # Thi hành án dân sự
    "1.003091",
    "1.002270",
    # Bồi thường nhà nước
    "2.002165",
    "2.002192",
    # Khiếu nại, tố cáo (Công an nhân dân)
    "1.004335",
    "1.004327",
    "1.003504",
    "1.003482",
)
POLICE_CODES = ("1.004335", "1.004327", "1.003504", "1.003482")


def _time_fee(p: Procedure, lang: Lang, texts: Texts) -> str:
    return render_time_fee(p, lang, texts, today=REVIEWED)


def _channel_line(shown: str, channel_label: str) -> str:
    return next(ln for ln in shown.splitlines() if ln.startswith(f"<b>{channel_label}</b>"))


# --- every new entry is complete -------------------------------------------------------


@pytest.mark.parametrize("code", NEW_CODES)
def test_entry_is_curated_and_complete(catalog: dict[str, Procedure], code: str) -> None:
    p = catalog[code]
    assert p.kind is EntryKind.CURATED
    assert p.title.en and p.summary.en
    assert p.documents, "a citizen must see at least one document"
    assert p.channels
    for channel in p.channels:
        known = channel.time_value is not None and channel.time_unit is not TimeUnit.UNKNOWN
        assert known or channel.time_note, (code, channel.kind)
        assert channel.fees, (code, channel.kind)
    assert len(p.unverified_en) == len(p.unverified)
    assert not p.unverified, "the official page gives every fact these entries state"
    assert p.legal_basis and p.results and p.steps
    assert p.detail_url is not None and p.online.url == p.detail_url
    assert p.online.available == any(c.kind is ChannelKind.ONLINE for c in p.channels)
    assert p.decision
    assert p.last_reviewed == REVIEWED
    assert p.source == SOURCE
    assert 4 <= len(p.aliases) <= 10
    assert all(r in catalog for r in p.related)


def test_aliases_are_not_shared_with_any_other_entry(catalog: dict[str, Procedure]) -> None:
    owners: dict[str, set[str]] = {}
    for p in catalog.values():
        for alias in p.aliases:
            owners.setdefault(alias.casefold(), set()).add(p.code)
    for code in NEW_CODES:
        for alias in catalog[code].aliases:
            assert owners[alias.casefold()] == {code}, (code, alias)


@pytest.mark.parametrize("code", NEW_CODES)
def test_cards_show_no_flattened_portal_text(
    catalog: dict[str, Procedure], texts: Texts, code: str
) -> None:
    p = catalog[code]
    for lang in LANGS:
        shown = "\n".join(
            (
                render_card(p, lang, texts),
                render_documents(p, lang, texts),
                _time_fee(p, lang, texts),
            )
        )
        for raw in ("Tên giấy tờMẫu đơn", "Số lượng", "bản chính,1 bản sao", "Việt Nam Đồng"):
            assert raw not in shown, (code, raw)


# --- facts a citizen reads on the card --------------------------------------------------


@pytest.mark.parametrize(
    ("code", "law"),
    [
        ("1.003091", "Luật Thi hành án dân sự 26/2008/QH12"),
        ("1.002270", "Luật Thi hành án dân sự 26/2008/QH12"),
        ("2.002165", "Luật Trách nhiệm bồi thường của Nhà nước 10/2017/QH14"),
        ("2.002192", "Luật Trách nhiệm bồi thường của Nhà nước 10/2017/QH14"),
        ("1.004335", "Luật Khiếu nại 02/2011/QH13"),
        ("1.003504", "Luật Khiếu nại 02/2011/QH13"),
        ("1.004327", "Luật Tố cáo 03/2011/QH13"),
        ("1.003482", "Luật Tố cáo 03/2011/QH13"),
    ],
)
def test_legal_section_lists_the_main_law_first(
    catalog: dict[str, Procedure], texts: Texts, code: str, law: str
) -> None:
    shown = render_legal(catalog[code], "vi", texts)
    lines = [ln for ln in shown.splitlines() if ln.startswith("• ")]
    assert lines[0].startswith(f"• {law}")


def test_enforcement_request_filing_is_free_but_the_enforcement_fee_is_not(
    catalog: dict[str, Procedure], texts: Texts
) -> None:
    """The fee cell says "Miễn phí" and the description cites the enforcement-fee circular:
    the card says filing is free and that the enforcement fee's amount is not published."""
    shown = _time_fee(catalog["1.003091"], "vi", texts)
    for label in ("Trực tuyến", "Qua bưu chính", "Trực tiếp"):
        line = _channel_line(shown, label)
        assert line.startswith(f"<b>{label}</b>: 5 ngày làm việc")
        assert "miễn phí – nộp đơn yêu cầu thi hành án" in line
        assert "lệ phí chưa có thông tin – phí thi hành án dân sự" in line
        assert "Thông tư 216/2016/TT-BTC" in line
    english = _time_fee(catalog["1.003091"], "en", texts)
    assert english.count("fee not published") == 3


def test_enforcement_request_documents_and_time_limit(
    catalog: dict[str, Procedure], texts: Texts
) -> None:
    p = catalog["1.003091"]
    docs = render_documents(p, "vi", texts)
    assert "Mẫu D 01-THADS" in docs and "Mẫu D34-THADS" in docs
    assert "Bản án, quyết định của Tòa án" in docs
    assert "Quyết định thi hành án dân sự" in docs  # the result
    assert any("5 năm" in c for c in p.conditions)
    assert "5 năm" in render_legal(p, "vi", texts)


def test_enforcement_result_confirmation_is_free_in_three_working_days(
    catalog: dict[str, Procedure], texts: Texts
) -> None:
    p = catalog["1.002270"]
    shown = _time_fee(p, "vi", texts)
    assert shown.count("3 ngày làm việc; miễn phí") == 3
    assert "Mẫu D07-THADS" in render_documents(p, "vi", texts)
    assert "Giấy xác nhận kết quả thi hành án" in render_documents(p, "vi", texts)


@pytest.mark.parametrize("code", ["2.002165", "2.002192"])
def test_compensation_claim_time_has_no_invented_unit(
    catalog: dict[str, Procedure], texts: Texts, code: str
) -> None:
    """The page gives a bare "1" as the time: the card says so instead of implying a day."""
    shown = _time_fee(catalog[code], "vi", texts)
    for label in ("Trực tuyến", "Qua bưu chính", "Trực tiếp"):
        line = _channel_line(shown, label)
        assert "trang chỉ ghi số 1, không ghi đơn vị" in line
        assert "không nêu tổng thời gian giải quyết" in line
        assert line.endswith("miễn phí")
    docs = render_documents(catalog[code], "vi", texts)
    assert "Văn bản yêu cầu bồi thường" in docs
    assert "Di chúc" in docs  # the heir's case is covered
    assert catalog[code].results == ["Quyết định giải quyết bồi thường (mã KQ.G15.000049)"]


def test_compensation_levels_and_agencies(catalog: dict[str, Procedure]) -> None:
    assert catalog["2.002165"].level == ["Cấp xã"]
    assert catalog["2.002192"].level == ["Cấp tỉnh"]
    assert "tố tụng" in catalog["2.002192"].agency


@pytest.mark.parametrize("code", POLICE_CODES)
def test_police_complaints_are_not_online_and_their_fee_is_not_shown_as_free(
    catalog: dict[str, Procedure], texts: Texts, code: str
) -> None:
    p = catalog[code]
    assert [c.kind for c in p.channels] == [ChannelKind.POST, ChannelKind.IN_PERSON]
    for lang in LANGS:
        shown = _time_fee(p, lang, texts)
        assert "miễn phí" not in shown and "free" not in shown
    assert "lệ phí chưa có thông tin" in _time_fee(p, "vi", texts)
    assert "chưa có nộp trực tuyến" in render_online(p, "vi", texts)


@pytest.mark.parametrize(
    ("code", "time", "first_round"),
    [
        ("1.004335", "60 ngày làm việc", "30 ngày kể từ khi thụ lý"),
        ("1.003504", "60 ngày (", "30 ngày kể từ khi thụ lý"),
        ("1.004327", "60 ngày làm việc", "60 ngày kể từ khi thụ lý, vụ phức tạp 90 ngày"),
        ("1.003482", "90 ngày (", "60 ngày kể từ khi thụ lý, vụ phức tạp 90 ngày"),
    ],
)
def test_police_complaint_times_follow_the_page(
    catalog: dict[str, Procedure], texts: Texts, code: str, time: str, first_round: str
) -> None:
    shown = _time_fee(catalog[code], "vi", texts)
    for label in ("Qua bưu chính", "Trực tiếp"):
        line = _channel_line(shown, label)
        assert line.startswith(f"<b>{label}</b>: {time}")
        assert first_round in line


def test_complaint_form_and_results(catalog: dict[str, Procedure], texts: Texts) -> None:
    for code in ("1.004335", "1.003504"):
        docs = render_documents(catalog[code], "vi", texts)
        assert "Nghị định 124/2020/NĐ-CP" in docs
        assert "Quyết định giải quyết khiếu nại lần đầu" in docs
    for code in ("1.004327", "1.003482"):
        docs = render_documents(catalog[code], "vi", texts)
        assert "Đơn tố cáo" in docs and "Kết luận nội dung tố cáo" in docs
    assert catalog["1.004335"].level == ["Cấp xã"]
    assert catalog["1.003482"].agency.startswith("Công an tỉnh")


# --- search finds the new entries by the way citizens write -----------------------------


@pytest.mark.parametrize(
    ("question", "code"),
    [
        ("yeu cau thi hanh an tien cap duong sau ly hon", "1.003091"),
        ("lam don yeu cau thi hanh an", "1.003091"),
        ("xin giay xac nhan da thi hanh xong an", "1.002270"),
        ("doi boi thuong do can bo xa lam sai", "2.002165"),
        ("doi boi thuong do co quan nha nuoc lam sai", "2.002192"),
        ("bi bat oan doi boi thuong", "2.002192"),
        ("khieu nai cong an xa", "1.004335"),
        ("to cao cong an xa", "1.004327"),
        ("khieu nai quyet dinh xu phat cua csgt tinh", "1.003504"),
        ("gui don to cao len cong an tinh", "1.003482"),
    ],
)
def test_search_ranks_the_new_entry_first(
    search: CatalogSnapshot, question: str, code: str
) -> None:
    outcome = search.search(question)
    assert outcome.results, question
    assert outcome.results[0].code == code, [r.code for r in outcome.results[:3]]


@pytest.mark.parametrize(
    "question",
    [
        "tố cáo cán bộ nhận hối lộ",  # not a police officer: another agency's procedure
        "bồi thường khi nhà nước thu hồi đất",  # land acquisition, not state liability
        "kiện đòi nợ",  # a lawsuit, not the enforcement of a judgment
        "khiếu nại hàng xóm lấn chiếm đất",
    ],
)
def test_new_entries_do_not_answer_what_the_catalog_lacks(
    search: CatalogSnapshot, question: str
) -> None:
    outcome = search.search(question)
    answered = outcome.decision is Decision.ANSWER and outcome.results
    assert not (answered and outcome.results[0].code in NEW_CODES), question


@pytest.mark.parametrize(
    ("question", "code"),
    [
        ("yeu cau tro giup phap ly", "2.000829"),
        ("hang xom lan dat nho xa hoa giai", "1.012812"),
        ("lam giay khai sinh cho con", "1.001193"),
    ],
)
def test_existing_answers_are_not_taken_over(
    search: CatalogSnapshot, question: str, code: str
) -> None:
    outcome = search.search(question)
    assert outcome.results[0].code == code, [r.code for r in outcome.results[:3]]
