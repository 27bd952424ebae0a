"""Render an outbox row into the Telegram HTML text the user reads, in their language.

The outbox keeps facts (``payload``: code, status, dates, portal label, reason, lookup URL),
not text, so a notification is rendered at send time in the language the user has *then*
(``users.language``). Every value is HTML-escaped here; the templates live in
``bot/texts/tracking.py`` (and the status wording in ``bot/texts/status.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from html import escape
from typing import Any

from bot.calendar import VN_TZ
from bot.portal.status import DossierStatus, from_code, needs_reason
from bot.texts import Texts
from bot.tracking.detect import KIND_CHANGE, KIND_ENDED, KIND_OVERDUE, KIND_READY

#: Telegram's limit for one message; notifications stay far below it.
MAX_TEXT = 4096


def _e(value: object) -> str:
    return escape(str(value), quote=False)


def _moment(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value)).astimezone(VN_TZ)
    except ValueError:
        return None


def day(value: Any) -> str:
    """dd/mm/yyyy in Vietnam time ('?' when missing)."""
    moment = _moment(value)
    return moment.strftime("%d/%m/%Y") if moment else "?"


def day_time(value: Any) -> str:
    moment = _moment(value)
    return moment.strftime("%d/%m/%Y %H:%M") if moment else "?"


def status_label(texts: Texts, lang: str, status: int | None, portal_label: str) -> str:
    """The citizen wording of a status (the portal's own label for an unknown one)."""
    if status is None:
        return texts.get(lang, "track_mine_unknown")
    value = from_code(status) if status else DossierStatus.UNKNOWN
    if value is DossierStatus.UNKNOWN and portal_label:
        return portal_label
    return texts.get(lang, value.text_key)


def render_notice(
    kind: str, payload: Mapping[str, Any], lang: str, texts: Texts, *, hotline: str
) -> str:
    """The message text for one outbox row."""
    code = _e(payload.get("code", ""))
    if kind == KIND_CHANGE:
        text = _render_change(payload, lang, texts, code)
    elif kind == KIND_OVERDUE:
        text = texts.get(
            lang,
            "track_overdue",
            code=code,
            date=day(payload.get("appointment")),
            hotline=_e(hotline),
        )
        text += _lookup(payload, lang, texts)
    elif kind == KIND_READY:
        since = day(payload.get("ready_since"))
        text = texts.get(lang, "track_ready_reminder", code=code, date=since)
        text += _lookup(payload, lang, texts)
    elif kind == KIND_ENDED:
        key = "track_ended_lost" if payload.get("reason") == "lost" else "track_ended_closed"
        text = texts.get(lang, key, code=code, date=day(payload.get("closed_at")))
    else:
        raise ValueError(f"unknown notification kind {kind!r}")
    return text[:MAX_TEXT]


def _lookup(payload: Mapping[str, Any], lang: str, texts: Texts) -> str:
    url = payload.get("lookup_url")
    return "\n\n" + texts.get(lang, "track_lookup", url=_e(url)) if url else ""


def _render_change(payload: Mapping[str, Any], lang: str, texts: Texts, code: str) -> str:
    status = int(payload.get("status") or 0)
    portal_label = str(payload.get("label") or "")
    label = status_label(texts, lang, status, portal_label)
    lines = [
        texts.get(lang, "track_change_title", code=code),
        texts.get(lang, "track_change_status", label=_e(label)),
    ]
    if portal_label and portal_label != label:
        lines.append(texts.get(lang, "track_change_portal_label", label=_e(portal_label)))
    if payload.get("changed_at"):
        lines.append(texts.get(lang, "track_change_at", at=day_time(payload["changed_at"])))
    if payload.get("appointment") and status not in (9, 10):
        lines.append(texts.get(lang, "track_change_appointment", date=day(payload["appointment"])))
    if needs_reason(status):
        reason = payload.get("reason")
        lines.append(
            texts.get(lang, "track_change_reason", reason=_e(reason))
            if reason
            else texts.get(lang, "status_reason_missing")
        )
    next_step = texts.get(lang, f"status_next_{status}") if 0 <= status <= 10 else ""
    text = "\n".join(lines)
    if next_step:
        text += "\n\n" + next_step
    text += _lookup(payload, lang, texts)
    return text + "\n\n" + texts.get(lang, "track_footer")
