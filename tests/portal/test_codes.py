"""Dossier code recognition, normalisation, near-miss reasons and free-text extraction."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.portal.codes import (
    CodeIssue,
    CodeKind,
    CodeProblem,
    DossierCode,
    InvalidDossierCode,
    extract_codes,
    find_dossier_codes,
    normalize_dossier_code,
    parse_dossier_code,
    sanitize_code,
)


@pytest.mark.parametrize(
    ("text", "code", "kind", "issued"),
    [
        (
            "000.17.22.H56-210531-0001",
            "000.17.22.H56-210531-0001",
            CodeKind.ONESTOP,
            date(2021, 5, 31),
        ),
        (
            "000.17.22.H56-210531-48213",
            "000.17.22.H56-210531-48213",
            CodeKind.ONESTOP_SYNCED,
            date(2021, 5, 31),
        ),
        ("G09.20-20260609-0092637", "G09.20-20260609-0092637", CodeKind.SECTOR, date(2026, 6, 9)),
        (
            "000.00.22.H27-20250610-000123",
            "000.00.22.H27-20250610-000123",
            CodeKind.ONESTOP_OTHER,
            date(2025, 6, 10),
        ),
        ("03706/2026/07906", "03706/2026/07906", CodeKind.BHXH, date(2026, 1, 1)),
    ],
)
def test_every_documented_format(text: str, code: str, kind: CodeKind, issued: date) -> None:
    parsed = parse_dossier_code(text)
    assert isinstance(parsed, DossierCode)
    assert (parsed.code, parsed.kind, parsed.issued_on) == (code, kind, issued)


@pytest.mark.parametrize(
    "text",
    [
        "000.17.22.h56-210531-0001",
        "  000.17.22.H56 - 210531 - 0001  ",
        "000.17.22.H56–210531—0001",
        "０００.１７.２２.Ｈ５６-２１０５３１-０００１",
        "«000.17.22.H56-210531-0001».",
        "000.17.22.H56 210531 0001",
    ],
)
def test_normalisation(text: str) -> None:
    assert normalize_dossier_code(text) == "000.17.22.H56-210531-0001"


@pytest.mark.parametrize(
    ("text", "issue", "part"),
    [
        ("000.17.22.H56-2105310001", CodeIssue.MISSING_PART, "2105310001"),
        ("000.17.22.H56--210531", CodeIssue.MISSING_PART, "000.17.22.H56--210531"),
        ("000.17.22.H56-210531-0001-7", CodeIssue.TOO_MANY_PARTS, "7"),
        ("000.17.22.H56#-210531-0001", None, None),
        ("000.17_22.H56-210531-0001", None, None),
        ("000.17.22.H56-211331-0001", CodeIssue.BAD_DATE, "211331"),
        ("000.17.22.H56-21053-0001", CodeIssue.BAD_DATE, "21053"),
        ("000.17.22.H56-21O531-0001", CodeIssue.LETTER_IN_NUMBER, "21O531"),
        ("000.17.22.H56-210531-0O01", CodeIssue.LETTER_IN_NUMBER, "0O01"),
        ("000.17.22.H56-210531-001", CodeIssue.SHORT_SEQUENCE, "001"),
        ("000.17.22.H56-210531-00000001", CodeIssue.LONG_SEQUENCE, "00000001"),
        ("03706/2026/0790", CodeIssue.BAD_BHXH, "0790"),
        ("03706/2O26/07906", CodeIssue.LETTER_IN_NUMBER, "2O26"),
        ("03706/2026-07906", CodeIssue.BAD_BHXH, "03706"),
        ("000..22.H56-210531-0001", CodeIssue.BAD_AGENCY, "000..22.H56"),
    ],
)
def test_near_misses_have_a_reason(text: str, issue: CodeIssue | None, part: str | None) -> None:
    parsed = parse_dossier_code(text)
    if issue is None:
        assert not isinstance(parsed, DossierCode)
        return
    assert isinstance(parsed, CodeProblem), parsed
    assert parsed.issue is issue
    assert parsed.part == part
    assert parsed.text_key == f"status_code_{issue.value}"
    with pytest.raises(InvalidDossierCode) as info:
        normalize_dossier_code(text)
    assert info.value.problem == parsed


@pytest.mark.parametrize(
    "text",
    ["hello", "lam lai cccd", "0912-345-678", "2025-06-10", "12345", "", "HS.000.000.000"],
)
def test_not_a_code_at_all(text: str) -> None:
    assert parse_dossier_code(text) is None


def test_codes_in_free_text() -> None:
    text = (
        "Cho tôi hỏi hồ sơ 000.17.22.H56-210531-0001, và mã bhxh 03706/2026/07906; "
        "còn 000.17.22.H56 - 210531 - 01 thì sao? Lại hồ sơ 000.17.22.h56-210531-0001."
    )
    found = extract_codes(text)
    assert [f.code if isinstance(f, DossierCode) else f.text for f in found] == [
        "000.17.22.H56-210531-0001",
        "03706/2026/07906",
        "000.17.22.H56-210531-01",
    ]
    assert isinstance(found[2], CodeProblem)
    assert [c.code for c in find_dossier_codes(text)] == [
        "000.17.22.H56-210531-0001",
        "03706/2026/07906",
    ]
    assert find_dossier_codes("gọi 0912-345-678 ngày 2025-06-10") == []


def test_sanitize_keeps_opaque_codes() -> None:
    assert sanitize_code(" HS.000.000.001 ") == "HS.000.000.001"
    assert sanitize_code("000.17.22.h56-210531-0001") == "000.17.22.H56-210531-0001"
    for bad in ("", "   ", "x" * 65, "abc def", "a\nb", "<script>"):
        with pytest.raises(InvalidDossierCode):
            sanitize_code(bad)


agency = st.from_regex(r"[0-9A-Z]{1,4}(\.[0-9A-Z]{1,4}){0,3}", fullmatch=True)
day = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


@given(agency, day, st.integers(min_value=0, max_value=9999))
def test_generated_onestop_codes_round_trip(unit: str, issued: date, seq: int) -> None:
    code = f"{unit}-{issued:%y%m%d}-{seq:04d}"
    parsed = parse_dossier_code(code.lower())
    assert isinstance(parsed, DossierCode)
    assert parsed.code == code and parsed.kind is CodeKind.ONESTOP
    assert parsed.issued_on == issued and parsed.agency_code == unit
    assert find_dossier_codes(f"hồ sơ số {code.lower()} của tôi")[0].code == code


@given(st.text(max_size=80))
def test_parsing_never_raises(text: str) -> None:
    result = parse_dossier_code(text)
    assert result is None or isinstance(result, DossierCode | CodeProblem)
    extract_codes(text)
