"""Personal numbers in every spelling are found and masked; ordinary numbers are kept.

A property test spells each kind of number (ID card, old ID card, tax code, passport, phone,
bank account) with random grouping, separators, invisible characters and Unicode digits
inside Vietnamese text, and checks that masking leaves the text around it as written and
nothing of the number. A second one builds ordinary text (dates, money, dossier, procedure
and BHXH codes, years, legal document numbers) and checks that it is kept unchanged.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.personal_numbers import (
    DOCUMENT_PLACEHOLDER,
    PHONE_PLACEHOLDER,
    Kind,
    find_personal_numbers,
    holds_personal_number,
    mask_personal_numbers,
    normalise_owner_id,
)

# --- spelling a number -----------------------------------------------------------------

SEPARATORS = [
    " ", ".", "-", "/", "_", " - ", " / ", "  ", "\u00a0", "\u2009", "\u202f", "\u3000",
    "\u2013", "\u2011", "\u2212", "\uff0e", "\uff0f", "\uff0d", "\u00b7",
]  # fmt: skip
INVISIBLES = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u2061", "\ufe0f"]
# ASCII, full-width, Arabic-Indic, Devanagari and mathematical bold digits.
DIGIT_BASES = [ord("0"), 0xFF10, 0x0660, 0x0966, 0x1D7CE]
PREFIXES = [
    "", "số CCCD của tôi là ", "cho em hỏi số ", "sđt: ", "hộ chiếu ", "mã số thuế ",
    "stk ", "CMND (", "Số định danh:\n", "em gửi\u00a0", "làm lại căn cước ",
]  # fmt: skip
SUFFIXES = ["", " nhé", " ạ", ", cảm ơn", ") được không?", "!", "\nxin cảm ơn", " của mẹ em"]

digit = st.integers(0, 9)


def digits(n: int, first: str = "") -> st.SearchStrategy[str]:
    rest = st.lists(digit, min_size=n - len(first), max_size=n - len(first))
    return rest.map(lambda ds: first + "".join(map(str, ds)))


@st.composite
def spelled(draw: st.DrawFn, plain: str, *, cut_at: int | None = None) -> str:
    """`plain` digits in groups of 2-4, each gap a random separator (or none), digits in
    random scripts, invisible characters anywhere inside."""
    groups: list[str] = []
    rest = plain
    while rest:
        size = draw(st.integers(2, 4))
        if cut_at is not None and 0 < cut_at - sum(map(len, groups)) < size:
            size = cut_at - sum(map(len, groups))
        if len(rest) - size == 1:
            size += 1
        groups.append(rest[:size])
        rest = rest[size:]
    out: list[str] = []
    done = 0
    for n, group in enumerate(groups):
        if n:
            forced = cut_at is not None and done == cut_at
            out.append("-" if forced else draw(st.sampled_from(["", *SEPARATORS])))
        for ch in group:
            out.append(chr(draw(st.sampled_from(DIGIT_BASES)) + int(ch)))
            if draw(st.integers(0, 5)) == 0:
                out.append(draw(st.sampled_from(INVISIBLES)))
        done += len(group)
    return "".join(out)


@st.composite
def personal(draw: st.DrawFn) -> tuple[Kind, str]:
    kind = draw(st.sampled_from(list(Kind)))
    if kind is Kind.ID_CARD:
        province = f"0{draw(st.integers(1, 96)):02d}"
        return kind, draw(spelled(draw(digits(12, province))))
    if kind is Kind.OLD_ID_CARD:
        return kind, draw(spelled(draw(digits(9))))
    if kind is Kind.TAX_CODE:
        length = draw(st.sampled_from([10, 13]))
        cut = draw(st.sampled_from([None, 10])) if length == 13 else None
        return kind, draw(spelled(draw(digits(length)), cut_at=cut))
    if kind is Kind.PASSPORT:
        letter = draw(st.sampled_from("ABCNPKabcnpk") | st.sampled_from("ＣＮ"))
        joint = draw(st.sampled_from(["", "", " ", "-", "\u200b"]))
        return kind, letter + joint + draw(spelled(draw(digits(draw(st.sampled_from([7, 8]))))))
    if kind is Kind.PHONE:
        mobile = draw(st.sampled_from("35789")) + draw(digits(8))
        national = draw(st.sampled_from([mobile, "2" + draw(digits(9))]))
        prefix = draw(st.sampled_from(["0", "84", "+84", "+84 ", "＋84", "+840"]))
        return kind, prefix + draw(spelled(national))
    return kind, draw(spelled(draw(digits(draw(st.integers(9, 19))))))


@given(personal(), st.sampled_from(PREFIXES), st.sampled_from(SUFFIXES))
def test_no_digit_of_a_personal_number_survives_masking(
    number: tuple[Kind, str], prefix: str, suffix: str
) -> None:
    kind, spelling = number
    text = prefix + spelling + suffix
    masked = mask_personal_numbers(text)
    # Tax codes and bank accounts may have a phone number's shape: either placeholder then.
    # A phone number after "stk" or "mã số thuế" counts as an account or a tax code.
    placeholders = [DOCUMENT_PLACEHOLDER, PHONE_PLACEHOLDER]
    if kind is Kind.PHONE and prefix not in ("stk ", "mã số thuế "):
        placeholders = [PHONE_PLACEHOLDER]
    elif kind in (Kind.ID_CARD, Kind.OLD_ID_CARD, Kind.PASSPORT):
        placeholders = [DOCUMENT_PLACEHOLDER]
    # An invisible character after the last digit may stay: it is no part of the number.
    shown = "".join(ch for ch in masked if ch not in INVISIBLES)
    assert shown in {prefix + p + suffix for p in placeholders}, (text, masked)
    assert holds_personal_number(text)


# --- ordinary text ---------------------------------------------------------------------

WORDS = ["hồ sơ", "ngày", "nộp", "thủ tục", "năm", "theo", "và", "hẹn trả", "cho em hỏi"]
UNITS = ["000.17.22.H56", "H52.22", "000.00.01.H52", "000.00.27.H27", "G09.20", "H42.25"]
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31))


@st.composite
def a_date(draw: st.DrawFn) -> str:
    day = draw(days)
    sep = draw(st.sampled_from("/.-"))
    d, m = (f"{day.day:02d}", f"{day.month:02d}") if draw(st.booleans()) else (day.day, day.month)
    if sep == "-" and draw(st.booleans()):
        return day.isoformat()
    return draw(st.sampled_from([f"{d}{sep}{m}{sep}{day.year}", f"{m}/{day.year}"]))


@st.composite
def money(draw: st.DrawFn) -> str:
    amount = f"{draw(st.integers(1_000, 999_999_999_999)):,}".replace(",", ".")
    if draw(st.booleans()):
        return amount + draw(st.sampled_from([" đồng", " đ", "đ", " VNĐ", " vnd", " triệu"]))
    return draw(st.sampled_from(["lệ phí ", "phí: ", "số tiền ", "nộp "])) + amount


@st.composite
def dossier_code(draw: st.DrawFn) -> str:
    day = draw(days)
    if draw(st.booleans()):
        return f"{draw(st.sampled_from(UNITS))}-{day:%y%m%d}-{draw(digits(4))}"
    if draw(st.booleans()):
        return f"{draw(st.sampled_from(UNITS))}-{day:%Y%m%d}-{draw(digits(7))}"
    return f"{draw(digits(5))}/{draw(st.integers(1995, 2035))}/{draw(digits(5))}"  # BHXH


@st.composite
def other_code(draw: st.DrawFn) -> str:
    procedure = f"{draw(st.integers(1, 3))}.{draw(digits(6))}"
    year = draw(st.integers(1990, 2035))
    return draw(
        st.sampled_from(
            [
                procedure,
                f"{procedure}.000.00.00.H{draw(st.integers(10, 99))}",
                str(year),
                f"{year}-{year + 1}",
                f"{draw(st.integers(1, 9999))}/{year}/QĐ-UBND",
                f"{draw(st.integers(1, 9999))}/NĐ-CP",
                f"{draw(st.integers(1, 99))} ngày",
            ]
        )
    )


ordinary_piece = st.one_of(a_date(), money(), dossier_code(), other_code())


@given(st.lists(st.tuples(st.sampled_from(WORDS), ordinary_piece), min_size=1, max_size=4))
def test_ordinary_numbers_are_kept_as_written(pieces: list[tuple[str, str]]) -> None:
    text = " ".join(f"{word} {piece}" for word, piece in pieces)
    assert mask_personal_numbers(text) == text
    assert not holds_personal_number(text)


# --- examples --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("038-095-001-234", Kind.ID_CARD),
        ("038095/001234", Kind.ID_CARD),
        ("038\u200b095\u200d001\u2060234", Kind.ID_CARD),
        ("０３８０９５００１２３４", Kind.ID_CARD),
        ("CMND 123.456.789", Kind.OLD_ID_CARD),
        ("0101234567001", Kind.TAX_CODE),
        ("MST 0101234567-001", Kind.TAX_CODE),
        ("mã số thuế 0312345678", Kind.TAX_CODE),
        ("C1234567", Kind.PASSPORT),
        ("hộ chiếu n 1234 5678", Kind.PASSPORT),
        ("gọi 0912.345.678", Kind.PHONE),
        ("(+84) 912 345 678", Kind.PHONE),
        ("(024) 3823 4567", Kind.PHONE),
        ("stk 0912345678 Vietcombank", Kind.BANK_ACCOUNT),
        ("số tài khoản 1903 4567 8901 23", Kind.BANK_ACCOUNT),
    ],
)
def test_each_kind_in_a_common_spelling(text: str, kind: Kind) -> None:
    (found,) = find_personal_numbers(text)
    assert found.kind is kind
    assert not any(ch.isdigit() for ch in mask_personal_numbers(text))


def test_the_text_around_a_number_is_kept_as_written() -> None:
    text = "Em\u200b gửi số ０３８-095-001-234 ạ, hồ sơ H52.22-250101-0001 nộp 50.000 đồng"
    assert mask_personal_numbers(text) == (
        f"Em\u200b gửi số {DOCUMENT_PLACEHOLDER} ạ, hồ sơ H52.22-250101-0001 nộp 50.000 đồng"
    )


def test_a_number_escaped_in_a_logged_repr_is_masked() -> None:
    logged = r"{'text': '038\u200b095\xad001234', 'phone': '\uff10912345678'}"
    masked = mask_personal_numbers(logged)
    assert "095" not in masked and "234" not in masked and "912" not in masked


@pytest.mark.parametrize(
    "text",
    [
        "ngày 12/03/2025 nộp 50.000 đồng",
        "hồ sơ 000.00.01.H52-250101-0001 và H52.22-250101-0001",
        "thủ tục 1.001234 hoặc 2.002154, năm 2025, năm học 2024-2025",
        "mã 2.000488.000.00.00.H56, kết quả KQ.G01.000200",
        "Quyết định 1234/2024/QĐ-UBND; Nghị định 107/2021/NĐ-CP",
        "lệ phí trước bạ 12.000.000 đồng, từ 5.000.000 - 10.000.000 đồng",
        "tổng đài 1800 1096 hoặc 19001009",
        "lúc 2025-01-01 12:00:00 và ngày 12/03/2025 10 giờ",
    ],
)
def test_ordinary_numbers_in_examples_are_kept(text: str) -> None:
    assert mask_personal_numbers(text) == text


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("038-095-001-234", "038095001234"),
        (" 038 095 001 234. ", "038095001234"),
        ("038\u00ad095\u200b001234", "038095001234"),
        ("０３８０９５００１２３４", "038095001234"),
        ("123.456.789", "123456789"),
        ("0101234567-001", "0101234567001"),
        ("0101234567", "0101234567"),
        ("c-123-4567", "C1234567"),
        ("Ｎ12345678", "N12345678"),
        ("CCCD 038095001234", None),
        ("12345678", None),
        ("làm hộ chiếu", None),
        ("038-095-001-234-56", None),
    ],
)
def test_normalise_owner_id_takes_one_whole_id_number(text: str, canonical: str | None) -> None:
    assert normalise_owner_id(text) == canonical


def test_value_of_a_found_number_is_never_in_its_repr() -> None:
    (found,) = find_personal_numbers("CCCD 038 095 001 234")
    assert found.value == "038095001234" and "038095001234" not in repr(found)
