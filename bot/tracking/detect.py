"""What one poll means: new column values for the subscription and the notices to send.

Pure: :func:`after_poll` takes a snapshot of the subscription as claimed, the portal's
answer (a :class:`Dossier` or a :class:`PortalError`) and the time, and returns a
:class:`Decision`. The poller writes ``decision.values`` and ``decision.notices`` in one
transaction, fenced on its lease.

Dedup keys (the outbox's unique column) name one event of one subscription:

* ``chg:<sub>:<seq>:<status>:<stamp>`` — the ``seq``-th status change, to ``status``, at the
  portal's time of the change (``stamp``; ``-`` when the portal reports no time for that
  status). Both parts come from the committed subscription row and the portal's data, so any
  worker that records the same change from the same state builds the same key; a dossier that
  later returns to an earlier status gets a new ``seq``.
* ``overdue:<sub>:<appointment date>``, ``ready:<sub>:<seq>``, ``ended:<sub>``.

A notice's payload is typed (bot/tracking/notices.py): one dataclass per kind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.calendar import WorkCalendar, vn_date
from bot.portal import status as st
from bot.portal.codes import InvalidDossierCode
from bot.portal.errors import (
    CircuitOpen,
    DossierNotFound,
    OwnerVerificationRequired,
    PortalError,
)
from bot.portal.models import Dossier
from bot.portal.status import DossierStatus
from bot.tracking.config import TrackingConfig
from bot.tracking.notices import (
    Ended,
    EndReason,
    NoticeKind,
    NoticePayload,
    Overdue,
    ResultReady,
    StatusChange,
)
from bot.tracking.schedule import PollState, in_office_hours, next_poll_at

#: Errors that will not go away by waiting (the dossier or our access to it is gone).
PERMANENT_ERRORS: tuple[type[PortalError], ...] = (
    DossierNotFound,
    OwnerVerificationRequired,
    InvalidDossierCode,
)


@dataclass(frozen=True)
class SubscriptionView:
    """The subscription row as claimed (only what the decision needs)."""

    id: int
    user_id: int
    dossier_code: str
    last_status: int | None = None
    last_status_label: str = ""
    last_changed_at: datetime | None = None
    change_seq: int = 0
    appointment_at: datetime | None = None
    closed_at: datetime | None = None
    overdue_notified: bool = False
    reminder_notified: bool = False
    failures: int = 0
    owner_id_encrypted: bytes | None = None


@dataclass(frozen=True)
class Notice:
    """One outbox row to insert."""

    dedup_key: str
    payload: NoticePayload

    @property
    def kind(self) -> NoticeKind:
        return self.payload.kind


@dataclass
class Decision:
    """Column values to write (always including the next poll time) and notices."""

    values: dict[str, Any]
    notices: list[Notice] = field(default_factory=list)
    changed: bool = False


def portal_change_time(dossier: Dossier) -> datetime | None:
    """When the portal says the dossier entered its current status, if it says so."""
    for entry in sorted(
        (h for h in dossier.history if h.at is not None), key=lambda h: h.at or datetime.min
    )[::-1]:
        if st.from_name(entry.status_label or entry.action) is dossier.status:
            return entry.at
    by_status = {
        DossierStatus.SUBMITTED: dossier.submitted_at,
        DossierStatus.RECEIVED: dossier.received_at,
        DossierStatus.RESULT_READY: dossier.completed_at,
        DossierStatus.RESULT_RETURNED: dossier.returned_at,
    }
    return by_status.get(dossier.status)


def _stamp(moment: datetime | None) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ") if moment is not None else "-"


def end_notice(view: SubscriptionView, reason: EndReason) -> Notice:
    payload = Ended(view.dossier_code, reason, view.closed_at)
    return Notice(f"ended:{view.id}", payload)


def end_values(now: datetime) -> dict[str, Any]:
    """A subscription that ends: inactive, nothing more to poll, owner ID forgotten."""
    return {"active": False, "owner_id_encrypted": None, "last_polled_at": now, "next_poll_at": now}


def end_is_due(view: SubscriptionView, now: datetime, config: TrackingConfig) -> bool:
    """A closed dossier's subscription ends ``end_after`` after it closed."""
    return view.closed_at is not None and now >= view.closed_at + config.end_after


def after_poll(
    view: SubscriptionView,
    outcome: Dossier | PortalError,
    now: datetime,
    config: TrackingConfig,
    calendar: WorkCalendar,
    *,
    lookup_url: str,
    jitter: float = 0.0,
) -> Decision:
    """Decide what a poll's outcome changes (see the module docstring)."""
    if isinstance(outcome, PortalError):
        return _after_failure(view, outcome, now, config, calendar, jitter)
    return _after_success(view, outcome, now, config, calendar, lookup_url, jitter)


def _after_failure(
    view: SubscriptionView,
    error: PortalError,
    now: datetime,
    config: TrackingConfig,
    calendar: WorkCalendar,
    jitter: float,
) -> Decision:
    if isinstance(error, CircuitOpen):  # not this dossier's fault: just try again later
        wait = max(error.retry_after or 0.0, config.breaker_cooldown / 2)
        return Decision({"next_poll_at": now + timedelta(seconds=wait)})
    failures = view.failures + 1
    values: dict[str, Any] = {
        "failures": failures,
        "last_error": type(error).__name__,
        "last_polled_at": now,
    }
    if isinstance(error, PERMANENT_ERRORS) and failures >= config.max_poll_failures:
        values.update(end_values(now))
        return Decision(values, [end_notice(view, EndReason.LOST)])
    last = _status(view.last_status)
    state = PollState(last, view.last_changed_at, view.appointment_at, failures)
    values["next_poll_at"] = (
        next_poll_at(state, now, config.schedule, calendar, jitter=jitter)
        or now + config.schedule.failure_cap
    )
    return Decision(values)


def _after_success(
    view: SubscriptionView,
    dossier: Dossier,
    now: datetime,
    config: TrackingConfig,
    calendar: WorkCalendar,
    lookup_url: str,
    jitter: float,
) -> Decision:
    status = dossier.status
    values: dict[str, Any] = {"failures": 0, "last_error": "", "last_polled_at": now}
    notices: list[Notice] = []
    appointment = dossier.appointment_at.astimezone(UTC) if dossier.appointment_at else None
    values["appointment_at"] = appointment
    if appointment and view.appointment_at and appointment > view.appointment_at:
        values["overdue_notified"] = False  # a new, later appointment date may pass again
    overdue_sent = view.overdue_notified and "overdue_notified" not in values
    changed = view.last_status is not None and (
        view.last_status != int(status)
        or (status is DossierStatus.UNKNOWN and view.last_status_label != dossier.status_label)
    )
    seq = view.change_seq
    changed_at = view.last_changed_at
    reminder_sent = view.reminder_notified
    portal_time: datetime | None = None
    if view.last_status is None or changed:
        portal_time = portal_change_time(dossier)
        changed_at = (portal_time or now).astimezone(UTC)
        values.update(last_status=int(status), last_changed_at=changed_at)
    values["last_status_label"] = dossier.status_label[:200]
    if changed:
        seq += 1
        reminder_sent = False
        values.update(change_seq=seq, reminder_notified=False)
        key = f"chg:{view.id}:{seq}:{int(status)}:{_stamp(portal_time)}"
        change = StatusChange(
            code=view.dossier_code,
            status=status,
            previous=_status(view.last_status),
            label=dossier.status_label[:200],
            changed_at=changed_at,
            appointment=appointment,
            reason=(dossier.reason or "")[:300],
            lookup_url=lookup_url,
        )
        notices.append(Notice(key, change))
    if (
        not overdue_sent
        and appointment is not None
        and st.counts_towards_deadline(status)
        and vn_date(now) > vn_date(appointment)
    ):
        values["overdue_notified"] = True
        overdue = Overdue(view.dossier_code, appointment, lookup_url)
        notices.append(Notice(f"overdue:{view.id}:{vn_date(appointment)}", overdue))
    if (
        status is DossierStatus.RESULT_READY
        and not reminder_sent
        and changed_at is not None
        and in_office_hours(now, config.schedule, calendar)
        and calendar.working_days_between(vn_date(changed_at), vn_date(now))
        >= config.reminder_after_workdays
    ):
        values["reminder_notified"] = True
        ready = ResultReady(view.dossier_code, changed_at, lookup_url)
        notices.append(Notice(f"ready:{view.id}:{seq}", ready))
    if dossier.is_closed:
        closed_at = view.closed_at or now
        values.update(closed_at=closed_at, next_poll_at=closed_at + config.end_after)
    else:
        values["closed_at"] = None
        state = PollState(status, changed_at, appointment, 0)
        values["next_poll_at"] = (
            next_poll_at(state, now, config.schedule, calendar, jitter=jitter)
            or now + config.schedule.base
        )
    return Decision(values, notices, changed)


def _status(value: int | None) -> DossierStatus | None:
    return None if value is None else st.from_code(value)
