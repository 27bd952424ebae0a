"""Combine a channel's fee cell with what its note says into the channel's `Fee` lines.

Rules (see /work docs: the portal's cell and description can disagree):
- an amount cell that the note repeats takes the note's condition and end date;
- an amount cell under 1,000 đồng is read as thousands only when the note names that
  amount in full ("135 VNĐ" + "135.000 đồng"), else it stays unknown;
- "Miễn phí" with an amount in the note is a conflict: the amount lines are kept, no line
  says free, and the conflict is reported; "Miễn phí" with a note that says the fee is set
  by the province or a circular is not shown as free either;
- a reduction whose end date is before the data date is ended; when every line has ended,
  an unknown line says the current rate is on the official page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from procedures_catalog.portal.fees import (
    MAX_LINES,
    Amount,
    Clause,
    FeeReading,
    free_condition,
    rule_condition,
)
from procedures_catalog.schema import Fee

ENDED_NOTE = "mức giảm đã hết hạn; mức thu hiện hành xem trang chính thức"
MORE_NOTE = "còn mức thu khác, xem trang chính thức"


@dataclass(frozen=True)
class FeeCell:
    """The fee cell as printed: kind is "free", "none" (Không có thông tin), "amount",
    "ambiguous" (digits run into the time cell) or "missing"."""

    kind: str
    value: int | None = None
    currency: str = "VND"
    raw: str = ""


def _fee_of(amount: Amount) -> Fee:
    if amount.currency == "USD":
        note = f"thu {amount.value} USD" if amount.value is not None else "thu bằng USD"
        return Fee(note=note, condition=amount.condition, until=amount.until)
    return Fee(amount_vnd=amount.value, condition=amount.condition, until=amount.until)


def _percent_lines(clauses: list[Clause], bases: set[int]) -> list[Fee]:
    """Temporary "bằng 50% mức thu" reductions; the amount is computed only when the base
    rate is a single amount, else it stays unknown."""
    base = next(iter(bases)) if len(bases) == 1 else None
    lines: list[Fee] = []
    for clause in clauses:
        if clause.percent is None or clause.amounts or clause.until is None:
            continue
        where = ", nộp trực tuyến" if "trực tuy" in clause.text.casefold() else ""
        amount = base * clause.percent // 100 if base is not None else None
        condition = f"mức giảm còn {clause.percent}%{where}"
        lines.append(Fee(amount_vnd=amount, condition=condition, until=clause.until))
    return lines


def _free_lines(clauses: list[Clause], *, conditional_only: bool) -> list[Fee]:
    lines = []
    for clause in clauses:
        if clause.free:
            condition = free_condition(clause.text)
            if condition or not conditional_only:
                lines.append(Fee(free=True, condition=condition))
    return lines


def _rule_lines(clauses: list[Clause]) -> list[Fee]:
    """Lines for "the fee is set by …" clauses (at most two different rules)."""
    lines: list[Fee] = []
    for clause in clauses:
        if clause.rule_note and len({f.note for f in lines} | {clause.rule_note}) <= 2:
            lines.append(Fee(note=clause.rule_note, condition=rule_condition(clause.text)))
    return lines


def _dedupe(lines: list[Fee]) -> list[Fee]:
    seen: set[tuple[object, ...]] = set()
    out = []
    for fee in lines:
        key = (fee.amount_vnd, fee.free, fee.note, fee.condition, fee.until)
        if key not in seen:
            seen.add(key)
            out.append(fee)
    if any(f.free and not f.condition for f in out) and any(f.free and f.condition for f in out):
        out = [f for f in out if not (f.free and not f.condition)]
    return out


def _money(amount: Amount) -> str:
    if amount.value is None:
        return "an unreadable amount"
    return f"{amount.value:,} {'đ' if amount.currency == 'VND' else 'USD'}"


def combine(cell: FeeCell, clauses: list[Clause], *, data_date: date) -> FeeReading:
    """The fee lines of one channel from its cell and the clauses of its note."""
    amounts = [a for c in clauses for a in c.amounts]
    problems: list[str] = []
    conflict = ""
    soft = False
    lines: list[Fee] = []
    if any(a.value is None for a in amounts):
        problems.append("an amount in the description could not be read")
    if cell.kind == "ambiguous":
        problems.append("fee cell runs into a bare-number time cell")
    if cell.kind == "amount":
        value = cell.value
        known = {(a.value, a.currency) for a in amounts}
        if cell.currency == "VND" and value is not None and value < 1000:
            value = value * 1000 if (value * 1000, "VND") in known else None
            if value is None:
                problems.append(f"fee cell {cell.raw!r} is not a plausible amount in đồng")
        if value is not None and (value, cell.currency) not in known:
            standing = [a for a in amounts if a.until is None]  # not a temporary reduction
            parts = sum(a.value or 0 for a in standing if a.currency == cell.currency)
            total = "tổng cộng" if len(standing) > 1 and parts == value else ""
            lines.append(_fee_of(Amount(value, cell.currency, total)))
            if standing and parts != value:  # parts that add up to the cell are no conflict
                conflict = (
                    f"fee cell {cell.raw!r} differs from the description ({_money(standing[0])})"
                )
        # a "reduced" rate many times the fee is a typo on the page ("25.000.000đ" for 25.000)
        higher = [a for a in amounts if a.until and value and a.value and a.value >= 10 * value]
        if higher and not conflict:
            conflict = f"a temporary rate ({_money(higher[0])}) is above the fee cell {cell.raw!r}"
        lines += [_fee_of(a) for a in amounts]
        bases = {f.amount_vnd for f in lines if f.amount_vnd is not None and f.until is None}
        lines += _percent_lines(clauses, bases)
        lines += _free_lines(clauses, conditional_only=True)
        if value is None and not amounts:
            lines.append(Fee())
    elif cell.kind == "free":
        if amounts:
            conflict = f"fee cell 'Miễn phí' but the description names {_money(amounts[0])}"
            lines += [_fee_of(a) for a in amounts]
        else:
            rules = _rule_lines(clauses)
            frees = _free_lines(clauses, conditional_only=False)
            soft = bool(rules) and not frees
            lines += frees + rules
            if not lines:
                lines.append(Fee(free=True))
    else:
        lines += [_fee_of(a) for a in amounts]
        bases = {f.amount_vnd for f in lines if f.amount_vnd is not None and f.until is None}
        lines += _percent_lines(clauses, bases)
        if not amounts:
            lines += _rule_lines(clauses) + _free_lines(clauses, conditional_only=False)
        if not lines:
            problems.append("the page gives no fee")
            lines.append(Fee())
    lines += [Fee(free=True, until=c.exempt_until) for c in clauses if c.exempt_until]
    lines = _dedupe(lines)
    if len(lines) > MAX_LINES:
        problems.append(f"{len(lines)} fee lines; the first {MAX_LINES - 1} kept")
        lines = [*lines[: MAX_LINES - 1], Fee(note=MORE_NOTE)]
    if lines and all(f.until is not None and f.until < data_date for f in lines):
        lines.append(Fee(note=ENDED_NOTE))
    if conflict or soft:
        status = "conflict"
    elif any(f.free or f.amount_vnd is not None or f.note for f in lines):
        status = "read"
    else:
        status = "unknown"
    return FeeReading(lines, status, problems, conflict, soft)
