"""Render what a dossier look-up answered (bot/dossiers/results.py) as Telegram HTML.

Pure: (result, language, texts) → :class:`bot.texts.markup.Html`. Every value put into a
template is escaped once by `Texts.get` (an escaped value is not escaped again), so a code
typed with ``<b>`` in it reaches the user as text. The status card itself is
:func:`bot.render.dossier.render_dossier`.
"""

from __future__ import annotations

from datetime import date

from bot.calendar import WorkCalendar
from bot.dossiers.results import (
    LookupFailed,
    LookupResult,
    MalformedCode,
    NotACode,
    OwnerAsk,
    OwnerIdNeeded,
    StatusFound,
)
from bot.render.dossier import render_dossier
from bot.texts import Lang, Texts
from bot.texts.markup import Html

PARAGRAPH = Html("\n\n")


def render_owner_request(result: OwnerIdNeeded, lang: Lang, texts: Texts) -> Html:
    """Ask for the owner's ID number (for a look-up or for following), with the reason."""
    ask = texts.get(lang, "track_ask_owner_id" if result.follow else "status_ask_owner_id")
    if result.why is OwnerAsk.FIRST:
        return ask
    reason = "status_err_owner_mismatch" if result.why is OwnerAsk.MISMATCH else None
    return PARAGRAPH.join([texts.get(lang, reason or "status_err_owner_required"), ask])


def render_failure(result: LookupFailed, lang: Lang, texts: Texts) -> Html:
    """Why the portal gave no dossier, and where to check by hand."""
    reason = texts.get(lang, result.failure.text_key)
    if result.lookup_url is None:
        return reason
    link = texts.get(lang, "status_official_lookup", url=result.lookup_url)
    return PARAGRAPH.join([reason, link])


def render_lookup(
    result: LookupResult, lang: Lang, texts: Texts, *, today: date, calendar: WorkCalendar
) -> Html:
    """The reply to a look-up: the status card, or what went wrong and what to do."""
    if isinstance(result, StatusFound):
        card = render_dossier(
            result.dossier,
            today=today,
            calendar=calendar,
            lang=lang,
            texts=texts,
            lookup_url=result.lookup_url,
        )
        return Html(card)
    return render_lookup_problem(result, lang, texts)


def render_lookup_problem(
    result: NotACode | MalformedCode | OwnerIdNeeded | LookupFailed, lang: Lang, texts: Texts
) -> Html:
    """A look-up (or a follow) that gave no dossier: a bad code, the owner's ID number
    needed, or the portal's failure."""
    if isinstance(result, NotACode):
        return texts.get(lang, "status_err_invalid_code")
    if isinstance(result, MalformedCode):
        return texts.get(lang, result.problem.text_key, **result.problem.params())
    if isinstance(result, OwnerIdNeeded):
        return render_owner_request(result, lang, texts)
    return render_failure(result, lang, texts)
