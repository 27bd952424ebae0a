"""The home page: who is signed in, the catalog in use, a tile per area."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot.console import web
from bot.roles import Role

#: (path, label key, description key) of the tiles; the staff tile for admins only.
AREAS: tuple[tuple[str, str, str, Role], ...] = (
    ("/procedures", "con_nav_procedures", "con_home_procedures", Role.VIEWER),
    ("/import", "con_nav_import", "con_home_import", Role.VIEWER),
    ("/versions", "con_nav_versions", "con_home_versions", Role.VIEWER),
    ("/questions", "con_nav_questions", "con_home_questions", Role.VIEWER),
    ("/dashboard", "con_nav_dashboard", "con_home_dashboard", Role.VIEWER),
    ("/audit", "con_nav_audit", "con_home_audit", Role.VIEWER),
    ("/staff", "con_nav_staff", "con_home_staff", Role.VIEWER),
)


async def home(request: Request) -> Response:
    staff = await web.require(request, Role.VIEWER)
    catalog = web.services_of(request).catalog
    areas = [
        {"path": path, "label": label, "about": about}
        for path, label, about, role in AREAS
        if staff.role >= role
    ]
    return web.render(
        request,
        "home.html",
        areas=areas,
        catalog_version=catalog.version,
        catalog_size=len(catalog.procedures),
    )


def routes() -> list[BaseRoute]:
    return [Route("/", home, methods=["GET"])]
