"""Render the document checklist: what the user has ticked and what is still missing."""

from __future__ import annotations

from html import escape

from bot.render.procedure import title
from bot.texts import Lang, Texts
from procedures_catalog.schema import Procedure


def missing_documents(procedure: Procedure, ticked: set[int]) -> list[str]:
    return [doc.name for i, doc in enumerate(procedure.documents) if i not in ticked]


def render_checklist(procedure: Procedure, ticked: set[int], lang: Lang, texts: Texts) -> str:
    lines = [texts.get(lang, "checklist_title", title=escape(title(procedure, lang), quote=False))]
    if not procedure.documents:
        return "\n".join([*lines, "", texts.get(lang, "checklist_empty")])
    missing = missing_documents(procedure, ticked)
    lines.append("")
    if missing:
        lines.append(texts.get(lang, "checklist_missing", count=len(missing)))
        lines += [f"• {escape(name, quote=False)}" for name in missing]
    else:
        lines.append(texts.get(lang, "checklist_done", count=len(procedure.documents)))
    return "\n".join(lines)
