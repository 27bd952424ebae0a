"""The audit page (``GET /audit``): who changed what, when, from where, with the change.

Readable by every role. Filters come from a GET form (actor, action, source, from/to dates);
a bad filter clears them all with a message. Pages are keyset pages: ``?before=<id>`` shows
the rows older than that id. Labels of actions, sources and detail keys are looked up in the
texts (``con_audit_action_<action>``, ``con_audit_source_<source>``, ``con_audit_key_<key>``)
and fall back to the stored name, so a new action needs no change here.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot.audit import SOURCES, AuditQuery, AuditQueryError
from bot.console.pages.dashboard import vn_time
from bot.console.web import render, request_lang, require, services_of
from bot.roles import Role
from bot.texts import Lang, Texts

_FILTERS = ("actor", "action", "source", "first", "last")


def labeller(texts: Texts, lang: Lang, prefix: str) -> Callable[[str], str]:
    """``label(name)``: the text ``<prefix><name>`` when there is one, else the name."""
    known = texts.keys(lang)

    def label(name: str) -> str:
        key = prefix + name
        return str(texts.get(lang, key)) if key in known else name

    return label


def _before(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 19 else None


async def audit(request: Request) -> Response:
    await require(request, Role.VIEWER)
    services = services_of(request)
    texts, lang = services.texts, request_lang(request)
    params = {name: request.query_params.get(name, "") for name in _FILTERS}
    error = None
    try:
        query = AuditQuery.parse(params)
    except AuditQueryError as exc:
        error = texts.get(lang, exc.key)
        query = AuditQuery()
        params = dict.fromkeys(_FILTERS, "")
    page = await services.audit.search(query, before=_before(request.query_params.get("before")))
    actors, actions = await services.audit.choices()
    kept = {name: value for name, value in params.items() if value}
    older = None
    if page.older is not None:
        older = "?" + urlencode({**kept, "before": page.older})
    return render(
        request,
        "audit.html",
        entries=page.entries,
        filters=params,
        filtered=bool(kept),
        newest="?" + urlencode(kept) if request.query_params.get("before") else None,
        older=older,
        actors=actors,
        actions=actions,
        sources=SOURCES,
        error=error,
        action_label=labeller(texts, lang, "con_audit_action_"),
        source_label=labeller(texts, lang, "con_audit_source_"),
        key_label=labeller(texts, lang, "con_audit_key_"),
        vn_time=vn_time,
    )


def routes() -> list[BaseRoute]:
    return [Route("/audit", audit, methods=["GET"], name="audit")]
