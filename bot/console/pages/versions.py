"""Catalog versions: the history, the diff between any two versions, rollback (admins).

Everyone signed in reads the history and diffs; rolling back needs the admin role
(``require(Role.ADMIN)``, checked on the server for the POST) and creates a new version
restored from the chosen one, audited with the admin as actor and source "web".
"""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot.calendar import VN_TZ
from bot.console import web
from bot.db.catalog_store import UnknownVersionError
from bot.roles import Role
from procedures_catalog.loader import FORMATS

SHOWN_VERSIONS = 200
SHOWN_PROCEDURES = 200
SHOWN_FIELDS = 60
MAX_NOTE = 500


def vn_time(moment: datetime) -> str:
    """A stored (UTC) time as Vietnam time, dd/mm/yyyy hh:mm."""
    return moment.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M")


def _version_param(request: Request, name: str) -> int | None:
    raw = request.query_params.get(name, "")
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


async def history(request: Request) -> Response:
    staff = await web.require(request, Role.VIEWER)
    texts = web.services_of(request).texts
    versions = await web.services_of(request).catalog_admin.history(SHOWN_VERSIONS)
    flash = None
    restored, target = _version_param(request, "restored"), _version_param(request, "target")
    if restored is not None and target is not None:
        key = (
            "con_v_rollback_done"
            if request.query_params.get("changed") == "1"
            else ("con_v_rollback_unchanged")
        )
        flash = texts.get(staff.lang, key, version=restored, target=target)
    previous = {newer.id: older.id for newer, older in pairwise(versions)}
    return web.render(
        request,
        "versions.html",
        versions=versions,
        previous=previous,
        flash=flash,
        vn_time=vn_time,
        formats=FORMATS,
    )


async def diff(request: Request) -> Response:
    staff = await web.require(request, Role.VIEWER)
    old, new = _version_param(request, "old"), _version_param(request, "new")
    texts = web.services_of(request).texts
    admin = web.services_of(request).catalog_admin
    if not (request.query_params.get("old") or request.query_params.get("new")):
        newest = await admin.history(2)  # no choice made: the latest change
        if len(newest) < 2:
            return web.refuse(request, "con_v_title", texts.get(staff.lang, "con_v_bad_pair"), 200)
        old, new = newest[1].id, newest[0].id
    if old is None or new is None:
        message = texts.get(staff.lang, "con_v_bad_pair")
        return web.refuse(request, "con_v_title", message, 400)
    try:
        result = await admin.diff_versions(old, new)
    except UnknownVersionError:
        known = {v.id for v in await admin.history(None)}
        missing = old if old not in known else new
        message = texts.get(staff.lang, "con_v_unknown", version=missing)
        return web.refuse(request, "con_not_found_title", message, 404)
    return web.render(
        request,
        "versions_diff.html",
        result=result,
        diff=result.diff,
        vn_time=vn_time,
        shown_procedures=SHOWN_PROCEDURES,
        shown_fields=SHOWN_FIELDS,
    )


async def rollback(request: Request) -> Response:
    staff = await web.require(request, Role.ADMIN)
    raw = request.path_params["version"]
    if not raw.isdigit() or len(raw) > 9:
        raise HTTPException(404)
    form = await request.form()
    note = form.get("note")
    note_text = note.strip()[:MAX_NOTE] if isinstance(note, str) else ""
    try:
        result = await web.services_of(request).catalog_admin.rollback(
            int(raw), author=staff.actor, note=note_text
        )
    except UnknownVersionError:
        raise HTTPException(404) from None
    changed = "1" if result.changed else "0"
    return web.redirect(
        request, f"/versions?restored={result.version.id}&target={int(raw)}&changed={changed}"
    )


def routes() -> list[BaseRoute]:
    return [
        Route("/versions", history, methods=["GET"]),
        Route("/versions/diff", diff, methods=["GET"]),
        Route("/versions/{version}/rollback", rollback, methods=["POST"]),
    ]
