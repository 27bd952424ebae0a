"""Render a notification into the Telegram HTML text the user reads, in their language.

The outbox keeps facts (a typed payload, bot/tracking/notices.py), not text, so a
notification is rendered at send time in the language the user has *then*
(``users.language``). The result is :class:`~bot.texts.markup.Html`: portal values are
escaped when they are put into a template, never by hand; the templates live in
``bot/texts/tracking.py`` (and the status wording in ``bot/texts/status.py``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, assert_never

from bot.calendar import VN_TZ
from bot.portal.status import DossierStatus, from_code, has_result, needs_reason
from bot.texts import Texts
from bot.texts.markup import Html, lines
from bot.tracking.notices import (
    Ended,
    EndReason,
    NoticePayload,
    Overdue,
    ResultReady,
    StatusChange,
)

#: Telegram's limit for one message; notifications stay far below it.
MAX_TEXT = 4096


def _moment(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        return moment.astimezone(VN_TZ)
    except ValueError:
        return None


def day(value: Any) -> str:
    """dd/mm/yyyy in Vietnam time ('?' when missing); ``value`` is a datetime or ISO text."""
    moment = _moment(value)
    return moment.strftime("%d/%m/%Y") if moment else "?"


def day_time(value: Any) -> str:
    moment = _moment(value)
    return moment.strftime("%d/%m/%Y %H:%M") if moment else "?"


def status_label(texts: Texts, lang: str, status: int | None, portal_label: str) -> str:
    """The citizen wording of a status as plain text (the portal's own label for an unknown
    one); it is escaped when put into a template."""
    if status is None:
        return str(texts.get(lang, "track_mine_unknown"))
    value = from_code(status) if status else DossierStatus.UNKNOWN
    if value is DossierStatus.UNKNOWN and portal_label:
        return portal_label
    return str(texts.get(lang, value.text_key))


def render_notice(payload: NoticePayload, lang: str, texts: Texts, *, hotline: str) -> Html:
    """The message text of one notification."""
    match payload:
        case StatusChange():
            text = _render_change(payload, lang, texts)
        case Overdue():
            date = day(payload.appointment)
            text = texts.get(
                lang, "track_overdue", code=payload.code, date=date, hotline=hotline
            ) + _lookup(payload.lookup_url, lang, texts)
        case ResultReady():
            since = day(payload.ready_since)
            text = texts.get(lang, "track_ready_reminder", code=payload.code, date=since) + _lookup(
                payload.lookup_url, lang, texts
            )
        case Ended():
            lost = payload.reason is EndReason.LOST
            key = "track_ended_lost" if lost else "track_ended_closed"
            text = texts.get(lang, key, code=payload.code, date=day(payload.closed_at))
        case _:
            assert_never(payload)
    return text[:MAX_TEXT]


def _lookup(url: str, lang: str, texts: Texts) -> Html:
    return "\n\n" + texts.get(lang, "track_lookup", url=url) if url else Html()


def _render_change(change: StatusChange, lang: str, texts: Texts) -> Html:
    status = change.status
    label = status_label(texts, lang, int(status), change.label)
    out = [
        texts.get(lang, "track_change_title", code=change.code),
        texts.get(lang, "track_change_status", label=label),
    ]
    if change.label and change.label != label:
        out.append(texts.get(lang, "track_change_portal_label", label=change.label))
    if change.changed_at:
        out.append(texts.get(lang, "track_change_at", at=day_time(change.changed_at)))
    if change.appointment and not has_result(status):
        out.append(texts.get(lang, "track_change_appointment", date=day(change.appointment)))
    if needs_reason(status):
        out.append(
            texts.get(lang, "track_change_reason", reason=change.reason)
            if change.reason
            else texts.get(lang, "status_reason_missing")
        )
    text = lines(out) + "\n\n" + texts.get(lang, status.next_step_key)
    text += _lookup(change.lookup_url, lang, texts)
    return text + "\n\n" + texts.get(lang, "track_footer")
