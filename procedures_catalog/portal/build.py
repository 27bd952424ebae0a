"""Build one official catalog entry from one portal detail (`procedure_from_detail`).

Facts are read field by field (code, title, levels, agency, channels with time and fees,
documents, legal basis, results, decision, official page); the summary is generated from
those facts, steps are left empty (the card links the official page) and every fact that
could not be read is listed in `unverified`/`unverified_en`. `BuildResult.fields` records
what was read and why a field failed, for the dry-run report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from typing import Any

from pydantic import ValidationError

from procedures_catalog.portal.channels import parse_channels
from procedures_catalog.portal.documents import parse_documents
from procedures_catalog.portal.legal import parse_legal_basis
from procedures_catalog.portal.lists import ListEntry
from procedures_catalog.portal.results import parse_results
from procedures_catalog.portal.text import clean, is_no_info, shorten, split_top_level, tidy_end
from procedures_catalog.portal.wording import CONDITIONS_POINTER, NOTES, SOURCE, summaries
from procedures_catalog.schema import (
    NATIONAL_CODE_RE,
    ChannelKind,
    EntryKind,
    OnlineLevel,
    Procedure,
)

DATA_DATE = date(2026, 6, 1)  # the portal data was captured in June 2026
FIELDS = (
    "title",
    "field",
    "level",
    "agency",
    "applicants",
    "channels",
    "time",
    "fee",
    "documents",
    "legal_basis",
    "results",
    "decision",
    "detail_url",
)
_LEVELS = ("Cấp bộ", "Cấp tỉnh", "Cấp xã", "Cơ quan khác")
_MAX_APPLICANTS = 4


@dataclass
class FieldOutcome:
    """Whether a field was read, and why not (short English reason)."""

    read: bool
    reason: str = ""


@dataclass
class BuildResult:
    """The entry built from one detail (None when it could not be built) and the record of
    what was read."""

    code: str
    procedure: Procedure | None
    fields: dict[str, FieldOutcome] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)  # "online: fee cell 'Miễn phí' but …"
    soft_conflicts: list[str] = field(default_factory=list)
    ended: list[str] = field(default_factory=list)  # "online: 160,000 đ until 2023-12-31"
    error: str = ""


def normalise_agency(text: str) -> str:
    """Agency names as the catalog writes them: "cấp Xã" → "cấp xã", "Uỷ ban Nhân dân" →
    "Ủy ban nhân dân", repeated names once, no trailing dot."""
    text = tidy_end(clean(text))
    text = re.sub(
        r"\bcấp\s+(Xã|Tỉnh|Huyện|Bộ|Trung ương)\b", lambda m: f"cấp {m.group(1).lower()}", text
    )
    text = re.sub(r"\b(?:uỷ|ủy)\s+ban\s+nhân\s+dân", "Ủy ban nhân dân", text, flags=re.IGNORECASE)
    items: list[str] = []
    for item in split_top_level(text, ","):
        item = tidy_end(item)
        if item and item not in items:
            items.append(item)
    return ", ".join(items)


def _levels(text: str) -> list[str]:
    found = [lv for lv in _LEVELS if lv.casefold() in clean(text).casefold()]
    return found


def _applicants(text: str) -> str:
    items: list[str] = []
    for item in split_top_level(clean(text), ","):
        if items and item[:1].islower():  # "Cán bộ, công chức, viên chức" is one group
            items[-1] += f", {item}"
        else:
            items.append(item)
    if not items or is_no_info(text):
        return ""
    head = "; ".join(items[:_MAX_APPLICANTS])
    return head + ("; và các đối tượng khác" if len(items) > _MAX_APPLICANTS else "")


def _money(amount: int | None) -> str:
    return f"{amount:,} đ" if amount is not None else "?"


def _note(result: BuildResult, key: str, notes: list[str]) -> None:
    if key not in notes:
        notes.append(key)


def _channels(detail: dict[str, Any], result: BuildResult, notes: list[str]) -> list[Any]:
    parsed = parse_channels(str(detail.get("cach_thuc_thuc_hien") or ""), data_date=DATA_DATE)
    readings = parsed.channels
    result.fields["channels"] = FieldOutcome(bool(readings), "; ".join(parsed.problems))
    if not readings:
        result.fields["time"] = FieldOutcome(False, "no channel")
        result.fields["fee"] = FieldOutcome(False, "no channel")
        _note(result, "channels", notes)
        return []
    unread_time = [r for r in readings if not r.time_read]
    reasons = sorted(
        {p for r in unread_time for p in r.problems if p.startswith(("time", "no time"))}
    )
    result.fields["time"] = FieldOutcome(not unread_time, "; ".join(reasons) or "")
    statuses = {r.fee_status for r in readings}
    fee_reasons = sorted(
        {p for r in readings for p in r.problems if not p.startswith(("time", "no time"))}
    )
    fee_read = "unknown" not in statuses and not any(r.conflict for r in readings)
    result.fields["fee"] = FieldOutcome(
        fee_read,
        "; ".join(fee_reasons)
        or ("conflict" if not fee_read and "unknown" not in statuses else ""),
    )
    for reading in readings:
        kind = reading.channel.kind.value
        if reading.conflict:
            result.conflicts.append(f"{kind}: {reading.conflict}")
            _note(
                result, "fee_conflict" if "Miễn phí" in reading.conflict else "fee_mismatch", notes
            )
        if reading.soft_conflict:
            result.soft_conflicts.append(
                f"{kind}: fee cell 'Miễn phí' but the description refers to a fee rule"
            )
            _note(result, "fee_rule", notes)
        if any("not a plausible amount" in p for p in reading.problems):
            _note(result, "fee_unclear", notes)
        result.ended += [f"{kind}: {_money(f.amount_vnd)} until {f.until}" for f in reading.ended]
    if "unknown" in statuses:
        _note(result, "fee_unknown", notes)
    if unread_time:
        _note(result, "time_unknown", notes)
    return [r.channel for r in readings]


def _agency(detail: dict[str, Any], listing: ListEntry | None) -> tuple[str, str]:
    """(agency, where it came from: "detail", "list", "authority" or "")."""
    own = str(detail.get("co_quan_thuc_hien") or "")
    if not is_no_info(own):
        return normalise_agency(own), "detail"
    if listing and not is_no_info(listing.agency):
        return normalise_agency(listing.agency), "list"
    authority = str(detail.get("co_quan_co_tham_quyen") or "")
    if not is_no_info(authority):
        return normalise_agency(authority), "authority"
    return "", ""


def same_procedure(title: str, listing: ListEntry) -> bool:
    """Whether a list row describes the detail (the same code is sometimes reused by
    another ministry's list for another procedure): their titles must agree."""
    a = re.sub(r"\W+", " ", title.casefold()).strip()
    b = re.sub(r"\W+", " ", listing.title.casefold()).strip()
    if not a or not b:
        return not a
    return a in b or b in a or SequenceMatcher(None, a, b).ratio() >= 0.8


def procedure_from_detail(
    detail: dict[str, Any], *, today: date, listing: ListEntry | None = None
) -> BuildResult:
    """The official entry for one portal detail, and the record of what was read.

    `today` is the entry's `last_reviewed`; fee reductions are judged against the data
    date (June 2026). `listing` (the procedure's row in an official list) fills a missing
    title, field or agency."""
    code = clean(str(detail.get("ma_thu_tuc") or ""))
    result = BuildResult(code, None)
    if not NATIONAL_CODE_RE.match(code):
        result.error = f"no national code ({code!r})"
        return result
    notes: list[str] = []
    own_title = tidy_end(clean(str(detail.get("ten_thu_tuc") or "")))
    if listing is not None and not same_procedure(own_title, listing):
        # the page holds another procedure than the code's (the list names it otherwise)
        result.error = f"title differs from the official list ({shorten(listing.title, 60)!r})"
        return result
    title = tidy_end(clean(str(detail.get("ten_thu_tuc") or ""))) or (
        listing.title if listing else ""
    )
    result.fields["title"] = FieldOutcome(bool(title), "" if title else "no title")
    field_name = clean(str(detail.get("linh_vuc") or ""))
    if is_no_info(field_name):
        field_name = listing.field if listing and listing.field else ""
    result.fields["field"] = FieldOutcome(bool(field_name), "" if field_name else "no field")
    levels = _levels(str(detail.get("cap_thuc_hien") or ""))
    result.fields["level"] = FieldOutcome(bool(levels), "" if levels else "no level")
    agency, origin = _agency(detail, listing)
    result.fields["agency"] = FieldOutcome(
        origin in ("detail", "list"),
        {
            "detail": "",
            "list": "",
            "authority": "only the competent authority is given",
            "": "not on the page",
        }[origin],
    )
    if not agency:
        _note(result, "agency", notes)
    applicants = _applicants(str(detail.get("doi_tuong_thuc_hien") or ""))
    result.fields["applicants"] = FieldOutcome(bool(applicants), "" if applicants else "none given")
    channels = _channels(detail, result, notes)
    docs = parse_documents(str(detail.get("thanh_phan_ho_so") or ""))
    result.fields["documents"] = FieldOutcome(bool(docs.documents), "; ".join(docs.problems))
    if not docs.documents:
        _note(result, "documents", notes)
    legal = parse_legal_basis(str(detail.get("can_cu_phap_ly") or ""))
    result.fields["legal_basis"] = FieldOutcome(bool(legal.basis), "; ".join(legal.problems))
    results = parse_results(str(detail.get("ket_qua_xu_ly") or ""))
    result.fields["results"] = FieldOutcome(bool(results), "" if results else "no result given")
    decision = clean(str(detail.get("so_quyet_dinh") or ""))
    decision = "" if is_no_info(decision) else decision
    result.fields["decision"] = FieldOutcome(bool(decision), "" if decision else "no decision")
    url = clean(str(detail.get("detail_url") or "")) or None
    result.fields["detail_url"] = FieldOutcome(bool(url), "" if url else "no page address")
    if not (title and levels):
        result.error = "no title" if not title else "no level"
        return result
    field_name = field_name or "Chưa phân loại"
    summary_vi, summary_en = summaries(
        field=field_name,
        level=levels,
        agency=agency,
        agency_known=bool(agency),
        channels=channels,
        conflict=bool(result.conflicts),
        today=today,
    )
    conditions_text = str(detail.get("yeu_cau_dieu_kien") or "")
    data = {
        "code": code,
        "kind": EntryKind.OFFICIAL,
        "title": {"vi": title, "en": ""},
        "summary": {"vi": summary_vi, "en": summary_en},
        "field": field_name,
        "level": levels,
        "agency": agency or "Chưa rõ (xem trang chính thức)",
        "applicants": applicants,
        "channels": channels,
        "documents": docs.documents,
        "steps": [],
        "online": {
            "available": any(c.kind is ChannelKind.ONLINE for c in channels),
            "level": OnlineLevel.UNKNOWN,
            "url": url,
        },
        "conditions": [] if is_no_info(conditions_text) else [CONDITIONS_POINTER],
        "results": results,
        "legal_basis": legal.basis,
        "detail_url": url,
        "decision": decision,
        "last_reviewed": today,
        "source": SOURCE,
        "unverified": [NOTES[k][0] for k in notes],
        "unverified_en": [NOTES[k][1] for k in notes],
    }
    try:
        result.procedure = Procedure.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        result.error = f"invalid entry: {'.'.join(map(str, first['loc']))}: {first['msg']}"
    return result
