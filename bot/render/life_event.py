"""Render a life-event card as Telegram HTML: title, intro, then the numbered procedures.

Every value (event texts, procedure titles, codes, notes) is escaped when it is put into a
template (``Texts.get`` returns markupsafe HTML); the templates in bot/texts/life_events.py
carry the only tags. Pure function of (event, the
steps the catalog has, language, texts).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.life_events import EventStep
from bot.render.localized import pick, title
from bot.texts import Lang, Texts
from bot.texts.markup import Html, lines
from procedures_catalog.life_events import LifeEvent


def render_life_event(
    event: LifeEvent, steps: Sequence[EventStep], lang: Lang, texts: Texts
) -> Html:
    """The card; `steps` are the event's steps whose procedure is in the catalog."""
    t = texts.get
    out: list[str] = [
        t(lang, "life_event_title", title=pick(event.title, lang)),
        pick(event.intro, lang),
        "",
        t(lang, "life_event_steps"),
    ]
    for shown in steps:
        out.append(
            t(
                lang,
                "life_event_step",
                n=shown.number,
                title=title(shown.procedure, lang),
                code=shown.procedure.code,
                note=pick(shown.step.note, lang),
            )
        )
    out += ["", t(lang, "life_event_hint")]
    return lines(out)


def step_button_label(shown: EventStep, lang: Lang, texts: Texts) -> str:
    """The plain text of a step's button (buttons are not HTML)."""
    label = texts.get(lang, "life_event_button", n=shown.number, title=title(shown.procedure, lang))
    return label.unescape()
