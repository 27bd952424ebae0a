"""The words an official entry says about itself: its generated summary (Vietnamese and
English, built only from the facts read) and its `unverified` notes (line by line in both
languages). Nothing here is copied from the portal's prose.
"""

from __future__ import annotations

from datetime import date

from procedures_catalog.schema import Channel, ChannelKind, Fee, TimeUnit

SOURCE = "Dữ liệu Cổng Dịch vụ công quốc gia (06/2026), nhập tự động"
CONDITIONS_POINTER = "Thủ tục có yêu cầu, điều kiện riêng: xem trang chính thức."

# (Vietnamese, English) unverified notes, keyed by the problem they report.
NOTES: dict[str, tuple[str, str]] = {
    "fee_conflict": (
        "Ô lệ phí ghi “Miễn phí” nhưng phần mô tả nêu mức thu; hai thông tin không khớp, "
        "hãy xem trang chính thức.",
        "The fee cell says “free” but the description names an amount; they disagree, "
        "check the official page.",
    ),
    "fee_mismatch": (
        "Ô lệ phí và phần mô tả ghi các mức thu khác nhau; hãy xem trang chính thức.",
        "The fee cell and the description give different amounts; check the official page.",
    ),
    "fee_rule": (
        "Ô lệ phí ghi “Miễn phí” nhưng phần mô tả dẫn quy định về mức thu; hãy xem trang "
        "chính thức.",
        "The fee cell says “free” but the description refers to a fee rule; check the "
        "official page.",
    ),
    "fee_unclear": (
        "Mức thu trong ô lệ phí không rõ đơn vị; hãy xem trang chính thức.",
        "The amount in the fee cell has no clear unit; check the official page.",
    ),
    "fee_unknown": (
        "Lệ phí: trang chính thức không ghi.",
        "Fee: not stated on the official page.",
    ),
    "time_unknown": (
        "Thời hạn giải quyết: trang chính thức không ghi hoặc không đọc được.",
        "Processing time: not stated on the official page or could not be read.",
    ),
    "documents": (
        "Thành phần hồ sơ: không đọc được từ dữ liệu; xem trang chính thức.",
        "Documents: could not be read from the data; see the official page.",
    ),
    "channels": (
        "Cách thức nộp hồ sơ: không đọc được từ dữ liệu; xem trang chính thức.",
        "How to apply: could not be read from the data; see the official page.",
    ),
    "agency": (
        "Cơ quan thực hiện: trang chính thức không ghi.",
        "Handling agency: not stated on the official page.",
    ),
}

_CHANNEL_VI = {
    ChannelKind.ONLINE: "trực tuyến",
    ChannelKind.IN_PERSON: "trực tiếp",
    ChannelKind.POST: "qua bưu chính",
}
_CHANNEL_EN = {
    ChannelKind.ONLINE: "online",
    ChannelKind.IN_PERSON: "in person",
    ChannelKind.POST: "by post",
}
_UNIT_VI = {TimeUnit.WORKING_DAYS: "ngày làm việc", TimeUnit.DAYS: "ngày", TimeUnit.HOURS: "giờ"}
_UNIT_EN = {TimeUnit.WORKING_DAYS: "working days", TimeUnit.DAYS: "days", TimeUnit.HOURS: "hours"}
_LEVEL_EN = {
    "Cấp xã": "commune",
    "Cấp tỉnh": "provincial",
    "Cấp bộ": "ministry",
    "Cơ quan khác": "other",
}


def _join(words: list[str], last: str) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + f" {last} " + words[-1]


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _times(channels: list[Channel]) -> tuple[set[tuple[float, TimeUnit]], bool]:
    """Distinct known times, and whether a known time is a bare number (no unit)."""
    known: set[tuple[float, TimeUnit]] = {
        (c.time_value, c.time_unit)
        for c in channels
        if c.time_value is not None and c.time_unit is not TimeUnit.UNKNOWN
    }
    bare = any(c.time_note.startswith("trang chính thức chỉ ghi số") for c in channels)
    return known, bare


def _current(channels: list[Channel], today: date) -> list[Fee]:
    return [f for c in channels for f in c.fees if f.until is None or f.until >= today]


def _fee_phrase(channels: list[Channel], conflict: bool, today: date) -> tuple[str, str]:
    fees = _current(channels, today)
    amounts = {f.amount_vnd for f in fees if f.amount_vnd is not None}
    if conflict:
        return (
            "Lệ phí: thông tin trên trang chưa thống nhất, xem trang chính thức.",
            "Fee: the official page is not consistent; check it.",
        )
    if fees and all(f.free for f in fees):
        return "Miễn lệ phí.", "Free of charge."
    if len(amounts) == 1 and all(f.amount_vnd is not None and not f.condition for f in fees):
        value = next(iter(amounts))
        return (f"Lệ phí {value:,} đồng.".replace(",", "."), f"Fee: {value:,} VND.")
    if amounts:
        return (
            "Có lệ phí, mức thu tùy trường hợp.",
            "A fee applies; the amount depends on the case.",
        )
    if any("USD" in f.note for f in fees):
        return (
            "Lệ phí thu bằng đô la Mỹ (USD), xem mục lệ phí.",
            "The fee is charged in US dollars; see the fee section.",
        )
    if any("HĐND" in f.note for f in fees):
        return (
            "Mức lệ phí do HĐND cấp tỉnh quy định.",
            "The fee is set by the provincial People's Council.",
        )
    if any(f.note for f in fees):
        return (
            "Mức lệ phí theo quy định, xem trang chính thức.",
            "The fee follows a regulation; see the official page.",
        )
    return "Trang chính thức chưa ghi lệ phí.", "The official page gives no fee."


def summaries(
    *,
    field: str,
    level: list[str],
    agency: str,
    agency_known: bool,
    channels: list[Channel],
    conflict: bool,
    today: date,
) -> tuple[str, str]:
    """(Vietnamese, English) summary built from the facts read."""
    who_vi = agency.replace("Ủy ban nhân dân", "UBND") if agency_known else ""
    if not who_vi or len(who_vi) > 80:
        who_vi = "cơ quan " + _join([lv.lower() for lv in level], "hoặc")
    levels_en = _join([_LEVEL_EN.get(lv, lv) for lv in level], "or")
    who_en = f"a {levels_en}-level agency" + (f" ({who_vi})" if agency_known else "")
    vi = [f"Thủ tục lĩnh vực {field} do {who_vi} giải quyết."]
    en = [f"A procedure in the field “{field}”, handled by {who_en}."]
    if channels:
        ways_vi = _join([_CHANNEL_VI[c.kind] for c in channels], "hoặc")
        ways_en = _join([_CHANNEL_EN[c.kind] for c in channels], "or")
        known, bare = _times(channels)
        if len(known) == 1 and not bare:
            value, unit = next(iter(known))
            time_vi = f"thời hạn {_number(value)} {_UNIT_VI[unit]}"
            unit_en = _UNIT_EN[unit].removesuffix("s") if value == 1 else _UNIT_EN[unit]
            time_en = f"processing time {_number(value)} {unit_en}"
        elif len(known) == 1:
            value = next(iter(known))[0]
            time_vi = f"thời hạn ghi là {_number(value)}, không rõ đơn vị"
            time_en = f"processing time given as {_number(value)}, without a unit"
        elif known:
            time_vi, time_en = "thời hạn tùy cách nộp", "processing time depends on the channel"
        else:
            time_vi = "trang chính thức chưa ghi thời hạn"
            time_en = "the official page gives no processing time"
        vi.append(f"Nộp {ways_vi}; {time_vi}.")
        en.append(f"Apply {ways_en}; {time_en}.")
        fee_vi, fee_en = _fee_phrase(channels, conflict, today)
        vi.append(fee_vi)
        en.append(fee_en)
    return " ".join(vi), " ".join(en)
