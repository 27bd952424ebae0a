"""Reading a dossier code once, and keeping a recognised code in a dialogue step.

:func:`read_code` is the only place where the dossier use cases turn text into a code: the
first code (or near-code) in the text, else the whole text read as one code. A code waiting
in the database (the owner-ID dialogue) is stored field by field and rebuilt as the same
:class:`DossierCode`, never parsed again.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.portal.codes import (
    CodeKind,
    CodeProblem,
    DossierCode,
    extract_codes,
    parse_dossier_code,
)


def read_code(text: str) -> DossierCode | CodeProblem | None:
    """The code in `text`: the first one found in a sentence, or the text as one code
    (typed with spaces instead of dashes…); None when it holds no code at all."""
    found = extract_codes(text)
    return found[0] if found else parse_dossier_code(text)


def code_to_payload(code: DossierCode) -> dict[str, Any]:
    """JSON for a pending step (a dossier code is no personal data)."""
    return {
        "code": code.code,
        "kind": code.kind.value,
        "agency_code": code.agency_code,
        "issued_on": code.issued_on.isoformat() if code.issued_on else None,
        "sequence": code.sequence,
    }


def code_from_payload(data: object) -> DossierCode | None:
    """The code stored by :func:`code_to_payload`; None when the payload is not one."""
    if not isinstance(data, dict):
        return None
    try:
        issued = data.get("issued_on")
        return DossierCode(
            code=str(data["code"]),
            kind=CodeKind(data["kind"]),
            agency_code=data.get("agency_code"),
            issued_on=date.fromisoformat(issued) if issued else None,
            sequence=data.get("sequence"),
        )
    except (KeyError, TypeError, ValueError):
        return None
