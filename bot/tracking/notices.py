"""Notifications as typed facts: their kind and one payload dataclass per kind.

The outbox keeps a notification as ``kind`` (a string column) and ``payload`` (JSON), so a
message is rendered at send time in the user's language of then (bot/tracking/notify.py).
This module is the one place that knows those columns: :meth:`to_json` writes a payload and
:func:`parse_payload` reads a row back. The stored values (the kind strings, the JSON keys,
statuses as national numbers, times as UTC ISO strings) are the ones the outbox always had,
so rows written before these types exist still read, and no migration is needed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, ClassVar, Self

from bot.portal.status import DossierStatus, from_code


class NoticeKind(StrEnum):
    """``outbox.kind``: what happened to a followed dossier."""

    STATUS_CHANGE = "status_change"
    OVERDUE = "overdue"
    RESULT_READY = "result_ready"
    ENDED = "ended"


class EndReason(StrEnum):
    """Why following a dossier ended."""

    CLOSED = "closed"  # the dossier closed and the follow-up time passed
    LOST = "lost"  # the portal keeps saying it does not know the dossier (or our access)


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment is not None else None


def _moment(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _status(value: Any) -> DossierStatus | None:
    return None if value is None else from_code(value)


def _text(value: Any) -> str:
    return str(value or "")


def _end_reason(value: Any) -> EndReason:
    return EndReason.LOST if value == EndReason.LOST else EndReason.CLOSED


#: How a field is written to JSON and read back, by its annotation (all stored formats).
_CODECS: dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {
    "str": (str, _text),
    "datetime | None": (_iso, _moment),
    "DossierStatus": (int, from_code),
    "DossierStatus | None": (lambda status: None if status is None else int(status), _status),
    "EndReason": (str, _end_reason),
}


class _Payload:
    """JSON for a payload dataclass, field by field, by each field's annotation."""

    def to_json(self) -> dict[str, Any]:
        return {
            item.name: _CODECS[str(item.type)][0](getattr(self, item.name))
            for item in fields(self)  # type: ignore[arg-type]
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            **{
                item.name: _CODECS[str(item.type)][1](data.get(item.name))
                for item in fields(cls)  # type: ignore[arg-type]
            }
        )


@dataclass(frozen=True)
class StatusChange(_Payload):
    """The dossier's status changed (``previous`` is None for the first known status)."""

    kind: ClassVar[NoticeKind] = NoticeKind.STATUS_CHANGE
    code: str
    status: DossierStatus
    previous: DossierStatus | None = None
    label: str = ""  # the portal's own wording of the new status
    changed_at: datetime | None = None
    appointment: datetime | None = None
    reason: str = ""
    lookup_url: str = ""


@dataclass(frozen=True)
class Overdue(_Payload):
    """The appointment date passed while the dossier was still being processed."""

    kind: ClassVar[NoticeKind] = NoticeKind.OVERDUE
    code: str
    appointment: datetime | None = None
    lookup_url: str = ""


@dataclass(frozen=True)
class ResultReady(_Payload):
    """A reminder: the result has been waiting at the desk for some working days."""

    kind: ClassVar[NoticeKind] = NoticeKind.RESULT_READY
    code: str
    ready_since: datetime | None = None
    lookup_url: str = ""


@dataclass(frozen=True)
class Ended(_Payload):
    """Following the dossier ended (closed long enough, or lost)."""

    kind: ClassVar[NoticeKind] = NoticeKind.ENDED
    code: str
    reason: EndReason = EndReason.CLOSED
    closed_at: datetime | None = None


NoticePayload = StatusChange | Overdue | ResultReady | Ended

_BY_KIND: dict[NoticeKind, type[NoticePayload]] = {
    NoticeKind.STATUS_CHANGE: StatusChange,
    NoticeKind.OVERDUE: Overdue,
    NoticeKind.RESULT_READY: ResultReady,
    NoticeKind.ENDED: Ended,
}


def parse_payload(kind: str, data: Mapping[str, Any]) -> NoticePayload:
    """The typed payload of an outbox row; ValueError for a kind this version does not know."""
    try:
        known = NoticeKind(kind)
    except ValueError:
        raise ValueError(f"unknown notification kind {kind!r}") from None
    return _BY_KIND[known].from_json(data)
