"""Procedures: the filtered list, one procedure's edit form with inline validation, the
live preview of its card (vi and en, the bot's renderer) and saving as a catalog version.

Everyone signed in reads; editors save (``require(Role.EDITOR)`` on every POST that writes,
so a forged POST from a viewer is refused). The preview changes nothing and is open to every
role. Without JavaScript the Preview button posts the form and gets the whole page back;
with it, ``static/procedure_edit.js`` posts the form with ``X-Preview: fragment`` and swaps
in the returned preview and field messages.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot.catalog_admin import (
    FIELDS,
    REVIEW_AGES,
    CatalogAdmin,
    EditCheck,
    Input,
    ProcedureQuery,
    SaveResult,
    blank_form,
    fingerprint,
    procedure_form,
)
from bot.console import web
from bot.roles import Role, StaffIdentity
from bot.texts.markup import Html
from procedures_catalog.schema import EntryKind, Procedure

#: The form's sections: (title key, field names).
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "con_p_section_main",
        (
            "code",
            "kind",
            "title_vi",
            "title_en",
            "summary_vi",
            "summary_en",
            "field",
            "level",
            "agency",
            "applicants",
            "life_event",
        ),
    ),
    (
        "con_p_section_how",
        ("channels", "documents", "steps", "conditions", "results", "legal_basis", "decision"),
    ),
    ("con_p_section_online", ("online_available", "online_level", "online_url", "online_note")),
    ("con_p_section_search", ("aliases", "keywords", "related", "detail_url")),
    ("con_p_section_review", ("last_reviewed", "source", "unverified", "unverified_en")),
)
_BY_NAME = {f.name: f for f in FIELDS}
MAX_NOTE = 500
FRAGMENT_HEADER = "x-preview"


def admin_of(request: Request) -> CatalogAdmin:
    return web.services_of(request).catalog_admin


def edit_path(code: str) -> str:
    return "/procedures/" + quote(code, safe="")


async def list_page(request: Request) -> Response:
    await web.require(request, Role.VIEWER)
    query = ProcedureQuery.from_params(request.query_params)
    page = await admin_of(request).procedures(query)

    def page_link(number: int) -> str:
        params = page.query.params(page=number)
        return web.href(request, "/procedures") + ("?" + urlencode(params) if params else "")

    return web.render(
        request,
        "procedures_list.html",
        page=page,
        kinds=list(EntryKind),
        ages=REVIEW_AGES,
        page_link=page_link,
        edit_path=edit_path,
    )


def _values(form: FormData) -> dict[str, str]:
    values = {}
    for f in FIELDS:
        value = form.get(f.name)
        values[f.name] = value if isinstance(value, str) else ""
    return values


def _text(form: FormData, name: str, limit: int = 200) -> str:
    value = form.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


def _edit_page(
    request: Request,
    *,
    code: str | None,
    values: dict[str, str],
    check: EditCheck,
    original: str,
    note: str = "",
    flash: Html | None = None,
    flash_kind: str = "ok",
    status_code: int = 200,
) -> Response:
    return web.render(
        request,
        "procedure_edit.html",
        status_code=status_code,
        code=code,
        values=values,
        sections=[(key, [_BY_NAME[name] for name in names]) for key, names in SECTIONS],
        Input=Input,
        check=check,
        original=original,
        note=note,
        flash=flash,
        flash_kind=flash_kind,
        action=edit_path(code) if code else "/procedures/new",
        kinds=list(EntryKind),
    )


async def _procedure(request: Request, code: str) -> Procedure:
    procedure = await admin_of(request).procedure(code)
    if procedure is None:
        raise HTTPException(404)
    return procedure


async def edit_page(request: Request) -> Response:
    staff = await web.require(request, Role.VIEWER)
    code = request.path_params["code"]
    procedure = await _procedure(request, code)
    admin = admin_of(request)
    check = EditCheck(procedure, [], admin.preview(procedure))
    flash = None
    saved = request.query_params.get("saved", "")
    if saved.isdigit():
        key = "con_p_saved" if request.query_params.get("changed") == "1" else "con_p_unchanged"
        flash = web.services_of(request).texts.get(staff.lang, key, version=saved)
    return _edit_page(
        request,
        code=code,
        values=procedure_form(procedure),
        check=check,
        original=fingerprint(procedure),
        flash=flash,
    )


async def new_page(request: Request) -> Response:
    await web.require(request, Role.EDITOR)
    today = admin_of(request).today().isoformat()
    return _edit_page(
        request, code=None, values=blank_form(today), check=EditCheck(None, [], []), original=""
    )


async def preview(request: Request) -> Response:
    """The form checked and its card rendered: a fragment for the script, or the page."""
    await web.require(request, Role.VIEWER)
    form = await request.form()
    values = _values(form)
    code = _text(form, "target") or None
    check = await admin_of(request).check(values, code=code)
    if request.headers.get(FRAGMENT_HEADER) == "fragment":
        return web.render(request, "procedure_preview.html", check=check)
    return _edit_page(
        request,
        code=code,
        values=values,
        check=check,
        original=_text(form, "original"),
        note=_text(form, "note", MAX_NOTE),
    )


def _refusal(staff: StaffIdentity, request: Request, result: SaveResult) -> tuple[Html, int]:
    texts = web.services_of(request).texts
    if result.conflict:
        return texts.get(staff.lang, f"con_p_conflict_{result.conflict}"), 409
    return texts.get(staff.lang, "con_p_problems", count=len(result.problems)), 400


async def _save(request: Request, code: str | None) -> Response:
    staff = await web.require(request, Role.EDITOR)
    form = await request.form()
    values = _values(form)
    original = _text(form, "original")
    note = _text(form, "note", MAX_NOTE)
    result = await admin_of(request).save(
        values, code=code, original=original, author=staff.actor, note=note
    )
    if result.ok and result.procedure is not None and result.version is not None:
        changed = "1" if result.changed else "0"
        target = edit_path(result.procedure.code)
        return web.redirect(request, f"{target}?saved={result.version.id}&changed={changed}")
    message, status = _refusal(staff, request, result)
    check = EditCheck(None, result.problems, [])
    if not result.problems:  # a conflict: the form as sent, with its preview
        check = await admin_of(request).check(values, code=code)
    return _edit_page(
        request,
        code=code,
        values=values,
        check=check,
        original=original,
        note=note,
        flash=message,
        flash_kind="error",
        status_code=status,
    )


async def save_existing(request: Request) -> Response:
    return await _save(request, request.path_params["code"])


async def save_new(request: Request) -> Response:
    return await _save(request, None)


def routes() -> list[BaseRoute]:
    return [
        Route("/procedures", list_page, methods=["GET"]),
        Route("/procedures/new", new_page, methods=["GET"]),
        Route("/procedures/new", save_new, methods=["POST"]),
        Route("/procedures/preview", preview, methods=["POST"]),
        Route("/procedures/{code}", edit_page, methods=["GET"]),
        Route("/procedures/{code}", save_existing, methods=["POST"]),
    ]
