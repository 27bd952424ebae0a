"""Render the honest "I don't have this procedure" reply and the contacts for human help.

Pure functions of (values, language, texts) → `Html` (a markupsafe ``Markup``). The field
name (from the catalog) and the hotline (from the settings) are passed to the templates of
bot/texts/chat.py as plain text and escaped there, once, by `Texts.get`; the templates carry
the only tags.
"""

from __future__ import annotations

from bot.texts import Lang, Texts
from bot.texts.markup import Html, lines


def render_contacts(hotline: str, lang: Lang, texts: Texts) -> Html:
    """Where a person can help: the portal's hotline and the commune's one-stop desk."""
    return texts.get(lang, "contacts", hotline=hotline)


def render_not_found(field: str | None, hotline: str, lang: Lang, texts: Texts) -> Html:
    """Say plainly that the bot does not have the procedure: the field the question most
    likely belongs to (when known), the portal's search page, a hint, and the contacts."""
    out = [texts.get(lang, "not_found")]
    if field:
        out.append(texts.get(lang, "not_found_field", field=field))
    out += [
        texts.get(lang, "not_found_portal"),
        texts.get(lang, "not_found_rephrase"),
        Html(),
        render_contacts(hotline, lang, texts),
    ]
    return lines(out)
