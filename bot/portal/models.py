"""The canonical dossier model handed to the bot, whatever portal shape it came from.

:class:`Dossier` holds only what a status reply needs: code, procedure, status, dates,
processing unit, current step, reason and history. The applicant's name, phone, e-mail,
address and ID number are *never* part of it: the adapters do not even parse them, and the
model forbids unknown fields so they cannot be added by mistake.

All datetimes are timezone-aware; portal values without an offset are Vietnam time (UTC+7,
no daylight saving). :func:`parse_portal_datetime` understands every format seen in
``dossier_status.md``.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from bot.portal import status as st
from bot.portal.status import DossierStatus

#: Vietnam time, used for portal values that carry no offset.
VN_TZ = timezone(timedelta(hours=7), "ICT")

_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$")  # yyyyMMddHHmmss
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_BASIC_OFFSET = re.compile(r"([+-]\d{2})(\d{2})$")  # "+0700" → "+07:00"


def parse_portal_datetime(value: Any) -> datetime | None:
    """Parse a portal date/time into an aware datetime, or ``None`` for "no value".

    Accepts ISO 8601 with or without offset (``…T08:30:00.000+0700``, ``…Z``), a date only,
    ``yyyyMMddHHmmss`` (DVCQG sync), ``dd/MM/yyyy[ HH:mm[:ss]]`` (BHXH), epoch milliseconds,
    and treats empty strings and .NET's ``0001-01-01`` default as missing.
    Raises ``ValueError`` for anything else (a pydantic validation error in the schemas).
    """
    if value is None or isinstance(value, bool):
        if value is None:
            return None
        raise ValueError("boolean is not a date")
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime(value.year, value.month, value.day)
    elif isinstance(value, int | float):
        if value <= 0:
            return None
        seconds = value / 1000 if value > 10**11 else value
        return datetime.fromtimestamp(seconds, tz=UTC).astimezone(VN_TZ)
    elif isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        parsed = _parse_text(text)
    else:
        raise ValueError(f"unsupported date value of type {type(value).__name__}")
    if parsed.year < 1900:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=VN_TZ)


def _parse_text(text: str) -> datetime:
    if m := _COMPACT.match(text):
        year, month, day, hour, minute, second = (int(part) for part in m.groups())
        return datetime(year, month, day, hour, minute, second)
    if m := _DMY.match(text):
        d, mo, y, h, mi, sec = (int(part or 0) for part in m.groups())
        return datetime(y, mo, d, h, mi, sec)
    try:
        return datetime.fromisoformat(_BASIC_OFFSET.sub(r"\1:\2", text))
    except ValueError:
        raise ValueError(f"unrecognised date format: {text[:40]!r}") from None


PortalDatetime = Annotated[datetime | None, BeforeValidator(parse_portal_datetime)]


def clean_text(value: Any) -> str | None:
    """Strip a text value; empty or whitespace-only becomes ``None``; numbers become text."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError("boolean is not text")
    if isinstance(value, int | float):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {type(value).__name__}")
    text = " ".join(value.split())
    return text or None


OptionalText = Annotated[str | None, BeforeValidator(clean_text)]


class HistoryEntry(BaseModel):
    """One processing step (quá trình xử lý). Staff names are deliberately not kept."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    at: datetime | None = None
    action: str | None = None
    status_label: str | None = None
    unit: str | None = None
    note: str | None = None
    step_deadline: datetime | None = None


class Dossier(BaseModel):
    """A dossier as the bot sees it: no personal data of the applicant, ever."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(min_length=1)
    nation_code: str | None = None
    procedure_code: str | None = None
    procedure_name: str | None = None
    status: DossierStatus
    status_label: str
    submitted_at: datetime | None = None
    received_at: datetime | None = None
    appointment_at: datetime | None = None
    completed_at: datetime | None = None
    returned_at: datetime | None = None
    processing_unit: str | None = None
    current_step: str | None = None
    reason: str | None = None
    apply_channel: str | None = None
    payment_status: str | None = None
    postal_tracking_code: str | None = None
    history: tuple[HistoryEntry, ...] = ()
    source: str = ""

    @property
    def is_closed(self) -> bool:
        return st.is_closed(self.status)

    @property
    def has_result(self) -> bool:
        return st.has_result(self.status)

    @property
    def needs_citizen_action(self) -> bool:
        return st.needs_citizen_action(self.status)

    def appointment_date(self) -> date | None:
        """The appointment (ngày hẹn trả) as a Vietnam calendar date."""
        if self.appointment_at is None:
            return None
        return self.appointment_at.astimezone(VN_TZ).date()
