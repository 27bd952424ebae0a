"""Render following a dossier, /mine and /unfollow (bot/dossiers/results.py) as HTML.

Pure: (result, language, texts) → :class:`bot.texts.markup.Html`; values are escaped once,
by `Texts.get`, when they are put into a template.
"""

from __future__ import annotations

from bot.dossiers.results import Followed, FollowReply, MyDossiers, Unfollowed
from bot.render.status_reply import PARAGRAPH, render_lookup_problem
from bot.texts import Lang, Texts
from bot.texts.markup import Html
from bot.tracking.notify import day, day_time, status_label
from bot.tracking.subscriptions import FollowStatus

NEWLINE = Html("\n")


def render_followed(result: Followed, lang: Lang, texts: Texts) -> Html:
    if result.status is FollowStatus.LIMIT:
        return texts.get(lang, "track_limit", limit=result.limit)
    if result.status is FollowStatus.ALREADY:
        return texts.get(lang, "track_already", code=result.code)
    if result.status is FollowStatus.CLOSED and result.dossier is not None:
        dossier = result.dossier
        label = status_label(texts, lang, int(dossier.status), dossier.status_label)
        return texts.get(lang, "track_closed", code=result.code, label=label)
    followed = texts.get(
        lang, "track_followed", code=result.code, count=result.count, limit=result.limit
    )
    if result.dossier is None:  # the portal was down: the poller sets the baseline
        return PARAGRAPH.join([followed, texts.get(lang, "track_followed_unknown")])
    return followed


def render_follow(result: FollowReply, lang: Lang, texts: Texts) -> Html:
    """The reply to /follow or 🔔."""
    if isinstance(result, Followed):
        return render_followed(result, lang, texts)
    return render_lookup_problem(result, lang, texts)


def render_mine(mine: MyDossiers, lang: Lang, texts: Texts) -> Html:
    """/mine: each followed dossier with its last known status."""
    if not mine.items:
        return texts.get(lang, "track_mine_empty")
    lines = [texts.get(lang, "track_mine_title", count=len(mine.items), limit=mine.limit)]
    for item in mine.items:
        label = status_label(texts, lang, item.last_status, item.last_status_label)
        lines.append(texts.get(lang, "track_mine_item", code=item.code, label=label))
        if item.last_changed_at is not None:
            lines.append(texts.get(lang, "track_mine_since", at=day_time(item.last_changed_at)))
        if item.closed_at is not None:
            ends = (item.closed_at + mine.end_after).isoformat()
            lines.append(texts.get(lang, "track_mine_closed", date=day(ends)))
        elif item.appointment_at is not None:
            when = day(item.appointment_at.isoformat())
            lines.append(texts.get(lang, "track_mine_appointment", date=when))
    lines.append(Html(""))
    lines.append(texts.get(lang, "track_mine_footer"))
    return NEWLINE.join(lines)


def render_unfollowed(result: Unfollowed, lang: Lang, texts: Texts) -> Html:
    key = "track_unfollow_done" if result.code else "track_unfollow_missing"
    return texts.get(lang, key, code=result.code or "")
