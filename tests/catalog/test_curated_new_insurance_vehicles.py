"""New curated entries: social insurance and health insurance, vehicles, driving licences,
household business, personal and household taxes, poverty recognition and legal aid.

Uses the real bundled catalog, the real renderer and the real search engine. The catalog is
read with `read_catalog` so that a problem in another helper's file does not hide these
checks; problems located in this batch's own files still fail the tests.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

import pytest

from bot.render.procedure import render_card, render_documents, render_legal, render_time_fee
from bot.search.engine import SearchEngine
from bot.search.synonyms import load_synonyms
from bot.texts import Lang, Texts
from procedures_catalog.loader import BUNDLED_DIR, SYNONYMS_FILE
from procedures_catalog.schema import ChannelKind, EntryKind, Procedure, TimeUnit
from tests.catalog.curated import LANGS

SOCIAL_INSURANCE = (
    "2.000821",
    "1.001667",
    "1.001598",
    "2.000717",
    "1.001742",
    "1.001601",
    "2.000740",
    "1.001632",
)
HEALTH_INSURANCE = ("1.001939", "1.001656")
VEHICLES = ("1.013067", "1.013079", "1.013082", "1.013123")
DRIVING = ("1.013211", "3.000349", "3.000350")
HOUSEHOLD_BUSINESS = ("1.014034",)
TAX = (
    "2.002233",
    "1.008503",
    "1.008501",
    "1.007277",
    "1.007674",
    "1.007700",
    "1.014976",
    "1.007689",
    "1.007695",
)
POVERTY = ("1.011607", "1.011608", "1.011609")
LEGAL_AID = ("2.000829",)
BATCH = (
    *SOCIAL_INSURANCE,
    *HEALTH_INSURANCE,
    *VEHICLES,
    *DRIVING,
    *HOUSEHOLD_BUSINESS,
    *TAX,
    *POVERTY,
    *LEGAL_AID,
)

# The main law each official page lists, shown first in the legal section; pages that list
# no law (licence exchanges, poverty recognition) start with their main regulation.
MAIN_LAW: dict[str, str] = {
    **{code: "Luật Bảo hiểm xã hội 58/2014/QH13" for code in SOCIAL_INSURANCE},
    "1.001632": "Luật An toàn, vệ sinh lao động 84/2015/QH13",
    **{code: "Luật Bảo hiểm y tế 25/2008/QH12" for code in HEALTH_INSURANCE},
    **{code: "Luật Trật tự, an toàn giao thông đường bộ 36/2024/QH15" for code in VEHICLES},
    "1.013211": "Luật Trật tự, an toàn giao thông đường bộ 36/2024/QH15",
    "3.000349": "Thông tư 12/2025/TT-BCA",
    "3.000350": "Thông tư 12/2025/TT-BCA",
    "1.014034": "Luật Doanh nghiệp 59/2020/QH14",
    **{code: "Luật Quản lý thuế 38/2019/QH14" for code in TAX},
    "1.007689": "Luật Quản lý thuế 108/2025/QH15",
    "2.000829": "Luật Trợ giúp pháp lý 11/2017/QH14",
    **{code: "Quyết định 24/2021/QĐ-TTg" for code in POVERTY},
}

# One citizen-style question (no diacritics) per entry; the entry must come first.
QUESTIONS: dict[str, str] = {
    "2.000821": "tro cap mai tang khi nguoi dong bhxh mat",
    "1.001667": "xin tro cap om dau bhxh",
    "1.001598": "nghi duong suc sau sinh duoc bhxh tra tien khong",
    "2.000717": "truy linh luong huu cua bo da mat",
    "1.001742": "chuyen noi huong luong huu ve que",
    "1.001601": "nho nguoi linh luong huu ho",
    "2.000740": "nhan luong huu qua tai khoan ngan hang",
    "1.001632": "bi tai nan lao dong duoc huong che do gi",
    "1.001939": "lam the bhyt lan dau cho nguoi nha khong di lam",
    "1.001656": "xin hoan tien vien phi bhyt da tu tra",
    "1.013067": "dang ky bien so trung dau gia",
    "1.013079": "doi bien so xe tu bien ngan sang bien dai",
    "1.013082": "lam lai ca vet truc tiep",
    "1.013123": "xe het nien han nop lai dang ky bien so",
    "1.013211": "bang lai bi tru het diem thi phuc hoi the nao",
    "3.000349": "doi bang lai quan su sang dan su",
    "3.000350": "doi bang lai cong an nhan dan",
    "1.014034": "hieu dinh thong tin giay dang ky ho kinh doanh bi sai",
    "2.002233": "quyet toan thue tncn ca nhan tu lam",
    "1.008503": "thay doi thong tin dang ky thue ca nhan",
    "1.008501": "mat giay chung nhan dang ky thue",
    "1.007277": "le phi truoc ba nha dat",
    "1.007674": "khai thue tncn khi ban dat",
    "1.007700": "le phi truoc ba xe may moi mua",
    "1.014976": "quyet toan thue ho kinh doanh",
    "1.007689": "khai thue cho thue nha tro",
    "1.007695": "khai thue dat o hang nam",
    "1.011607": "xet ho ngheo giua nam",
    "1.011608": "xin ra khoi ho ngheo",
    "1.011609": "cong nhan ho co muc song trung binh",
    "2.000829": "xin luat su mien phi tro giup phap ly",
}

# Questions that belonged to existing entries before this batch: they must stay there.
KEPT: dict[str, tuple[str, ...]] = {
    "mất cà vẹt xe": ("1.013080",),
    "làm lại giấy đăng ký xe bị mất": ("1.013080",),
    "sang tên xe máy mua lại của người quen": ("1.013076",),
    "đăng ký xe máy mới mua": ("1.013066", "1.012575"),
    "thu hoi dang ky bien so xe": ("1.013065",),
    "đổi giấy phép lái xe sắp hết hạn": ("3.000347",),
    "xin công nhận hộ nghèo": ("1.011606",),
    "gia hạn thẻ bảo hiểm y tế hộ gia đình": ("1.001939",),
    "mất thẻ bảo hiểm y tế xin cấp lại": ("1.002759",),
    "rút bảo hiểm xã hội một lần": ("1.001613",),
    "đăng ký mã số thuế cá nhân": ("1.008498",),
    "khai thuế cho hộ kinh doanh": ("1.011022",),
    "đổi địa chỉ hộ kinh doanh": ("2.000720",),
}

GENERIC = {"đăng ký", "giấy tờ", "hồ sơ", "thủ tục", "bảo hiểm", "thuế", "xe"}
TODAY = date(2026, 12, 3)
TEXTS = Texts()


def _fold(text: str) -> str:
    """Lower case without diacritics (đ → d), single spaces: how aliases collide."""
    text = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def engine(catalog: dict[str, Procedure]) -> SearchEngine:
    synonyms = load_synonyms(BUNDLED_DIR / SYNONYMS_FILE)
    return SearchEngine.build(list(catalog.values()), synonyms)


def _time_fee(procedure: Procedure, lang: Lang) -> str:
    return render_time_fee(procedure, lang, TEXTS, today=TODAY)


# --- every entry of the batch -------------------------------------------------------------


def test_batch_has_31_distinct_codes() -> None:
    assert len(BATCH) == len(set(BATCH)) == 31
    assert set(QUESTIONS) == set(BATCH)


@pytest.mark.parametrize("code", BATCH)
def test_entry_is_complete(code: str, catalog: dict[str, Procedure]) -> None:
    p = catalog[code]
    assert p.kind is EntryKind.CURATED
    assert p.title.en and p.summary.en
    assert p.documents, "at least one document"
    assert p.channels
    for channel in p.channels:
        known = channel.time_value is not None and channel.time_unit is not TimeUnit.UNKNOWN
        assert known or channel.time_note, (code, channel.kind)
        assert channel.fees, (code, channel.kind)
    assert len(p.unverified_en) == len(p.unverified)
    assert p.detail_url is not None and str(p.detail_url).startswith(
        "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/"
    )
    assert p.decision
    assert p.results and p.steps and p.legal_basis
    assert p.last_reviewed == date(2026, 12, 3)
    assert p.online.available == (p.channel(ChannelKind.ONLINE) is not None)
    assert all(r in catalog for r in p.related), p.related
    assert 4 <= len(p.aliases) <= 12
    assert not {_fold(a) for a in p.aliases} & {_fold(g) for g in GENERIC}


def test_aliases_are_not_shared_with_other_entries(catalog: dict[str, Procedure]) -> None:
    for code in BATCH:
        for alias in catalog[code].aliases:
            others = [
                p.code
                for p in catalog.values()
                if p.code != code and _fold(alias) in {_fold(a) for a in p.aliases}
            ]
            assert not others, (code, alias, others)


@pytest.mark.parametrize("code", BATCH)
def test_legal_section_lists_the_main_law_first(code: str, catalog: dict[str, Procedure]) -> None:
    p = catalog[code]
    assert p.legal_basis[0].ref == MAIN_LAW[code]
    for lang in LANGS:
        assert f"• {MAIN_LAW[code]}" in render_legal(p, lang, TEXTS)


@pytest.mark.parametrize("code", BATCH)
def test_card_renders_in_both_languages(code: str, catalog: dict[str, Procedure]) -> None:
    p = catalog[code]
    vi = render_card(p, "vi", TEXTS)
    en = render_card(p, "en", TEXTS)
    assert p.title.vi in vi and p.title.en in en
    assert "Cập nhật lần cuối: 03/12/2026" in vi
    docs = render_documents(p, "vi", TEXTS)
    assert docs.count("\n1. ") == 1 and "Kết quả nhận được" in docs


# --- facts a citizen sees ---------------------------------------------------------------


def test_survivors_benefit_card(catalog: dict[str, Procedure]) -> None:
    p = catalog["2.000821"]
    docs = render_documents(p, "vi", TEXTS)
    assert "Tờ khai của thân nhân (Mẫu 09-HSB)" in docs
    assert "trích lục khai tử" in docs
    assert "Sổ bảo hiểm xã hội của người đã mất" in docs
    assert "08C-HSB" in docs  # monthly survivors' benefit decision
    time_fee = _time_fee(p, "vi")
    for channel in ("Trực tuyến", "Qua bưu chính", "Trực tiếp"):
        assert f"<b>{channel}</b>: 8 ngày làm việc; miễn phí" in time_fee
    assert "8 working days; free" in _time_fee(p, "en")
    assert "funeral" in p.title.en.lower()


def test_sickness_benefit_card(catalog: dict[str, Procedure]) -> None:
    p = catalog["1.001667"]
    docs = render_documents(p, "vi", TEXTS)
    assert "Giấy chứng nhận nghỉ việc hưởng BHXH" in docs
    assert "Mẫu 01B-HSB" in docs
    assert "Khi: Điều trị ngoại trú" in docs
    assert "<b>Trực tiếp</b>: 6 ngày làm việc; miễn phí" in _time_fee(p, "vi")


def test_health_insurance_card_keeps_the_contribution_apart_from_the_fee(
    catalog: dict[str, Procedure],
) -> None:
    p = catalog["1.001939"]
    time_fee = _time_fee(p, "vi")
    assert "5 ngày làm việc" in time_fee and "trợ cấp thất nghiệp: không quá 2 ngày" in time_fee
    assert "tiền đóng BHYT nộp riêng" in time_fee
    docs = render_documents(p, "vi", TEXTS)
    assert "(Mẫu TK1-TS)" in docs and "(Mẫu 01-TK)" in docs


def test_reimbursement_time_is_calendar_days(catalog: dict[str, Procedure]) -> None:
    p = catalog["1.001656"]
    assert "<b>Trực tuyến</b>: 40 ngày; miễn phí" in _time_fee(p, "vi")
    assert "working" not in _time_fee(p, "en")


@pytest.mark.parametrize("code", ["1.013067", "1.013079", "1.013082"])
def test_vehicle_registration_fee_is_not_shown_as_free(
    code: str, catalog: dict[str, Procedure]
) -> None:
    """The fee cell says "Miễn phí" but the page charges the registration fee (TT 60/2023)."""
    p = catalog[code]
    for channel in p.channels:
        assert all(not fee.free for fee in channel.fees)
    vi = _time_fee(p, "vi")
    assert "lệ phí chưa có thông tin" in vi and "60/2023/TT-BTC" in vi
    assert "; miễn phí" not in vi
    assert "; free" not in _time_fee(p, "en")


def test_first_registration_in_person_gives_each_deadline(catalog: dict[str, Procedure]) -> None:
    p = catalog["1.013067"]
    assert [c.kind for c in p.channels] == [ChannelKind.IN_PERSON]
    vi = _time_fee(p, "vi")
    assert "<b>Trực tiếp</b>: 2 ngày làm việc" in vi
    assert "không quá 7 ngày làm việc" in vi and "1 giờ" in vi
    assert not p.online.available and "1.012575" in p.online.note


def test_military_and_police_licence_fee_is_135000(catalog: dict[str, Procedure]) -> None:
    for code in ("3.000349", "3.000350"):
        p = catalog[code]
        assert "<b>Trực tiếp</b>: 5 ngày làm việc; 135.000 đồng" in _time_fee(p, "vi")
        assert "135,000 VND" in _time_fee(p, "en")
        assert "135 VNĐ" not in p.summary.vi


def test_points_restoration_test_marks_the_unknown_fee(catalog: dict[str, Procedure]) -> None:
    p = catalog["1.013211"]
    assert "lệ phí chưa có thông tin" in _time_fee(p, "vi")
    assert p.unverified and "phí" in p.unverified[0]
    assert "fee" in render_card(p, "en", TEXTS)
    assert "6 tháng" in " ".join(p.conditions)


def test_household_business_update_fee_conflict(catalog: dict[str, Procedure]) -> None:
    p = catalog["1.014034"]
    vi = _time_fee(p, "vi")
    assert "; miễn phí" not in vi and "HĐND tỉnh" in vi
    assert "1 ngày (Cổng chỉ ghi số 1, không ghi đơn vị" in vi


def test_income_tax_finalisation_card(catalog: dict[str, Procedure]) -> None:
    p = catalog["2.002233"]
    assert "Mẫu số 02/QTT-TNCN" in render_documents(p, "vi", TEXTS)
    vi = _time_fee(p, "vi")
    assert "<b>Trực tiếp</b>: 6 ngày làm việc; miễn phí" in vi
    assert "<b>Trực tuyến</b>: 1 ngày (Cổng chỉ ghi số 1" in vi
    assert "tháng thứ 4" in render_legal(p, "vi", TEXTS)


@pytest.mark.parametrize("code", ["1.007277", "1.007700", "1.007674"])
def test_free_procedure_still_says_the_tax_itself_is_due(
    code: str, catalog: dict[str, Procedure]
) -> None:
    vi = _time_fee(catalog[code], "vi")
    assert "miễn phí" in vi and "phải nộp ghi trong thông báo" in vi


def test_declaration_only_tax_procedures_explain_the_missing_time(
    catalog: dict[str, Procedure],
) -> None:
    for code in ("1.014976", "1.007689"):
        vi = _time_fee(catalog[code], "vi")
        assert "thời gian chưa có thông tin (" in vi and "không trả kết quả" in vi


def test_land_tax_small_amount_exemption(catalog: dict[str, Procedure]) -> None:
    p = catalog["1.007695"]
    assert "50.000 đồng" in p.summary.vi
    assert "(Mẫu số 01/MGTH)" in render_documents(p, "vi", TEXTS)


def test_poverty_entries_take_15_days_by_post_or_in_person(
    catalog: dict[str, Procedure],
) -> None:
    for code in POVERTY:
        p = catalog[code]
        assert {c.kind for c in p.channels} == {ChannelKind.POST, ChannelKind.IN_PERSON}
        assert "<b>Trực tiếp</b>: 15 ngày; miễn phí" in _time_fee(p, "vi")
    assert "Mẫu số 04" in render_documents(catalog["1.011608"], "vi", TEXTS)


def test_legal_aid_card(catalog: dict[str, Procedure]) -> None:
    p = catalog["2.000829"]
    docs = render_documents(p, "vi", TEXTS)
    assert "Đơn yêu cầu trợ giúp pháp lý" in docs and "Giấy chứng nhận hộ nghèo" in docs
    assert "Trung tâm Trợ giúp pháp lý" in p.agency


# --- search -------------------------------------------------------------------------------


@pytest.mark.parametrize("code", BATCH)
def test_search_ranks_the_entry_first(code: str, engine: SearchEngine) -> None:
    outcome = engine.search(QUESTIONS[code])
    assert outcome.intent.value == "procedure", outcome
    assert outcome.results and outcome.results[0].code == code, [
        r.code for r in outcome.results[:3]
    ]


@pytest.mark.parametrize("question", list(KEPT))
def test_existing_questions_keep_their_answer(question: str, engine: SearchEngine) -> None:
    outcome = engine.search(question)
    assert outcome.results and outcome.results[0].code in KEPT[question], [
        r.code for r in outcome.results[:3]
    ]
