"""Render a life-event card as Telegram HTML: title, intro, then the numbered procedures.

Every value (event texts, procedure titles, codes, notes) is HTML-escaped here; the
templates in bot/texts/life_events.py carry the only tags. Pure function of (event, the
steps the catalog has, language, texts).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from bot.life_events import EventStep
from bot.render.procedure import title
from bot.texts import Lang, Texts
from procedures_catalog.life_events import BiText, LifeEvent


def _e(value: object) -> str:
    return escape(str(value), quote=False)


def _pick(text: BiText, lang: Lang) -> str:
    return text.en if lang == "en" else text.vi


def render_life_event(
    event: LifeEvent, steps: Sequence[EventStep], lang: Lang, texts: Texts
) -> str:
    """The card; `steps` are the event's steps whose procedure is in the catalog."""
    t = texts.get
    lines = [
        t(lang, "life_event_title", title=_e(_pick(event.title, lang))),
        _e(_pick(event.intro, lang)),
        "",
        t(lang, "life_event_steps"),
    ]
    for shown in steps:
        lines.append(
            t(
                lang,
                "life_event_step",
                n=shown.number,
                title=_e(title(shown.procedure, lang)),
                code=_e(shown.procedure.code),
                note=_e(_pick(shown.step.note, lang)),
            )
        )
    lines += ["", t(lang, "life_event_hint")]
    return "\n".join(lines)


def step_button_label(shown: EventStep, lang: Lang, texts: Texts) -> str:
    """The plain text of a step's button (buttons are not HTML)."""
    return texts.get(lang, "life_event_button", n=shown.number, title=title(shown.procedure, lang))
