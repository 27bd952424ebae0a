"""The staff list: everyone signed in sees it; admins add, change and remove staff.

Changes go through `StaffService` (as ``run_bot.py staff`` does) with source "web" and
the signed-in admin as the actor, so they are in the audit like any other.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot.console import web
from bot.roles import ROLE_NAMES, Role, StaffIdentity
from bot.staff import Source, StaffError
from bot.texts.markup import Html

FLASHES = ("added", "removed", "not_member")


async def _page(
    request: Request,
    *,
    flash: Html | None = None,
    flash_kind: str = "ok",
    status_code: int = 200,
    form_user: str = "",
    form_role: str = Role.VIEWER.label,
) -> Response:
    entries = await web.services_of(request).staff.list()
    return web.render(
        request,
        "staff.html",
        status_code=status_code,
        entries=entries,
        roles=list(Role),
        flash=flash,
        flash_kind=flash_kind,
        form_user=form_user,
        form_role=form_role,
    )


async def staff_page(request: Request) -> Response:
    staff = await web.require(request, Role.VIEWER)
    done = request.query_params.get("done", "")
    flash = None
    if done in FLASHES:
        texts = web.services_of(request).texts
        role = request.query_params.get("role", "")
        role_label = texts.get(staff.lang, f"con_role_{role}") if role in ROLE_NAMES else Html("")
        flash = texts.get(
            staff.lang,
            f"con_staff_{done}",
            user=request.query_params.get("user", ""),
            role=role_label,
        )
    return await _page(request, flash=flash, flash_kind="error" if done == "not_member" else "ok")


async def _error(
    request: Request, staff: StaffIdentity, key: str, user: str, role: str
) -> Response:
    """The staff page again with the refusal above it (400) and the form as it was sent."""
    message = web.services_of(request).texts.get(staff.lang, key, user=user)
    return await _page(
        request, flash=message, flash_kind="error", status_code=400, form_user=user, form_role=role
    )


async def add_staff(request: Request) -> Response:
    staff = await web.require(request, Role.ADMIN)
    form = await request.form()
    user = str(form.get("user_id", "")).strip()
    role_name = str(form.get("role", ""))
    if not user.isdigit():
        return await _error(request, staff, "con_staff_err_invalid_id", user, role_name)
    try:
        role = Role.parse(role_name)
    except ValueError:
        return await _error(request, staff, "con_staff_err_role", user, Role.VIEWER.label)
    try:
        await web.services_of(request).staff.add(
            int(user), role, actor=staff.actor, source=Source.WEB
        )
    except StaffError as exc:
        return await _error(request, staff, f"con_staff_err_{exc.reason.value}", user, role.label)
    return web.redirect(request, f"/staff?done=added&user={int(user)}&role={role.label}")


async def remove_staff(request: Request) -> Response:
    staff = await web.require(request, Role.ADMIN)
    form = await request.form()
    user = str(form.get("user_id", "")).strip()
    if not user.isdigit():
        return await _error(request, staff, "con_staff_err_invalid_id", user, Role.VIEWER.label)
    try:
        removed = await web.services_of(request).staff.remove(
            int(user), actor=staff.actor, source=Source.WEB
        )
    except StaffError as exc:
        return await _error(
            request, staff, f"con_staff_err_{exc.reason.value}", user, Role.VIEWER.label
        )
    done = "removed" if removed else "not_member"
    return web.redirect(request, f"/staff?done={done}&user={int(user)}")


def routes() -> list[BaseRoute]:
    return [
        Route("/staff", staff_page, methods=["GET"]),
        Route("/staff/add", add_staff, methods=["POST"]),
        Route("/staff/remove", remove_staff, methods=["POST"]),
    ]
