"""What every console page uses: `render`, `require`, `redirect`, the session cookie.

Conventions for page modules (``bot/console/pages/<area>.py``, each with ``routes()``):

* ``staff = await require(request, Role.EDITOR)`` first in every endpoint: not signed in →
  redirect to the sign-in explanation; role too low → a 403 page. The role is read from
  the database on every request (`bot.console_auth.ConsoleAuth.session`).
* ``return render(request, "area_page.html", key=value)``. Templates extend ``base.html``
  (blocks ``title`` and ``content``) and get ``t("con_key", name=value)`` (texts in the
  staff member's language), ``lang``, ``staff`` (`StaffIdentity` or None), ``can("editor")``,
  ``href("/path")`` (prefixed when the console is mounted under /console),
  ``csrf_token`` and ``csrf_field()`` (the hidden input for forms), ``nav``.
* Every POST/PUT/PATCH/DELETE must carry the session's CSRF token (form field
  ``csrf_token`` or header ``X-CSRF-Token``); `bot.console.csrf` refuses the others (403)
  before any endpoint runs.
* Content-Security-Policy: scripts only from ``/static`` (no inline ``<script>``); inline
  styles and ``data:`` images are allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from jinja2 import Environment
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from bot.roles import Role, StaffIdentity
from bot.services import Services
from bot.texts import Lang
from bot.texts.markup import Html

SESSION_COOKIE = "dvc_console"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_UNSET = object()


@dataclass(frozen=True, slots=True)
class NavItem:
    key: str  # text key of the label
    path: str
    role: Role = Role.VIEWER


#: The console's menu, in order. Each area serves the path given here.
NAV: tuple[NavItem, ...] = (
    NavItem("con_nav_home", "/"),
    NavItem("con_nav_procedures", "/procedures"),
    NavItem("con_nav_import", "/import"),
    NavItem("con_nav_versions", "/versions"),
    NavItem("con_nav_questions", "/questions"),
    NavItem("con_nav_dashboard", "/dashboard"),
    NavItem("con_nav_audit", "/audit"),
    NavItem("con_nav_staff", "/staff"),
)


class SignInRequired(Exception):
    """Not signed in (or the session ended): the app redirects to the sign-in page."""


class RoleRequired(Exception):
    """Signed in, but the role is lower than the page or action needs: a 403 page."""

    def __init__(self, needed: Role, staff: StaffIdentity) -> None:
        super().__init__(needed.label)
        self.needed = needed
        self.staff = staff


def services_of(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def session_id(request: Request) -> str:
    return request.cookies.get(SESSION_COOKIE, "")


async def current_staff(request: Request) -> StaffIdentity | None:
    """The signed-in staff member with the role read now, or None (once per request)."""
    cached = getattr(request.state, "staff", _UNSET)
    if cached is None or isinstance(cached, StaffIdentity):
        return cached
    staff = await services_of(request).console_auth.session(session_id(request))
    request.state.staff = staff
    return staff


async def require(request: Request, role: Role = Role.VIEWER) -> StaffIdentity:
    """The signed-in staff member if their role is at least `role`; otherwise raises
    `SignInRequired` or `RoleRequired` (the app turns them into a redirect or a 403)."""
    staff = await current_staff(request)
    if staff is None:
        raise SignInRequired
    if staff.role < role:
        raise RoleRequired(role, staff)
    return staff


def request_lang(request: Request) -> Lang:
    """The session's language when signed in, else ``?lang=en`` or Vietnamese."""
    staff = getattr(request.state, "staff", None)
    if isinstance(staff, StaffIdentity):
        return staff.lang
    return "en" if request.query_params.get("lang") == "en" else "vi"


def href(request: Request, path: str) -> str:
    """An absolute path inside the console (with the mount prefix, e.g. /console)."""
    return request.scope.get("root_path", "").rstrip("/") + path


def redirect(request: Request, path: str, status_code: int = 303) -> RedirectResponse:
    return RedirectResponse(href(request, path), status_code=status_code)


def safe_next(value: object, default: str = "/") -> str:
    """A console path to go back to; anything else (other sites, //host) → `default`."""
    text = str(value or "")
    if text.startswith("/") and not text.startswith("//") and "\\" not in text:
        return text
    return default


def role_text(request: Request, role: Role) -> Html:
    return services_of(request).texts.get(request_lang(request), f"con_role_{role.label}")


def render(
    request: Request, template: str, *, status_code: int = 200, **context: Any
) -> HTMLResponse:
    """The page `template` with the frame's context (see the module docstring)."""
    services = services_of(request)
    env: Environment = request.app.state.templates
    lang = request_lang(request)
    staff = getattr(request.state, "staff", None)
    staff = staff if isinstance(staff, StaffIdentity) else None
    sid = session_id(request)
    csrf = services.console_auth.csrf_token(sid) if staff is not None and sid else ""

    def t(key: str, **params: object) -> Html:
        return services.texts.get(lang, key, **params)

    def can(role: str) -> bool:
        return staff is not None and staff.role >= Role.parse(role)

    def csrf_field() -> Markup:
        return Markup('<input type="hidden" name="{}" value="{}">').format(CSRF_FIELD, csrf)

    def local_href(path: str) -> str:
        return href(request, path)

    current = request.url.path.removeprefix(request.scope.get("root_path", "")) or "/"
    nav = [
        {
            "label": t(item.key),
            "href": local_href(item.path),
            "active": current == item.path
            or (item.path != "/" and current.startswith(item.path + "/")),
        }
        for item in NAV
        if staff is not None and staff.role >= item.role
    ]
    values: dict[str, Any] = {
        "request": request,
        "t": t,
        "lang": lang,
        "staff": staff,
        "role_name": (lambda role: t(f"con_role_{role.label}")),
        "can": can,
        "href": local_href,
        "csrf_token": csrf,
        "csrf_field": csrf_field,
        "nav": nav,
        "path": current,
    }
    values.update(context)
    html = env.get_template(template).render(values)
    return HTMLResponse(html, status_code=status_code, headers={"Cache-Control": "no-store"})


def refuse(request: Request, title_key: str, message: Html, status_code: int = 403) -> HTMLResponse:
    """A short error page (403, 404…) in the frame."""
    return render(
        request, "error.html", status_code=status_code, title_key=title_key, message=message
    )


def set_session_cookie(response: Response, request: Request, value: str, expires: datetime) -> None:
    """HttpOnly, SameSite=Strict, Secure when the console's URL is https; ends with the
    session."""
    settings = services_of(request).settings
    max_age = max(0, int((expires - services_of(request).console_auth.clock()).total_seconds()))
    response.set_cookie(
        SESSION_COOKIE,
        value,
        max_age=max_age,
        path=request.scope.get("root_path", "") or "/",
        httponly=True,
        samesite="strict",
        secure=settings.console_url.startswith("https://"),
    )


def clear_session_cookie(response: Response, request: Request) -> None:
    response.delete_cookie(
        SESSION_COOKIE,
        path=request.scope.get("root_path", "") or "/",
        httponly=True,
        samesite="strict",
    )
