"""Channels, times and fee lines from the flattened `cach_thuc_thuc_hien` table."""

from __future__ import annotations

from datetime import date

from procedures_catalog.portal.channels import parse_channels
from procedures_catalog.schema import ChannelKind, TimeUnit
from tests.catalog.portal.conftest import CHANNEL_HEADER

DATA_DATE = date(2026, 6, 1)


def _parse(body: str):  # type: ignore[no-untyped-def]
    return parse_channels(CHANNEL_HEADER + body, data_date=DATA_DATE)


def test_time_with_unit_and_fee_cell() -> None:
    result = _parse(
        "Trực tuyến3 Ngày làm việc7,000 Việt Nam ĐồngTrực tiếp8 GiờMiễn phí"
        "Dịch vụ bưu chính0.5 Ngày làm việcKhông có thông tin"
    )
    online, in_person, post = (r.channel for r in result.channels)
    assert (online.kind, online.time_value, online.time_unit) == (
        ChannelKind.ONLINE,
        3,
        TimeUnit.WORKING_DAYS,
    )
    assert [(f.amount_vnd, f.free) for f in online.fees] == [(7000, False)]
    assert (in_person.time_value, in_person.time_unit) == (8, TimeUnit.HOURS)
    assert [f.free for f in in_person.fees] == [True]
    assert (post.time_value, post.time_unit) == (0.5, TimeUnit.WORKING_DAYS)
    assert [(f.amount_vnd, f.free) for f in post.fees] == [(None, False)]
    assert result.channels[2].fee_status == "unknown"


def test_bare_number_is_days_with_a_note() -> None:
    channel = _parse("Trực tiếp15Miễn phí").channels[0].channel
    assert (channel.time_value, channel.time_unit) == (15, TimeUnit.DAYS)
    assert "không ghi đơn vị" in channel.time_note


def test_no_information_stays_unknown() -> None:
    reading = _parse("Trực tiếpKhông có thông tinKhông có thông tin").channels[0]
    assert reading.channel.time_value is None
    assert reading.channel.time_unit is TimeUnit.UNKNOWN
    assert not reading.time_read
    assert [(f.amount_vnd, f.free) for f in reading.channel.fees] == [(None, False)]


def test_bare_number_run_into_an_amount_is_not_guessed() -> None:
    reading = _parse("Trực tuyến130 VNĐ(30.000 đồng/tờ khai)").channels[0]
    assert reading.channel.time_value is None  # "1"+"30" or "13"+"0"? unknown
    assert [(f.amount_vnd, f.condition) for f in reading.channel.fees] == [(30000, "mỗi tờ khai")]


def test_free_cell_with_an_amount_in_the_description_is_a_conflict() -> None:
    reading = _parse(
        "Trực tiếp5 Ngày làm việcMiễn phí(Lệ phí cấp thẻ thử: 135.000 đồng/lần.)"
    ).channels[0]
    fees = reading.channel.fees
    assert not any(f.free for f in fees)
    assert [(f.amount_vnd, f.condition) for f in fees] == [(135000, "cấp thẻ thử, mỗi lần")]
    assert "Miễn phí" in reading.conflict and reading.fee_status == "conflict"


def test_ended_reduction_is_not_current_and_says_so() -> None:
    reading = _parse(
        "Trực tuyến4 Ngày làm việc90,000 Việt Nam Đồng(+ 90.000/thẻ, cấp lại do mất: 180.000đ/thẻ "
        "(áp dụng đến hết ngày 31/12/2025 theo Thông tư thử).)"
        "Trực tiếp4 Ngày làm việc120,000 Việt Nam Đồng(120.000đ/thẻ.)"
    ).channels[0]
    fees = reading.channel.fees
    assert [(f.amount_vnd, f.until) for f in fees[:2]] == [
        (90000, date(2025, 12, 31)),
        (180000, date(2025, 12, 31)),
    ]
    assert fees[1].condition == "cấp lại do mất, mỗi thẻ"
    current = [f for f in fees if f.until is None or f.until >= DATA_DATE]
    assert [(f.amount_vnd, f.free) for f in current] == [(None, False)]  # current rate: see page
    assert "hết hạn" in current[0].note
    assert len(reading.ended) == 2 and not reading.conflict


def test_several_amounts_with_conditions() -> None:
    fees = (
        _parse(
            "Trực tiếp3 Ngày làm việcKhông có thông tin(- Dưới 2 tấn: 20.000 đồng/giấy; "
            "- Từ 2 tấn trở lên: 40.000 đồng/giấy; người có công: miễn lệ phí)"
        )
        .channels[0]
        .channel.fees
    )
    assert [(f.amount_vnd, f.condition) for f in fees] == [
        (20000, "dưới 2 tấn, mỗi giấy"),
        (40000, "từ 2 tấn trở lên, mỗi giấy"),
    ]


def test_reduction_still_running_and_percent_rate() -> None:
    fees = (
        _parse(
            "Trực tiếp2 Ngày làm việc60,000 Việt Nam Đồng(Cấp đổi giấy thử: 60.000 đồng/giấy. "
            "Kể từ ngày 01/7/2025 đến hết ngày 31/12/2026 mức thu bằng 50% mức thu nêu trên.)"
        )
        .channels[0]
        .channel.fees
    )
    assert [(f.amount_vnd, f.until) for f in fees] == [(60000, None), (30000, date(2026, 12, 31))]
    assert fees[1].condition.startswith("mức giảm còn 50%")


def test_cell_in_thousands_is_read_only_when_the_description_confirms_it() -> None:
    confirmed = _parse("Trực tiếp5 Ngày làm việc135 VNĐ(Lệ phí thử: 135.000 đồng/lần.)").channels[0]
    assert [f.amount_vnd for f in confirmed.channel.fees] == [135000]
    unclear = _parse("Trực tiếp5 Ngày làm việc40 VNĐ").channels[0]
    assert [f.amount_vnd for f in unclear.channel.fees] == [None]
    assert any("not a plausible amount" in p for p in unclear.problems)


def test_province_rule_is_not_shown_as_free() -> None:
    fees = (
        _parse(
            "Trực tiếp7Miễn phí(Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh quyết định. "
            "Miễn lệ phí cho người có công; người khuyết tật.)"
        )
        .channels[0]
        .channel.fees
    )
    assert [(f.free, f.condition) for f in fees if f.free] == [
        (True, "cho người có công; người khuyết tật"),
    ]
    assert any(f.note == "mức thu do HĐND cấp tỉnh quy định" and not f.free for f in fees)


def test_channel_listed_twice_is_merged_and_descriptions_naming_channels_are_not_rows() -> None:
    result = _parse(
        "Trực tiếp10 NgàyKhông có thông tinTrực tiếp tại trụ sở Công an thử."
        "Trực tiếp15 NgàyKhông có thông tin- cấp tỉnh thử."
    )
    assert len(result.channels) == 1
    channel = result.channels[0].channel
    assert channel.time_value == 10 and "15" in channel.time_note


def test_conditions_are_short_and_never_cut_mid_word() -> None:
    source = (
        "Trường hợp tổ chức, cá nhân thử nghiệm nộp hồ sơ trực tiếp tại bộ phận một cửa của "
        "cơ quan thử nghiệm cấp tỉnh thu 15.000 đồng/lần"
    )
    fees = _parse(f"Trực tiếp1 Ngày làm việcKhông có thông tin({source})").channels[0].channel.fees
    condition = fees[0].condition
    assert fees[0].amount_vnd == 15000 and len(condition) <= 90
    assert condition.endswith(", mỗi lần")
    head = condition.removesuffix(", mỗi lần").rstrip("…").replace(",", "")
    assert head and all(f" {word} " in f" {source.replace(',', '')} " for word in head.split())


def test_no_table_at_all() -> None:
    result = parse_channels("Không có thông tin", data_date=DATA_DATE)
    assert result.channels == [] and result.problems
