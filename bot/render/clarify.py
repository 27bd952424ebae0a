"""Render a plain-word clarifying question as Telegram HTML, and its button labels.

The question comes from the catalog's data (staff write it), so it is HTML-escaped here;
the templates in bot/texts/clarify.py carry the only tags. Button texts are plain text
(Telegram does not parse them), so labels are returned as written. Pure functions.
"""

from __future__ import annotations

from html import escape

from bot.clarify import ClarifyQuestion, ShownOption
from bot.texts import Lang, Texts


def render_clarify_question(question: ClarifyQuestion, lang: Lang, texts: Texts) -> str:
    """The message above the answer buttons."""
    asked = question.attribute.question
    lines = [
        texts.get(
            lang,
            "clarify_question",
            question=escape(asked.en if lang == "en" else asked.vi, quote=False),
        ),
        texts.get(lang, "clarify_question_hint"),
    ]
    if question.others:
        lines.append(texts.get(lang, "clarify_question_others"))
    return "\n".join(lines)


def option_label(shown: ShownOption, lang: Lang) -> str:
    """The plain text of an answer's button."""
    label = shown.option.label
    return label.en if lang == "en" else label.vi
