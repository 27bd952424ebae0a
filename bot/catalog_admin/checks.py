"""Checks and comparisons the catalog use cases share: an edited procedure against the
rest of the catalog (worded like the catalog validator), a whole candidate catalog through
the validator, and the diff of two stored versions from their JSON texts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.catalog_admin.forms import FORM_FILE
from procedures_catalog.diff import CatalogDiff, ProcedureChange, field_changes
from procedures_catalog.loader import gc_paused
from procedures_catalog.problems import Problem
from procedures_catalog.schema import Procedure
from procedures_catalog.validation import RawRecord, validate_records


def catalog_problems(
    record: RawRecord,
    procedure: Procedure | None,
    code: str | None,
    known: Mapping[str, Procedure],
) -> list[Problem]:
    """The checks against the rest of the catalog, worded as the catalog validator words
    them: a new code must be free, an edited one unchanged, related codes must exist."""
    problems = []
    given = procedure.code if procedure is not None else record.raw_code()
    if code is None and given in known:
        problems.append(record.problem("code", f"duplicate code {given}: already in the catalog"))
    elif code is not None and given and given != code:
        problems.append(record.problem("code", f"the code cannot be changed here (was {code})"))
    for index, related in enumerate(procedure.related if procedure is not None else ()):
        if related not in known:
            problems.append(
                record.problem(f"related[{index}]", f"related code {related} is not in the catalog")
            )
    return problems


def catalog_wide(candidate: Sequence[Procedure], code: str) -> list[Problem]:
    """Every procedure through the catalog validator, as a file import would go."""
    records = [
        RawRecord(FORM_FILE if p.code == code else p.code, "", p.model_dump(mode="json"))
        for p in candidate
    ]
    with gc_paused():
        return validate_records(records)[1]


def text_diff(old: Mapping[str, str], new: Mapping[str, str]) -> CatalogDiff:
    """`diff_catalogs` of two stored versions, parsing only the procedures that differ."""
    parse = Procedure.model_validate_json
    changed: list[ProcedureChange] = []
    unchanged = 0
    for code in sorted(old.keys() & new.keys()):
        if old[code] == new[code]:
            unchanged += 1
            continue
        before, after = parse(old[code]), parse(new[code])
        if before == after:
            unchanged += 1
        else:
            changed.append(ProcedureChange(code, after.title.vi, field_changes(before, after)))
    return CatalogDiff(
        added=[parse(new[c]) for c in sorted(new.keys() - old.keys())],
        removed=[parse(old[c]) for c in sorted(old.keys() - new.keys())],
        changed=changed,
        unchanged=unchanged,
    )
