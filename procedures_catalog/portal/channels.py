"""Parse the portal's flattened channel table (`cach_thuc_thuc_hien`) into `Channel`s.

The table reads `Hình thức nộpThời gianPhí, lệ phíMô tả`, then per channel its name
(`Trực tuyến`, `Trực tiếp`, `Dịch vụ bưu chính`), the time (`3 Ngày làm việc`, `15 Ngày`,
`8 Giờ`, `0.5 Ngày làm việc`, a bare number, or `Không có thông tin`), the fee cell
(`7,000 Việt Nam Đồng`, `Miễn phí`, `Không có thông tin`), an optional fee note in
parentheses and a free description, all run together. A channel listed twice is merged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from procedures_catalog.portal.fee_lines import FeeCell, combine
from procedures_catalog.portal.fees import read_note
from procedures_catalog.portal.text import NO_INFO, balanced_prefix, clean, parse_int_amount
from procedures_catalog.schema import Channel, ChannelKind, Fee, TimeUnit

HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"
CHANNEL_KINDS = {
    "Trực tuyến": ChannelKind.ONLINE,
    "Trực tiếp": ChannelKind.IN_PERSON,
    "Dịch vụ bưu chính": ChannelKind.POST,
}
_ORDER = [ChannelKind.ONLINE, ChannelKind.IN_PERSON, ChannelKind.POST]
_START_RE = re.compile(r"(Trực tuyến|Trực tiếp|Dịch vụ bưu chính)(?=\d|Không có thông tin)")
_TIME_RE = re.compile(
    r"(?P<value>\d+(?:[.,]\d+)?)\s*(?P<unit>Ngày làm việc|Ngày|Giờ|Tháng|Năm|Tuần)?"
    r"|(?P<none>Không có thông tin)"
)
_FEE_CELL_RE = re.compile(
    r"(?P<free>Miễn phí)|(?P<none>Không có thông tin)"
    r"|(?P<num>\d[\d.,]*)?\s?(?P<unit>Việt Nam Đồng|VNĐ|Đồng|USD)"
)
_UNITS = {"Ngày làm việc": TimeUnit.WORKING_DAYS, "Ngày": TimeUnit.DAYS, "Giờ": TimeUnit.HOURS}
_UNIT_WORDS_VI = {"Tháng": "tháng", "Năm": "năm", "Tuần": "tuần"}


@dataclass
class ChannelReading:
    """One parsed channel: the schema object and what could not be read."""

    channel: Channel
    label: str
    time_read: bool
    fee_status: str
    problems: list[str] = field(default_factory=list)
    conflict: str = ""
    soft_conflict: bool = False
    ended: list[Fee] = field(default_factory=list)


@dataclass
class ChannelsResult:
    """Every channel of a page (one per kind) and page-level problems."""

    channels: list[ChannelReading]
    problems: list[str] = field(default_factory=list)


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def _time(match: re.Match[str] | None) -> tuple[float | None, TimeUnit, str, bool]:
    """(value, unit, note, read) from the time cell."""
    if match is None or match.group("none"):
        return None, TimeUnit.UNKNOWN, "", False
    raw = match.group("value")
    value = _number(raw)
    unit = match.group("unit")
    if unit in _UNITS:
        return (value, _UNITS[unit], "", True) if value > 0 else (None, TimeUnit.UNKNOWN, "", False)
    if unit:
        words = _UNIT_WORDS_VI[unit]
        return None, TimeUnit.UNKNOWN, f"trang chính thức ghi {raw} {words}", True
    if value <= 0:
        return None, TimeUnit.UNKNOWN, "", False
    note = f"trang chính thức chỉ ghi số {raw}, không ghi đơn vị"
    return value, TimeUnit.DAYS, note, True


def _fee_cell(text: str, bare_time: bool) -> tuple[FeeCell, str]:
    """The fee cell at the start of `text` and the text after it."""
    match = _FEE_CELL_RE.match(text)
    if match is None:
        return FeeCell("missing"), text
    rest = text[match.end() :]
    if match.group("free"):
        return FeeCell("free", raw="Miễn phí"), rest
    if match.group("none"):
        return FeeCell("none", raw=NO_INFO), rest
    currency = "USD" if match.group("unit") == "USD" else "VND"
    digits = match.group("num")
    if digits is None:
        kind = "ambiguous" if bare_time else "missing"
        return FeeCell(kind, currency=currency, raw=clean(match.group(0))), rest
    value = parse_int_amount(digits.rstrip(".,"))
    if value is None:
        return FeeCell("missing", raw=clean(match.group(0))), rest
    return FeeCell("amount", value, currency, clean(match.group(0))), rest


def _segments(text: str) -> list[tuple[str, str]]:
    body = text.split(HEADER, 1)[1] if HEADER in text else text
    starts = list(_START_RE.finditer(body))
    return [
        (m.group(1), body[m.end() : starts[i + 1].start() if i + 1 < len(starts) else len(body)])
        for i, m in enumerate(starts)
    ]


def parse_channel(label: str, body: str, *, data_date: date) -> ChannelReading:
    """One channel from its name and the text that follows it up to the next channel."""
    time_match = _TIME_RE.match(body)
    value, unit, note, time_read = _time(time_match)
    rest = body[time_match.end() :] if time_match else body
    bare = bool(time_match and time_match.group("value") and not time_match.group("unit"))
    cell, rest = _fee_cell(rest, bare)
    problems: list[str] = []
    if cell.kind == "ambiguous":  # "1100 VNĐ": where the time ends is not known
        value, unit, note, time_read = None, TimeUnit.UNKNOWN, "", False
        problems.append("time unreadable: it runs into the fee amount")
    elif not time_read:
        problems.append("no time on the page" if time_match else "time cell not recognised")
    fee_note, description = balanced_prefix(rest.lstrip())
    clauses = read_note(fee_note)
    if not any(c.amounts for c in clauses):
        clauses += [c for c in read_note(description, fee_context=False) if c.amounts]
    reading = combine(cell, clauses, data_date=data_date)
    channel = Channel(
        kind=CHANNEL_KINDS[label],
        time_value=value,
        time_unit=unit,
        time_note=note,
        fees=reading.fees,
    )
    ended = [f for f in reading.fees if f.until is not None and f.until < data_date]
    return ChannelReading(
        channel,
        label,
        time_read,
        reading.status,
        problems + reading.problems,
        reading.conflict,
        reading.soft_conflict,
        ended,
    )


def _time_text(channel: Channel) -> str:
    if channel.time_value is None:
        return channel.time_note or "?"
    return f"{channel.time_value:g} {channel.time_unit.value}"


def _merge(first: ChannelReading, other: ChannelReading) -> ChannelReading:
    """Two rows for the same channel: keep the first time (note the other when it differs)
    and every fee line once."""
    ch = first.channel
    if _time_text(ch) != _time_text(other.channel):
        extra = (
            f"trang chính thức ghi nhiều thời hạn cho cách nộp này ({_time_text(other.channel)})"
        )
        if not first.time_read and other.time_read:
            ch = other.channel.model_copy()
            first.time_read = True
        ch.time_note = "; ".join(n for n in (ch.time_note, extra) if n)
    keys = {(f.amount_vnd, f.free, f.note, f.condition, f.until) for f in ch.fees}
    for fee in other.channel.fees:
        key = (fee.amount_vnd, fee.free, fee.note, fee.condition, fee.until)
        if key not in keys and (fee.amount_vnd is not None or fee.free or fee.note):
            ch.fees.append(fee)
            keys.add(key)
    if ch.fees and len(ch.fees) > 1:
        ch.fees = [f for f in ch.fees if f.amount_vnd is not None or f.free or f.note]
    first.channel = ch
    first.problems += [p for p in other.problems if p not in first.problems]
    first.conflict = first.conflict or other.conflict
    first.soft_conflict = first.soft_conflict or other.soft_conflict
    first.ended += [f for f in other.ended if f not in first.ended]
    if first.fee_status != "conflict" and other.fee_status in ("conflict", "read"):
        first.fee_status = other.fee_status
    return first


def parse_channels(text: str, *, data_date: date) -> ChannelsResult:
    """All channels of `cach_thuc_thuc_hien`, one per kind, online first."""
    text = text or ""
    if HEADER not in text and not _START_RE.search(text):
        return ChannelsResult([], ["no channel table"])
    by_kind: dict[ChannelKind, ChannelReading] = {}
    for label, body in _segments(text):
        reading = parse_channel(label, body, data_date=data_date)
        kind = reading.channel.kind
        by_kind[kind] = _merge(by_kind[kind], reading) if kind in by_kind else reading
    problems = [] if by_kind else ["no channel could be read from the table"]
    return ChannelsResult([by_kind[k] for k in _ORDER if k in by_kind], problems)
