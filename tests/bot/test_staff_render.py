"""The staff reports and the "not found" reply as Telegram HTML: citizens' and catalog text
escaped once, questions cut, titles from the catalog in the user's language."""

from __future__ import annotations

from datetime import date

from bot.render.not_found import render_contacts, render_not_found
from bot.render.staff import chart_labels, chart_title, render_stats, render_unanswered
from bot.search.querylog import UnansweredQuery
from bot.stats import DayCount, UsageStats
from bot.texts import Texts
from procedures_catalog.schema import Procedure
from tests.search.conftest import procedure

TEXTS = Texts()
CARD = procedure("1.014064", "Cấp lại <thẻ> căn cước", title_en="Replace an ID card")


def catalog(code: str) -> Procedure | None:
    return CARD if code == CARD.code else None


def test_unanswered_escapes_and_cuts_the_questions() -> None:
    rows = [
        UnansweredQuery("<b>x</b> & y", 3, 2, 1, None),
        UnansweredQuery("z" * 300, 1, 1, 0, None),
    ]
    text = render_unanswered(rows, 7, "vi", TEXTS, catalog_version=12, catalog_size=120)
    lines = text.splitlines()
    assert lines[0] == "<b>Câu hỏi bot chưa trả lời được (7 ngày qua)</b>"
    assert lines[1] == "1. &lt;b&gt;x&lt;/b&gt; &amp; y — 3 lần (không tìm thấy 2, hỏi lại 1)"
    assert lines[2].startswith("2. " + "z" * 200 + " — 1 lần")
    assert lines[-1] == "Danh mục hiện tại: phiên bản 12, 120 thủ tục."
    empty = render_unanswered([], 30, "en", TEXTS, catalog_version=None, catalog_size=0)
    assert empty == "No unanswered questions in the last 30 days."


def test_stats_name_the_procedures_answered_most() -> None:
    figures = UsageStats(
        first=date(2026, 11, 27),
        last=date(2026, 11, 29),
        days=(DayCount(date(2026, 11, 27), answer=3, none=1),),
        people=2,
        top_answered=(("1.014064", 3), ("9.<9>", 1)),
        helpful=1,
        not_helpful=0,
        follows_new=0,
        follows_active=4,
    )
    vi = render_stats(figures, 3, "vi", TEXTS, catalog)
    assert "(27/11/2026 – 29/11/2026)" in vi and "Trả lời ngay: 3 (75%)" in vi
    assert "1. Cấp lại &lt;thẻ&gt; căn cước (1.014064): 3" in vi
    assert "2. 9.&lt;9&gt; (9.&lt;9&gt;): 1" in vi  # gone from the catalog: its code
    assert "1. Replace an ID card (1.014064): 3" in render_stats(figures, 3, "en", TEXTS, catalog)
    assert chart_title("en", TEXTS) == "Questions per day"
    assert chart_labels("vi", TEXTS)["none"] == "Chưa tìm được"


def test_stats_of_an_empty_period() -> None:
    figures = UsageStats(date(2026, 11, 29), date(2026, 11, 29), (), 0, (), 0, 0, 0, 0)
    assert "Chưa có câu hỏi nào về thủ tục trong 1 ngày qua." in render_stats(
        figures, 1, "vi", TEXTS, catalog
    )


def test_not_found_escapes_the_field_and_the_hotline() -> None:
    text = render_not_found("Hộ tịch & <con>", "1800 <1096>", "vi", TEXTS)
    assert "<b>Hộ tịch &amp; &lt;con&gt;</b>" in text
    assert text.splitlines()[-1] == render_contacts("1800 <1096>", "vi", TEXTS)
    assert "<b>1800 &lt;1096&gt;</b>" in text
    assert "lĩnh vực" not in render_not_found(None, "1800", "vi", TEXTS)
