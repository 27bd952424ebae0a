"""Render a dossier's status card: plain-words status, dates, deadline, what to do next.

Pure: (dossier, today, calendar, language, texts) → :class:`~bot.texts.markup.Html`; portal
text is escaped when it is put into a template, never by hand. The dossier model never holds
applicant data, so nothing personal can leak into it.
"""

from __future__ import annotations

from datetime import date, datetime

from bot.calendar import WorkCalendar, vn_date
from bot.portal.models import Dossier
from bot.portal.status import DossierStatus, counts_towards_deadline, is_paused, needs_reason
from bot.texts import Lang, Texts
from bot.texts.markup import Html, bold, code, lines

HISTORY_SHOWN = 3


def _day(moment: datetime | None) -> str | None:
    return vn_date(moment).strftime("%d/%m/%Y") if moment else None


def deadline_line(
    dossier: Dossier, today: date, calendar: WorkCalendar, lang: Lang, texts: Texts
) -> Html | None:
    """Working days left, due today, overdue by N working days, or paused."""
    appointment = dossier.appointment_date()
    if appointment is None or dossier.is_closed or dossier.has_result:
        return None
    if is_paused(dossier.status):
        return texts.get(lang, "status_paused")
    if not counts_towards_deadline(dossier.status):
        return None
    shown = appointment.strftime("%d/%m/%Y")
    if appointment == today:
        return texts.get(lang, "status_due_today", date=shown)
    overdue = calendar.overdue_working_days(appointment, today)
    if overdue:
        return texts.get(lang, "status_overdue", days=overdue, date=shown)
    left = calendar.working_days_left(today, appointment)
    return texts.get(lang, "status_days_left", days=left, date=shown)


def render_dossier(
    dossier: Dossier,
    *,
    today: date,
    calendar: WorkCalendar,
    lang: Lang,
    texts: Texts,
    lookup_url: str,
) -> Html:
    t = texts.get
    status_text = t(lang, dossier.status.text_key)
    out: list[str] = [
        "📋 " + t(lang, "status_field_code", value=code(dossier.code)),
        t(lang, "status_field_status", value=bold(status_text)),
    ]
    if dossier.status is DossierStatus.UNKNOWN or dossier.status_label != status_text:
        out.append(t(lang, "status_field_portal_label", value=dossier.status_label))
    if dossier.procedure_name:
        out.append(t(lang, "status_field_procedure", value=dossier.procedure_name))
    for key, moment in (
        ("status_field_submitted", dossier.submitted_at),
        ("status_field_received", dossier.received_at),
        ("status_field_appointment", dossier.appointment_at),
        ("status_field_completed", dossier.completed_at),
        ("status_field_returned", dossier.returned_at),
    ):
        shown = _day(moment)
        if shown:
            out.append(t(lang, key, value=shown))
    for key, value in (
        ("status_field_unit", dossier.processing_unit),
        ("status_field_step", dossier.current_step),
        ("status_field_reason", dossier.reason),
    ):
        if value:
            out.append(t(lang, key, value=value))
    if not dossier.reason and needs_reason(dossier.status):
        out.append(t(lang, "status_reason_missing"))
    deadline = deadline_line(dossier, today, calendar, lang, texts)
    if deadline:
        out += ["", "⏳ " + deadline]
    out += ["", "➡️ " + t(lang, dossier.status.next_step_key)]
    history = [h for h in dossier.history if h.action or h.status_label][-HISTORY_SHOWN:]
    if history:
        out += ["", t(lang, "status_history_title")]
        for entry in history:
            at = _day(entry.at) or "?"
            action = entry.action or entry.status_label
            out.append(t(lang, "status_history_item", at=at, action=action))
    out += ["", t(lang, "status_official_lookup", url=lookup_url)]
    return lines(out)
