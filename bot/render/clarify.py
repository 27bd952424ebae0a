"""Render a plain-word clarifying question as Telegram HTML, and its button labels.

The question comes from the catalog's data (staff write it), so it is escaped when it is put
into its template (``Texts.get`` returns markupsafe HTML); the templates in
bot/texts/clarify.py carry the only tags. Button texts are plain text (Telegram does not
parse them), so labels are returned as written. Pure functions.
"""

from __future__ import annotations

from bot.clarify import ClarifyQuestion, ShownOption
from bot.render.localized import pick
from bot.texts import Lang, Texts
from bot.texts.markup import Html, lines


def render_clarify_question(question: ClarifyQuestion, lang: Lang, texts: Texts) -> Html:
    """The message above the answer buttons."""
    out = [
        texts.get(lang, "clarify_question", question=pick(question.attribute.question, lang)),
        texts.get(lang, "clarify_question_hint"),
    ]
    if question.others:
        out.append(texts.get(lang, "clarify_question_others"))
    return lines(out)


def option_label(shown: ShownOption, lang: Lang) -> str:
    """The plain text of an answer's button."""
    return pick(shown.option.label, lang)
