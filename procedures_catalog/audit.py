"""Freshness audit of a catalog against the national portal's data (`catalog audit`).

Pure functions: given the catalog's procedures and the entries the importer builds from the
portal's data (code → `Procedure`), list what a staff member should look at:

* entries whose `last_reviewed` is older than a threshold;
* fee lines whose temporary rate (`until`) has passed, still stored in the entry;
* curated entries whose facts differ from the portal data, field by field (levels, agency,
  decision, official page, channels, time and fee per channel, form names, legal references);
* official entries the portal data no longer has, and curated national codes it lacks.

Curated texts are rewritten for citizens on purpose, so titles, summaries and document wording
are not compared; numbers, references and form names are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from procedures_catalog.schema import ChannelKind, EntryKind, Procedure, TimeUnit

_REF_NUMBER_RE = re.compile(r"\b\d{1,4}(?:\.\d+)?/\d{4}/[A-ZĐ][A-ZĐa-z0-9\-]*", re.UNICODE)
_FORM_RE = re.compile(r"\bmẫu\s+(?:số\s+)?([0-9A-Za-zĐđ][\w./\-]*)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FieldDifference:
    """One fact where a curated entry and the portal data disagree."""

    code: str
    field: str
    catalog: str
    portal: str


@dataclass(frozen=True, slots=True)
class StaleEntry:
    code: str
    last_reviewed: date
    age_days: int


@dataclass(frozen=True, slots=True)
class EndedFee:
    code: str
    channel: str
    amount_vnd: int | None
    until: date


@dataclass
class AuditReport:
    """Everything `catalog audit` prints."""

    checked: int = 0
    stale: list[StaleEntry] = field(default_factory=list)
    ended_fees: list[EndedFee] = field(default_factory=list)
    differences: list[FieldDifference] = field(default_factory=list)
    gone_from_portal: list[str] = field(default_factory=list)  # official entries
    not_in_portal: list[str] = field(default_factory=list)  # curated national codes

    @property
    def clean(self) -> bool:
        return not (
            self.stale
            or self.ended_fees
            or self.differences
            or self.gone_from_portal
            or self.not_in_portal
        )


def ref_numbers(refs: Iterable[str]) -> set[str]:
    """Document numbers ("68/2020/QH14", "154/2024/NĐ-CP") named in legal references."""
    found: set[str] = set()
    for ref in refs:
        found.update(m.group(0).upper() for m in _REF_NUMBER_RE.finditer(ref))
    return found


def form_codes(names: Iterable[str]) -> set[str]:
    """Form codes ("CT01", "14-HSB") named as "Mẫu …" in document form names."""
    codes: set[str] = set()
    for name in names:
        codes.update(m.group(1).rstrip(".").upper() for m in _FORM_RE.finditer(name))
    return codes


def _time(proc: Procedure, kind: ChannelKind) -> str:
    channel = proc.channel(kind)
    if channel is None or channel.time_unit is TimeUnit.UNKNOWN or channel.time_value is None:
        return ""
    value = channel.time_value
    number = str(int(value)) if float(value).is_integer() else f"{value:g}"
    return f"{number} {channel.time_unit.value}"


def _amounts(proc: Procedure, kind: ChannelKind, today: date) -> str:
    channel = proc.channel(kind)
    if channel is None:
        return ""
    current = [f for f in channel.fees if f.until is None or f.until >= today]
    values = sorted({f.amount_vnd for f in current if f.amount_vnd is not None})
    free = any(f.free for f in current)
    text = ", ".join(f"{v:,}".replace(",", ".") for v in values)
    return (text + ("; miễn phí" if free else "")).strip("; ") if text or free else ""


def _listed(values: Iterable[str]) -> str:
    return ", ".join(sorted(values))


def compare(curated: Procedure, portal: Procedure, today: date) -> list[FieldDifference]:
    """The facts of `curated` that the portal's entry for the same code states otherwise.

    A fact the portal data does not give (empty on its side) is not a difference."""
    out: list[FieldDifference] = []

    def check(name: str, mine: str, theirs: str) -> None:
        if theirs and mine.casefold() != theirs.casefold():
            out.append(FieldDifference(curated.code, name, mine or "—", theirs))

    check("level", _listed(curated.level), _listed(portal.level))
    check("decision", curated.decision, portal.decision)
    check("detail_url", str(curated.detail_url or ""), str(portal.detail_url or ""))
    check(
        "channels",
        _listed(c.kind.value for c in curated.channels),
        _listed(c.kind.value for c in portal.channels),
    )
    for kind in ChannelKind:
        if portal.channel(kind) is None or curated.channel(kind) is None:
            continue
        check(f"time ({kind.value})", _time(curated, kind), _time(portal, kind))
        check(f"fee ({kind.value})", _amounts(curated, kind, today), _amounts(portal, kind, today))
    mine_forms = form_codes(d.form_name for d in curated.documents)
    their_forms = form_codes(d.form_name for d in portal.documents)
    if their_forms - mine_forms:
        check("forms", _listed(mine_forms), _listed(their_forms))
    mine_refs = ref_numbers(b.ref for b in curated.legal_basis)
    missing = ref_numbers(b.ref for b in portal.legal_basis) - mine_refs
    if missing:
        out.append(
            FieldDifference(
                curated.code, "legal_basis", _listed(mine_refs) or "—", _listed(missing)
            )
        )
    return out


def audit_catalog(
    procedures: Sequence[Procedure],
    portal: Mapping[str, Procedure],
    *,
    today: date,
    max_age_days: int = 365,
) -> AuditReport:
    """Audit `procedures` against `portal` (code → entry built from the portal's data).

    With an empty `portal` mapping only the date checks run."""
    report = AuditReport(checked=len(procedures))
    for proc in procedures:
        age = (today - proc.last_reviewed).days
        if age > max_age_days:
            report.stale.append(StaleEntry(proc.code, proc.last_reviewed, age))
        for channel in proc.channels:
            for fee in channel.fees:
                if fee.until is not None and fee.until < today:
                    report.ended_fees.append(
                        EndedFee(proc.code, channel.kind.value, fee.amount_vnd, fee.until)
                    )
        if not portal or proc.code_is_local:
            continue
        theirs = portal.get(proc.code)
        if theirs is None:
            target = (
                report.gone_from_portal if proc.kind is EntryKind.OFFICIAL else report.not_in_portal
            )
            target.append(proc.code)
        elif proc.kind is EntryKind.CURATED:
            report.differences.extend(compare(proc, theirs, today))
    return report
