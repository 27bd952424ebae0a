"""Render the document checklist: what the user has ticked and what is still missing.

Returns :class:`~bot.texts.markup.Html`; titles and document names are escaped when they are
put into a template, never by hand.
"""

from __future__ import annotations

from bot.render.localized import title
from bot.texts import Lang, Texts
from bot.texts.markup import Html, lines
from procedures_catalog.schema import Procedure


def missing_documents(procedure: Procedure, ticked: set[int]) -> list[str]:
    return [doc.name for i, doc in enumerate(procedure.documents) if i not in ticked]


def render_checklist(procedure: Procedure, ticked: set[int], lang: Lang, texts: Texts) -> Html:
    out: list[str] = [texts.get(lang, "checklist_title", title=title(procedure, lang))]
    if not procedure.documents:
        return lines([*out, "", texts.get(lang, "checklist_empty")])
    missing = missing_documents(procedure, ticked)
    out.append("")
    if missing:
        out.append(texts.get(lang, "checklist_missing", count=len(missing)))
        out += [Html("• {}").format(name) for name in missing]
    else:
        out.append(texts.get(lang, "checklist_done", count=len(procedure.documents)))
    return lines(out)
