"""Notification texts: both languages, every kind, valid Telegram HTML even with hostile
values from the portal, and the overdue alert says what the citizen can do."""

from __future__ import annotations

import pytest

from bot.texts import Texts
from bot.texts import tracking as area
from bot.tracking.notices import NoticeKind, parse_payload
from bot.tracking.notify import MAX_TEXT, render_notice
from sandbox.telegram_html import parse_html

TEXTS = Texts()
HOSTILE = {
    "code": "000.99.99.H27-260310-0001<b>&",
    "status": 5,
    "previous": 4,
    "label": "Yêu cầu <bổ sung> & ký lại",
    "changed_at": "2026-03-10T02:00:00+00:00",
    "appointment": "2026-03-20T09:30:00+00:00",
    "reason": "Thiếu <giấy> khai sinh & CCCD" * 3,
    "lookup_url": "https://dichvucong.gov.vn/p?a=1&b=<2>",
    "ready_since": "2026-03-10T02:00:00+00:00",
    "closed_at": "2026-03-10T02:00:00+00:00",
    "reason_end": "closed",
}


def notice(kind: NoticeKind, payload: dict[str, object], lang: str, hotline: str = "x") -> str:
    """Render a stored row (kind, JSON payload) as the sender does."""
    return render_notice(parse_payload(kind, payload), lang, TEXTS, hotline=hotline)


def test_both_languages_have_the_same_keys() -> None:
    assert area.VI.keys() == area.EN.keys()
    assert all(key.startswith("track_") for key in area.VI)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("kind", list(NoticeKind))
def test_every_notice_is_valid_html_with_escaped_values(lang: str, kind: NoticeKind) -> None:
    text = notice(kind, HOSTILE, lang, hotline="18001096")
    parsed = parse_html(text)  # raises on broken HTML, like Telegram's "can't parse entities"
    assert "000.99.99.H27-260310-0001<b>&" in parsed.text
    assert len(text) <= MAX_TEXT


def test_change_message_has_status_dates_reason_and_next_step() -> None:
    text = parse_html(notice(NoticeKind.STATUS_CHANGE, HOSTILE, "vi")).text
    assert "Cần bổ sung hồ sơ" in text and "Trên cổng: Yêu cầu <bổ sung> & ký lại" in text
    assert "20/03/2026" in text and "Lý do: Thiếu <giấy>" in text
    assert "bổ sung giấy tờ" in text and "/unfollow" in text


@pytest.mark.parametrize(
    ("lang", "needles"),
    [("vi", ["Phản ánh kiến nghị", "Tổng đài"]), ("en", ["complaint", "hotline"])],
)
def test_overdue_message_says_what_to_do(lang: str, needles: list[str]) -> None:
    text = parse_html(notice(NoticeKind.OVERDUE, HOSTILE, lang, hotline="18001096")).text
    assert "18001096" in text and "20/03/2026" in text and "dichvucong.gov.vn" in text
    for needle in needles:
        assert needle in text


def test_ended_messages_name_the_reason() -> None:
    closed = notice(NoticeKind.ENDED, {**HOSTILE, "reason": "closed"}, "vi")
    lost = notice(NoticeKind.ENDED, {**HOSTILE, "reason": "lost"}, "en")
    assert "đã kết thúc từ 10/03/2026" in closed
    assert "could not find" in lost and "/follow" in lost


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_change_without_a_reason_says_the_portal_gave_none(lang: str) -> None:
    payload = {**HOSTILE, "reason": ""}
    text = parse_html(notice(NoticeKind.STATUS_CHANGE, payload, lang)).text
    assert TEXTS.get(lang, "status_reason_missing") in text


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("kind", list(NoticeKind))
def test_portal_values_are_escaped_exactly_once(lang: str, kind: NoticeKind) -> None:
    payload = {
        **HOSTILE,
        "code": "H27<b>&1",
        "label": "Cấp <b>thẻ</b> & giấy",
        "reason": "Thiếu <b>giấy</b> & ảnh",
    }
    text = notice(kind, payload, lang, hotline="1800 & <b>")
    assert "<b>thẻ</b>" not in text and "<b>giấy</b>" not in text
    assert "H27&lt;b&gt;&amp;1" in text  # the code is in every kind of notice
    assert "&amp;amp;" not in text and "&amp;lt;" not in text and "&amp;gt;" not in text
    plain = parse_html(text).text
    assert "H27<b>&1" in plain
    if kind is NoticeKind.STATUS_CHANGE:
        assert "Cấp <b>thẻ</b> & giấy" in plain and "Thiếu <b>giấy</b> & ảnh" in plain
    if kind is NoticeKind.OVERDUE:
        assert "1800 & <b>" in plain


def test_stored_rows_read_back_as_the_payload_that_wrote_them() -> None:
    for kind in NoticeKind:
        payload = parse_payload(kind, HOSTILE)
        assert payload.kind is kind
        assert parse_payload(kind, payload.to_json()) == payload
    with pytest.raises(ValueError, match="unknown notification kind"):
        parse_payload("telepathy", HOSTILE)
