"""Recognise and normalise dossier codes (mã hồ sơ / số biên nhận), pure functions only.

Formats (``dossier_status.md`` §5):

=================  ===================================  ==============================
kind               shape                                example
=================  ===================================  ==============================
``onestop``        ``<unit>-<yyMMdd>-<NNNN>``           ``000.17.22.H56-210531-0001``
``onestop_synced`` ``<unit>-<yyMMdd>-<NNNNN>``          ``000.17.22.H56-210531-48213``
``sector``         ``<unit>-<yyyyMMdd>-<NNNNNNN>``      ``G09.20-20260609-0092637``
``onestop_other``  ``^[0-9A-Z.]+-\\d{6,8}-\\d{4,7}$`` otherwise
``bhxh``           ``NNNNN/YYYY/NNNNN``                 ``03706/2026/07906``
=================  ===================================  ==============================

Hộ tịch liên thông and the DVCQG lookup page use the one-stop receipt number, so they are
covered by the first rows. Normalisation: Unicode NFKC (full-width digits), any dash variant
→ ``-``, spaces around separators removed, upper case, surrounding punctuation dropped.

:func:`parse_dossier_code` returns a :class:`DossierCode`, a :class:`CodeProblem` when the
text looks *almost* like a code (with the reason, for a helpful reply), or ``None`` when it
does not look like a code at all (then it may still be an opaque code of some other system:
adapters accept any sane text through :func:`sanitize_code`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.portal.errors import PortalError


class CodeKind(StrEnum):
    ONESTOP = "onestop"
    ONESTOP_SYNCED = "onestop_synced"
    SECTOR = "sector"
    ONESTOP_OTHER = "onestop_other"
    BHXH = "bhxh"


class CodeIssue(StrEnum):
    """Why a near-code is malformed; ``status_code_<issue>`` is its text key."""

    MISSING_PART = "missing_part"
    TOO_MANY_PARTS = "too_many_parts"
    BAD_AGENCY = "bad_agency"
    BAD_DATE = "bad_date"
    SHORT_SEQUENCE = "short_sequence"
    LONG_SEQUENCE = "long_sequence"
    LETTER_IN_NUMBER = "letter_in_number"
    BAD_BHXH = "bad_bhxh"


@dataclass(frozen=True, slots=True)
class DossierCode:
    """A recognised code; ``code`` is the normalised text to send to the portal."""

    code: str
    kind: CodeKind
    agency_code: str | None = None
    issued_on: date | None = None
    sequence: str | None = None


@dataclass(frozen=True, slots=True)
class CodeProblem:
    """A string that is almost a code; ``part`` is the offending fragment."""

    text: str
    issue: CodeIssue
    part: str

    @property
    def text_key(self) -> str:
        return f"status_code_{self.issue.value}"

    def params(self) -> dict[str, str]:
        """Parameters for the ``status_code_*`` templates."""
        return {"code": self.text, "part": self.part}


class InvalidDossierCode(PortalError, ValueError):
    """The dossier code cannot be sent to the portal (empty, too long, control characters)."""

    text_key = "status_err_invalid_code"

    def __init__(self, message: str = "", *, problem: CodeProblem | None = None) -> None:
        super().__init__(message)
        #: Why a near-code was rejected (``None`` when the text was no code at all).
        self.problem = problem


MAX_CODE_LENGTH = 64
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63"), "-")
_SEP_SPACES = re.compile(r"\s*([-/])\s*")
_EDGE_PUNCT = "\"'`.,;:!?()[]{}<>«»“”‘’"
_AGENCY = re.compile(r"^[0-9A-Z]+(?:\.[0-9A-Z]+)*$")
_CODE_CHARS = re.compile(r"^[0-9A-Z./-]+$")
_LOOKALIKE = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SANE = re.compile(r"^[0-9A-Za-z._/-]+$")
# In free text: a unit code, a date and a sequence joined by dashes, or the BHXH number.
_IN_TEXT = re.compile(
    r"(?<![0-9A-Za-z./-])(?:[0-9A-Za-z.]+-[0-9A-Za-z]{3,10}-[0-9A-Za-z]{2,9}"
    r"|\d{3,6}/\d{3,5}/\d{3,6})(?![0-9A-Za-z/-])"
)


def normalize_text(text: str) -> str:
    """Canonical spelling of a candidate code (no validation)."""
    folded = unicodedata.normalize("NFKC", text).translate(_DASHES)
    collapsed = _SEP_SPACES.sub(r"\1", folded.strip()).strip(_EDGE_PUNCT + " \t\r\n")
    return collapsed.upper()


def _looks_code_like(text: str) -> bool:
    if not _CODE_CHARS.match(text) or not ("-" in text or "/" in text):
        return False
    digits = sum(ch.isdigit() for ch in text)
    if digits < 9 or len(text) < 12:
        return False
    parts = re.split(r"[-/]", text)
    plain = "".join(parts)
    # A phone number written with separators (0912-345-678) is not a code; a code's middle
    # part is a date (6 or 8 digits).
    phone_like = plain.isdigit() and plain.startswith("0") and len(plain) in (10, 11)
    return not (phone_like and not (len(parts) == 3 and len(parts[1]) in (6, 7, 8)))


def _check_number(part: str, *, what: str) -> CodeIssue | None:
    if part.isdigit():
        return None
    if part.translate(_LOOKALIKE).isdigit():
        return CodeIssue.LETTER_IN_NUMBER
    return CodeIssue.BAD_DATE if what == "date" else CodeIssue.LETTER_IN_NUMBER


def _parse_date(part: str) -> date | None:
    try:
        if len(part) == 6:
            return date(2000 + int(part[:2]), int(part[2:4]), int(part[4:]))
        return date(int(part[:4]), int(part[4:6]), int(part[6:]))
    except ValueError:
        return None


def _parse_onestop(text: str) -> DossierCode | CodeProblem:
    parts = text.split("-")
    if len(parts) < 3 or not all(parts):
        missing = next((p for p in parts if not p), parts[-1]) or text
        return CodeProblem(text, CodeIssue.MISSING_PART, missing)
    if len(parts) > 3:
        return CodeProblem(text, CodeIssue.TOO_MANY_PARTS, "-".join(parts[3:]))
    agency, day, seq = parts
    if not _AGENCY.match(agency):
        return CodeProblem(text, CodeIssue.BAD_AGENCY, agency)
    if issue := _check_number(day, what="date"):
        return CodeProblem(text, issue, day)
    if len(day) not in (6, 7, 8):
        return CodeProblem(text, CodeIssue.BAD_DATE, day)
    issued = _parse_date(day) if len(day) != 7 else None
    if len(day) != 7 and issued is None:
        return CodeProblem(text, CodeIssue.BAD_DATE, day)
    if issue := _check_number(seq, what="sequence"):
        return CodeProblem(text, issue, seq)
    if len(seq) < 4:
        return CodeProblem(text, CodeIssue.SHORT_SEQUENCE, seq)
    if len(seq) > 7:
        return CodeProblem(text, CodeIssue.LONG_SEQUENCE, seq)
    kind = {
        (6, 4): CodeKind.ONESTOP,
        (6, 5): CodeKind.ONESTOP_SYNCED,
        (8, 7): CodeKind.SECTOR,
    }.get((len(day), len(seq)), CodeKind.ONESTOP_OTHER)
    return DossierCode(text, kind, agency_code=agency, issued_on=issued, sequence=seq)


def _parse_bhxh(text: str) -> DossierCode | CodeProblem:
    parts = text.split("/")
    lengths = (5, 4, 5)
    if len(parts) != 3:
        return CodeProblem(text, CodeIssue.BAD_BHXH, text)
    for part, length in zip(parts, lengths, strict=True):
        if not part.isdigit():
            issue = CodeIssue.LETTER_IN_NUMBER if part.translate(_LOOKALIKE).isdigit() else None
            return CodeProblem(text, issue or CodeIssue.BAD_BHXH, part)
        if len(part) != length:
            return CodeProblem(text, CodeIssue.BAD_BHXH, part)
    year = int(parts[1])
    if not 1995 <= year <= 2099:
        return CodeProblem(text, CodeIssue.BAD_BHXH, parts[1])
    return DossierCode(text, CodeKind.BHXH, issued_on=date(year, 1, 1), sequence=parts[2])


def parse_dossier_code(text: str) -> DossierCode | CodeProblem | None:
    """Recognise one code typed alone; ``None`` when the text does not look like a code."""
    candidate = normalize_text(text)
    if " " in candidate:
        # "000.17.22.H56 210531 0001": spaces typed instead of dashes.
        tokens = candidate.split()
        if len(tokens) != 3:
            return None
        candidate = "-".join(tokens)
    if not _looks_code_like(candidate):
        return None
    if "/" in candidate and "-" not in candidate:
        return _parse_bhxh(candidate)
    if "/" in candidate:
        head = re.split(r"[-/]", candidate, maxsplit=1)[0]
        issue = CodeIssue.BAD_BHXH if head.isdigit() else CodeIssue.BAD_AGENCY
        return CodeProblem(candidate, issue, head)
    return _parse_onestop(candidate)


def normalize_dossier_code(text: str) -> str:
    """The normalised code, or ``InvalidDossierCode`` (with ``.problem`` when near-miss)."""
    parsed = parse_dossier_code(text)
    if isinstance(parsed, DossierCode):
        return parsed.code
    raise InvalidDossierCode(
        f"not a dossier code ({parsed.issue.value}: {parsed.part!r})" if parsed else "not a code",
        problem=parsed,
    )


def extract_codes(text: str) -> list[DossierCode | CodeProblem]:
    """Every code or near-code found in free text, in order, without duplicates."""
    prepared = _SEP_SPACES.sub(r"\1", unicodedata.normalize("NFKC", text).translate(_DASHES))
    found: list[DossierCode | CodeProblem] = []
    seen: set[str] = set()
    for match in _IN_TEXT.finditer(prepared):
        parsed = parse_dossier_code(match.group(0))
        if parsed is None:
            continue
        key = parsed.code if isinstance(parsed, DossierCode) else parsed.text
        if key not in seen:
            seen.add(key)
            found.append(parsed)
    return found


def find_dossier_codes(text: str) -> list[DossierCode]:
    """The well-formed codes in free text (for intent detection)."""
    return [item for item in extract_codes(text) if isinstance(item, DossierCode)]


def sanitize_code(text: str) -> str:
    """What an adapter sends: a recognised code normalised, or an opaque code kept as typed
    (trimmed). Raises :class:`InvalidDossierCode` for empty, over-long or odd text."""
    parsed = parse_dossier_code(text)
    if isinstance(parsed, DossierCode):
        return parsed.code
    opaque = unicodedata.normalize("NFKC", text).strip()
    if not opaque:
        raise InvalidDossierCode("empty dossier code")
    if len(opaque) > MAX_CODE_LENGTH:
        raise InvalidDossierCode(f"dossier code longer than {MAX_CODE_LENGTH} characters")
    if not _SANE.match(opaque):
        raise InvalidDossierCode("dossier code contains characters a code never has")
    return opaque
