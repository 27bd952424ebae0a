"""`create_console_app(services, settings)`: the staff console as a Starlette app.

Every area's routes come from ONE explicit list of page modules (`PAGE_MODULES`), each
``bot/console/pages/<area>.py`` exposing ``routes() -> list[BaseRoute]``. The services are
the same object the bot uses (`bot.services.build_services`), on ``app.state.services``;
the Jinja2 environment is on ``app.state.templates``. The app owns nothing that needs
closing: whoever built the services closes them.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

from bot.config import Settings
from bot.console import web
from bot.console.csrf import CsrfMiddleware
from bot.services import Services

HERE = Path(__file__).resolve().parent
TEMPLATES_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"

#: The page modules, in the order their routes are matched.
PAGE_MODULES: tuple[str, ...] = (
    "bot.console.pages.home",
    "bot.console.pages.signin",
    "bot.console.pages.staff",
    "bot.console.pages.procedures",
    "bot.console.pages.imports",
    "bot.console.pages.versions",
    "bot.console.pages.dashboard",
    "bot.console.pages.audit",
    "bot.console.pages.questions",
)


def templates() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def page_routes() -> list[BaseRoute]:
    routes: list[BaseRoute] = []
    for name in PAGE_MODULES:
        routes.extend(importlib.import_module(name).routes())
    return routes


async def _sign_in_required(request: Request, exc: Exception) -> Response:
    return web.redirect(request, "/signin")


async def _role_required(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, web.RoleRequired)
    texts = web.services_of(request).texts
    lang = web.request_lang(request)
    message = texts.get(
        lang,
        "con_forbidden",
        role=web.role_text(request, exc.needed),
        current=web.role_text(request, exc.staff.role),
    )
    return web.refuse(request, "con_forbidden_title", message, 403)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        await web.current_staff(request)  # the menu, for someone signed in
        texts = web.services_of(request).texts
        message = texts.get(web.request_lang(request), "con_not_found")
        return web.refuse(request, "con_not_found_title", message, 404)
    return Response(exc.detail, status_code=exc.status_code, headers=exc.headers)


def create_console_app(services: Services, settings: Settings) -> Starlette:
    """The console on `services` (shared with the bot when mounted beside /telegram)."""
    app = Starlette(
        routes=[
            *page_routes(),
            Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
        ],
        middleware=[Middleware(CsrfMiddleware)],
        exception_handlers={
            web.SignInRequired: _sign_in_required,
            web.RoleRequired: _role_required,
            HTTPException: _http_error,
        },
    )
    app.state.services = services
    app.state.settings = settings
    app.state.templates = templates()
    return app
