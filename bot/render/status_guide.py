"""The reply to a question about one's own dossier asked without its code.

"hồ sơ ốm đau em nộp tuần trước giờ sao rồi?": where to find the dossier code, the official
lookup page, and — when the question names a procedure — its usual processing time per
channel from the catalog and what to do when the appointment date has passed. Pure:
(procedure, language, texts, lookup URL, hotline) → :class:`~bot.texts.markup.Html`; every
value is escaped when it is put into a template, never by hand; the templates
(bot/texts/status.py, bot/texts/card.py) carry the only tags.
"""

from __future__ import annotations

from bot.render.localized import title
from bot.texts import Lang, Texts
from bot.texts.markup import Html, lines
from procedures_catalog.schema import Channel, Procedure, TimeUnit


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def channel_time(channel: Channel, lang: Lang, texts: Texts) -> Html | None:
    """The time of one channel ("15 ngày làm việc (note)"); None when the catalog says
    nothing about it (no time and no note)."""
    note = Html(" ({})").format(channel.time_note) if channel.time_note else ""
    if channel.time_value is None or channel.time_unit is TimeUnit.UNKNOWN:
        return texts.get(lang, "time_unknown") + note if note else None
    one = "_one" if channel.time_value == 1 else ""
    key = f"time_{channel.time_unit.value}{one}"
    return texts.get(lang, key, value=_number(channel.time_value)) + note


def time_lines(procedure: Procedure, lang: Lang, texts: Texts) -> list[Html]:
    """The usual processing time of each channel the catalog gives a time for."""
    out = [texts.get(lang, "status_guide_procedure", title=title(procedure, lang))]
    for channel in procedure.channels:
        time = channel_time(channel, lang, texts)
        if time is not None:
            name = texts.get(lang, f"channel_{channel.kind.value}")
            out.append(texts.get(lang, "status_guide_time_line", channel=name, time=time))
    if len(out) == 1:
        out.append(texts.get(lang, "status_guide_no_time"))
    return out


def render_status_guide(
    procedure: Procedure | None, lang: Lang, texts: Texts, *, lookup_url: str, hotline: str
) -> Html:
    """Where to find the code, the official lookup, the procedure's usual time, if late."""
    t = texts.get
    out: list[str] = [
        t(lang, "status_guide_title"),
        "",
        t(lang, "status_guide_code"),
        "",
        t(lang, "status_guide_enter"),
        t(lang, "status_guide_lookup", url=lookup_url),
    ]
    if procedure is not None:
        out += ["", *time_lines(procedure, lang, texts)]
    out += ["", t(lang, "status_guide_late", hotline=hotline)]
    return lines(out)
