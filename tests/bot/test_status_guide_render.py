"""The reply to a status question without a code: valid Telegram HTML for every bundled
procedure in both languages, catalog text escaped, only the times the catalog gives."""

from __future__ import annotations

from datetime import date

from bot.render.html_split import TELEGRAM_TEXT_LIMIT
from bot.render.status_guide import render_status_guide
from bot.texts import Texts
from procedures_catalog.loader import load_bundled
from procedures_catalog.schema import Procedure
from sandbox.telegram_html import parse_html, utf16_len

TEXTS = Texts()
URL = "https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html"


def _accepted(html_text: str) -> str:
    parsed = parse_html(html_text)  # raises like Telegram's "can't parse entities"
    assert 0 < utf16_len(parsed.text) <= TELEGRAM_TEXT_LIMIT
    return parsed.text


def _procedure(channels: list[dict[str, object]]) -> Procedure:
    return Procedure.model_validate(
        {
            "code": "LOCAL-TEST",
            "code_is_local": True,
            "title": {"vi": "Cấp <thẻ> & giấy", "en": "Card <test> & paper"},
            "summary": {"vi": "x", "en": ""},
            "field": "Thử",
            "level": ["Cấp xã"],
            "agency": "UBND cấp xã",
            "channels": channels,
            "last_reviewed": date(2026, 1, 1),
            "source": "test",
        }
    )


def test_every_bundled_procedure_and_none_render_in_both_languages() -> None:
    for lang in ("vi", "en"):
        plain = _accepted(render_status_guide(None, lang, TEXTS, lookup_url=URL, hotline="1"))
        assert URL in plain
        for procedure in load_bundled():
            _accepted(render_status_guide(procedure, lang, TEXTS, lookup_url=URL, hotline="1"))


def test_catalog_text_is_escaped_and_unknown_times_are_not_invented() -> None:
    procedure = _procedure(
        [
            {"kind": "online", "time_value": 5, "time_unit": "working_days"},
            {"kind": "post", "time_unit": "unknown"},
            {"kind": "in_person", "time_unit": "unknown", "time_note": "<b>tùy</b> hồ sơ"},
        ]
    )
    html_text = render_status_guide(
        procedure, "vi", TEXTS, lookup_url=URL + "?a=1&b=<2>", hotline="<1800>"
    )
    text = _accepted(html_text)
    assert "Cấp <thẻ> & giấy" in text and "<b>tùy</b> hồ sơ" in text and "<1800>" in text
    assert "• Trực tuyến: 5 ngày làm việc" in text
    assert "Qua bưu chính" not in text  # no time and no note: nothing to say
    assert "• Trực tiếp: thời gian chưa có thông tin (<b>tùy</b> hồ sơ)" in text
    nothing = _accepted(
        render_status_guide(_procedure([]), "en", TEXTS, lookup_url=URL, hotline="1")
    )
    assert "no processing time for this procedure" in nothing
