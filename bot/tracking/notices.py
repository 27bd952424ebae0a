"""Notifications as typed facts: their kind and one payload dataclass per kind.

The outbox keeps a notification as ``kind`` (a string column) and ``payload`` (JSON), so a
message is rendered at send time in the user's language of then (bot/tracking/notify.py).
This module is the one place that knows those columns: :meth:`to_json` writes a payload and
:func:`parse_payload` reads a row back. The stored values (the kind strings, the JSON keys,
statuses as national numbers, times as UTC ISO strings) are the ones the outbox always had,
so rows written before these types exist still read, and no migration is needed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, ClassVar

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


@dataclass(frozen=True)
class StatusChange:
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

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "status": int(self.status),
            "previous": None if self.previous is None else int(self.previous),
            "label": self.label,
            "changed_at": _iso(self.changed_at),
            "appointment": _iso(self.appointment),
            "reason": self.reason,
            "lookup_url": self.lookup_url,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StatusChange:
        return cls(
            code=str(data.get("code") or ""),
            status=from_code(data.get("status")),
            previous=_status(data.get("previous")),
            label=str(data.get("label") or ""),
            changed_at=_moment(data.get("changed_at")),
            appointment=_moment(data.get("appointment")),
            reason=str(data.get("reason") or ""),
            lookup_url=str(data.get("lookup_url") or ""),
        )


@dataclass(frozen=True)
class Overdue:
    """The appointment date passed while the dossier was still being processed."""

    kind: ClassVar[NoticeKind] = NoticeKind.OVERDUE
    code: str
    appointment: datetime | None = None
    lookup_url: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "appointment": _iso(self.appointment),
            "lookup_url": self.lookup_url,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Overdue:
        return cls(
            code=str(data.get("code") or ""),
            appointment=_moment(data.get("appointment")),
            lookup_url=str(data.get("lookup_url") or ""),
        )


@dataclass(frozen=True)
class ResultReady:
    """A reminder: the result has been waiting at the desk for some working days."""

    kind: ClassVar[NoticeKind] = NoticeKind.RESULT_READY
    code: str
    ready_since: datetime | None = None
    lookup_url: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "ready_since": _iso(self.ready_since),
            "lookup_url": self.lookup_url,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ResultReady:
        return cls(
            code=str(data.get("code") or ""),
            ready_since=_moment(data.get("ready_since")),
            lookup_url=str(data.get("lookup_url") or ""),
        )


@dataclass(frozen=True)
class Ended:
    """Following the dossier ended (closed long enough, or lost)."""

    kind: ClassVar[NoticeKind] = NoticeKind.ENDED
    code: str
    reason: EndReason = EndReason.CLOSED
    closed_at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "reason": str(self.reason), "closed_at": _iso(self.closed_at)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Ended:
        lost = data.get("reason") == EndReason.LOST
        return cls(
            code=str(data.get("code") or ""),
            reason=EndReason.LOST if lost else EndReason.CLOSED,
            closed_at=_moment(data.get("closed_at")),
        )


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
