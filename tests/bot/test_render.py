"""Rendering of procedure cards and sections: escaped, valid Telegram HTML, split cleanly."""

from __future__ import annotations

import functools
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.calendar import WorkCalendar
from bot.portal.models import Dossier
from bot.portal.status import DossierStatus
from bot.render.dossier import render_dossier
from bot.render.html_split import TELEGRAM_TEXT_LIMIT, split_html
from bot.render.procedure import Section, format_vnd, render_card, render_section
from bot.texts import Lang, Texts
from procedures_catalog.loader import load_bundled
from procedures_catalog.schema import Document, Fee, Procedure
from sandbox.telegram_html import parse_html, utf16_len

TEXTS = Texts()


def assert_telegram_accepts(html_text: str) -> None:
    parsed = parse_html(html_text)  # raises ParseError like Telegram's "can't parse entities"
    assert 0 < utf16_len(parsed.text) <= TELEGRAM_TEXT_LIMIT


def test_every_bundled_card_and_section_is_valid_in_both_languages() -> None:
    for procedure in load_bundled():
        for lang in ("vi", "en"):
            assert_telegram_accepts(render_card(procedure, lang, TEXTS))
            for section in Section:
                for chunk in split_html(render_section(procedure, section, lang, TEXTS)):
                    assert_telegram_accepts(chunk)


def test_fees_are_formatted_per_language() -> None:
    assert format_vnd(1_250_000, "vi") == "1.250.000"
    assert format_vnd(1_250_000, "en") == "1,250,000"


@functools.cache
def _base() -> Procedure:
    return next(p for p in load_bundled() if p.code == "1.014064")


def _procedure_with(documents: list[str], summary: str) -> Procedure:
    base = _base()
    return base.model_copy(
        update={
            "documents": [Document(name=name) for name in documents],
            "summary": base.summary.model_copy(update={"vi": summary}),
            "last_reviewed": date(2026, 1, 2),
        }
    )


hostile = (
    st.lists(
        st.sampled_from([*"ab <>&;\"'/ \n", "&amp;", "<b>", "</b>", "ệ", "😀", "word "]),
        min_size=1,
        max_size=150,
    )
    .map("".join)
    .filter(lambda t: t.strip() != "")
)


@settings(max_examples=150, deadline=None)
@given(documents=st.lists(hostile, min_size=1, max_size=60), summary=hostile)
def test_hostile_catalog_text_is_escaped_and_split(documents: list[str], summary: str) -> None:
    procedure = _procedure_with(documents, summary)
    assert_telegram_accepts(render_card(procedure, "vi", TEXTS))
    chunks = split_html(render_section(procedure, Section.DOCUMENTS, "vi", TEXTS))
    for chunk in chunks:
        assert len(chunk) <= TELEGRAM_TEXT_LIMIT
        assert_telegram_accepts(chunk)
    joined = parse_html("\n".join(chunks)).text
    for name in documents:
        assert name.strip().split("\n")[0][:20] in joined


def test_split_never_cuts_inside_a_tag_or_entity() -> None:
    line = "<b>" + "x&amp;" * 50 + "</b>"
    text = "\n".join([line] * 200)
    chunks = split_html(text, limit=500)
    assert len(chunks) > 1
    for chunk in chunks:
        assert len(chunk) <= 500
        assert_telegram_accepts(chunk)


def test_a_single_overlong_line_falls_back_to_plain_text() -> None:
    text = "<i>" + "word " * 2000 + "</i>"
    chunks = split_html(text)
    assert len(chunks) >= 2
    for chunk in chunks:
        assert_telegram_accepts(chunk)


@pytest.mark.parametrize("status", [DossierStatus.REFUSED, DossierStatus.SUPPLEMENT_REQUIRED])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_missing_reason_is_said_instead_of_pointing_at_nothing(
    status: DossierStatus, lang: Lang
) -> None:
    def card(reason: str | None) -> str:
        dossier = Dossier(
            code="000.99.99.H27-261126-0001",
            status=status,
            status_label=status.label_vi,
            reason=reason,
        )
        text = render_dossier(
            dossier,
            today=date(2026, 11, 29),
            calendar=WorkCalendar(),
            lang=lang,
            texts=TEXTS,
            lookup_url="https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html",
        )
        return parse_html(text).text

    missing = TEXTS.get(lang, "status_reason_missing")
    without = card(None)
    assert missing in without
    given_reason = card("Thiếu tờ khai <bản chính>")
    assert "Thiếu tờ khai <bản chính>" in given_reason and missing not in given_reason


def test_time_and_fee_lines_never_say_the_same_thing_twice() -> None:
    for procedure in load_bundled():
        for lang in ("vi", "en"):
            text = parse_html(render_section(procedure, Section.TIME_FEE, lang, TEXTS)).text
            lowered = text.casefold()
            assert "miễn phí (miễn phí)" not in lowered and "free (miễn phí)" not in lowered
            assert "(chưa có thông tin về thời hạn giải quyết.)" not in lowered, procedure.code
            assert "(chưa có thông tin về lệ phí.)" not in lowered, procedure.code
    # A staff sheet that repeats the value in the note column shows it once.
    procedure = load_bundled()[0]
    channel = procedure.channels[0].model_copy(
        update={"fees": [Fee(free=True, note="Miễn phí."), Fee(amount_vnd=None, note="Cổng ghi")]}
    )
    imported = procedure.model_copy(update={"channels": [channel]})
    line = parse_html(render_section(imported, Section.TIME_FEE, "vi", TEXTS)).text
    assert "miễn phí; lệ phí chưa có thông tin (Cổng ghi)" in line
