"""What the card says about where its facts come from, unverified notes per language, fee
lines that ended and fee lines for one case."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.render.procedure import Section, current_fees, render_card, render_section
from bot.texts import Texts
from procedures_catalog.schema import Procedure
from sandbox.telegram_html import parse_html

TEXTS = Texts()
URL = "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/abc"


def proc(**changes: Any) -> Procedure:
    data: dict[str, Any] = {
        "code": "1.001456",
        "title": {"vi": "Cấp hộ chiếu phổ thông", "en": "Ordinary passport"},
        "summary": {"vi": "Làm hộ chiếu.", "en": "Get a passport."},
        "field": "Quản lý xuất nhập cảnh",
        "level": ["Cấp tỉnh"],
        "agency": "Công an tỉnh",
        "channels": [
            {
                "kind": "online",
                "time_value": 1,
                "time_unit": "working_days",
                "fees": [
                    {"amount_vnd": 160000, "until": date(2023, 12, 31)},
                    {"amount_vnd": 200000, "condition": "mỗi hộ chiếu"},
                ],
            }
        ],
        "detail_url": URL,
        "last_reviewed": date(2026, 12, 3),
        "source": "test",
    }
    data.update(changes)
    return Procedure.model_validate(data)


def text_of(html: str) -> str:
    return parse_html(html).text


def test_an_ended_reduction_is_not_shown_as_the_fee() -> None:
    shown = text_of(render_section(proc(), Section.TIME_FEE, "vi", TEXTS))
    assert "160.000" not in shown
    assert "200.000 đồng – mỗi hộ chiếu" in shown
    assert TEXTS.get("vi", "fee_ended_hidden") in shown
    assert [f.amount_vnd for f in current_fees(proc().channels[0], date(2023, 6, 1))] == [
        160000,
        200000,
    ]


def test_a_reduction_still_running_says_until_when() -> None:
    channel = proc().channels[0]
    running = channel.model_copy(
        update={"fees": [channel.fees[0].model_copy(update={"until": date(2099, 12, 31)})]}
    )
    shown = text_of(render_section(proc(channels=[running]), Section.TIME_FEE, "en", TEXTS))
    assert "160,000 VND (applies until 31/12/2099)" in shown


def test_one_day_is_singular_in_english() -> None:
    shown = text_of(render_section(proc(), Section.TIME_FEE, "en", TEXTS))
    assert "1 working day;" in shown and "1 working days" not in shown


def test_an_official_entry_says_where_its_facts_come_from() -> None:
    official = proc(kind="official")
    for lang in ("vi", "en"):
        card = text_of(render_card(official, lang, TEXTS))
        assert text_of(TEXTS.get(lang, "card_official_source")) in card
        assert URL in card
    curated = text_of(render_card(proc(), "vi", TEXTS))
    assert text_of(TEXTS.get("vi", "card_official_source")) not in curated


def test_unverified_notes_follow_the_language() -> None:
    notes = proc(
        unverified=["Lệ phí chưa xác minh cho Hà Tĩnh."],
        unverified_en=["The fee is not verified for Hà Tĩnh."],
    )
    assert "Lệ phí chưa xác minh" in text_of(render_card(notes, "vi", TEXTS))
    english = text_of(render_card(notes, "en", TEXTS))
    assert "The fee is not verified for Hà Tĩnh." in english
    assert "Lệ phí chưa xác minh" not in english
    # untranslated notes still show, and the English card says they are in Vietnamese
    untranslated = text_of(render_card(proc(unverified=["Chưa rõ."]), "en", TEXTS))
    assert "Chưa rõ." in untranslated
    assert TEXTS.get("en", "card_unverified_vi_only") in untranslated


def test_a_condition_that_names_its_case_is_not_prefixed_twice() -> None:
    docs = [
        {"name": "Tờ khai", "condition": "Khi nộp trực tuyến"},
        {"name": "Giấy ủy quyền", "condition": "người khác nộp thay"},
    ]
    shown = text_of(render_section(proc(documents=docs), Section.DOCUMENTS, "vi", TEXTS))
    assert "Khi: Khi" not in shown
    assert "   Khi nộp trực tuyến" in shown
    assert "Khi: người khác nộp thay" in shown
