"""Import and export: upload a file, read the problems with their places or the diff,
confirm; download the catalog as YAML (ZIP), CSV or XLSX.

Editors import (``require(Role.EDITOR)`` on both POSTs); every role may export. The
review page carries the checked import back in its confirmation form, signed by the
server (`bot.catalog_admin.pending`), so whichever instance receives the confirmation can
accept it; the token is split over several hidden fields because each form field is
limited to 1 MB by the form parser.
"""

from __future__ import annotations

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot.catalog_admin import ImportCheck, ImportMode, Upload
from bot.console import web
from bot.db.catalog_store import UnknownVersionError
from bot.roles import Role
from bot.texts.markup import Html
from procedures_catalog.loader import FORMATS
from procedures_catalog.portal.select import LEVEL_WORDS, Selection
from procedures_catalog.problems import MAX_FILE_BYTES, CatalogError

TOKEN_FIELD = "token"
TOKEN_CHUNK = 256 * 1024
#: Problems and diff entries shown on the page (the rest are counted).
SHOWN_PROBLEMS = 200
SHOWN_PROCEDURES = 100
SHOWN_FIELDS = 40
MAX_NOTE = 500
#: The portal filters checked at first: what the bundled official entries were built with
#: (`catalog import-portal --levels xa,tinh --citizens`).
DEFAULT_LEVELS = ("xa", "tinh")


def _page(
    request: Request, *, flash: Html | None = None, kind: str = "ok", status_code: int = 200
) -> Response:
    return web.render(
        request,
        "import_upload.html",
        status_code=status_code,
        flash=flash,
        flash_kind=kind,
        modes=list(ImportMode),
        formats=FORMATS,
        levels=LEVEL_WORDS,
        default_levels=DEFAULT_LEVELS,
    )


async def upload_page(request: Request) -> Response:
    staff = await web.require(request, Role.VIEWER)
    texts = web.services_of(request).texts
    flash = None
    version = request.query_params.get("imported", "")
    if version.isdigit():
        count = request.query_params.get("count", "")
        flash = texts.get(staff.lang, "con_imp_done", version=version, count=count)
    elif request.query_params.get("unchanged", "").isdigit():
        flash = texts.get(
            staff.lang, "con_imp_unchanged", version=request.query_params["unchanged"]
        )
    return _page(request, flash=flash)


def review(request: Request, check: ImportCheck, *, status_code: int = 200) -> Response:
    token = check.token
    return web.render(
        request,
        "import_review.html",
        status_code=status_code,
        check=check,
        token_parts=[token[i : i + TOKEN_CHUNK] for i in range(0, len(token), TOKEN_CHUNK)],
        token_field=TOKEN_FIELD,
        shown_problems=SHOWN_PROBLEMS,
        shown_procedures=SHOWN_PROCEDURES,
        shown_fields=SHOWN_FIELDS,
    )


async def check_upload(request: Request) -> Response:
    staff = await web.require(request, Role.EDITOR)
    texts = web.services_of(request).texts
    form = await request.form()
    upload = form.get("file")
    mode_name = form.get("mode")
    mode = ImportMode.REPLACE if mode_name == ImportMode.REPLACE.value else ImportMode.MERGE
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _page(
            request, flash=texts.get(staff.lang, "con_imp_no_file"), kind="error", status_code=400
        )
    data = await upload.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        return _page(
            request,
            flash=texts.get(staff.lang, "con_imp_too_large"),
            kind="error",
            status_code=413,
        )
    levels = frozenset(
        LEVEL_WORDS[word] for word in form.getlist("portal_level") if word in LEVEL_WORDS
    )
    selection = Selection(levels, form.get("portal_citizens") == "on")
    check = await web.services_of(request).catalog_admin.check_upload(
        Upload(upload.filename, data), mode=mode, actor=staff.actor, selection=selection
    )
    return review(request, check, status_code=200 if check.ok else 422)


async def confirm(request: Request) -> Response:
    staff = await web.require(request, Role.EDITOR)
    form = await request.form()
    token = "".join(part for part in form.getlist(TOKEN_FIELD) if isinstance(part, str))
    note = form.get("note")
    note_text = note.strip()[:MAX_NOTE] if isinstance(note, str) else ""
    outcome = await web.services_of(request).catalog_admin.confirm_import(
        token, actor=staff.actor, note=note_text
    )
    if outcome.review is not None:
        return review(request, outcome.review, status_code=409)
    if outcome.result is None:
        texts = web.services_of(request).texts
        message = texts.get(staff.lang, "con_imp_error", error=outcome.error)
        return _page(request, flash=message, kind="error", status_code=400)
    version = outcome.result.version
    if not outcome.result.changed:
        return web.redirect(request, f"/import?unchanged={version.id}")
    return web.redirect(request, f"/import?imported={version.id}&count={version.procedure_count}")


async def export(request: Request) -> Response:
    await web.require(request, Role.VIEWER)
    fmt = request.path_params["fmt"]
    raw = request.query_params.get("version", "")
    if fmt not in FORMATS or (raw and not raw.isdigit()) or len(raw) > 9:
        raise HTTPException(404)
    try:
        exported = await web.services_of(request).catalog_admin.export(
            fmt, int(raw) if raw else None
        )
    except UnknownVersionError:
        raise HTTPException(404) from None
    except CatalogError as exc:
        raise HTTPException(500, str(exc)) from None
    return Response(
        exported.data,
        media_type=exported.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{exported.filename}"',
            "Cache-Control": "no-store",
        },
    )


def routes() -> list[BaseRoute]:
    return [
        Route("/import", upload_page, methods=["GET"]),
        Route("/import", check_upload, methods=["POST"]),
        Route("/import/confirm", confirm, methods=["POST"]),
        Route("/export/{fmt}", export, methods=["GET"]),
    ]
