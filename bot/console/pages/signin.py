"""Sign-in with a one-time link from /console, sign-out and the language switch.

``GET /signin/<token>`` uses the link (once, within ten minutes), sets the session cookie
and goes on to the home page with a same-site refresh: a redirect would still count as the
cross-site navigation from Telegram, and the SameSite=Strict cookie would not be sent.
A HEAD request (link previews) does not use the link.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot.console import web
from bot.console_auth import LinkRefusal, SignIn
from bot.roles import Role
from bot.texts import Lang


def _minutes(request: Request) -> int:
    return int(web.services_of(request).console_auth.link_ttl.total_seconds() // 60)


async def signin_help(request: Request) -> Response:
    """How to sign in (where `require` sends everyone who is not signed in)."""
    if await web.current_staff(request) is not None:
        return web.redirect(request, "/")
    return web.render(
        request,
        "signin.html",
        title_key="con_signin_title",
        minutes=_minutes(request),
        expired_session=bool(web.session_id(request)),
    )


async def signin_link(request: Request) -> Response:
    if request.method == "HEAD":
        return Response(status_code=200, headers={"Cache-Control": "no-store"})
    auth = web.services_of(request).console_auth
    result = await auth.redeem(request.path_params["token"], lang=web.request_lang(request))
    if isinstance(result, SignIn):
        response = web.render(
            request, "signin.html", title_key="con_signin_ok_title", refresh=web.href(request, "/")
        )
        web.set_session_cookie(response, request, result.session_id, result.expires_at)
        return response
    texts = web.services_of(request).texts
    problem = texts.get(
        web.request_lang(request), f"con_link_{result.value}", minutes=_minutes(request)
    )
    response = web.render(
        request,
        "signin.html",
        status_code=403,
        title_key="con_link_refused_title",
        problem=problem,
        minutes=_minutes(request),
        refusal=result.value,
    )
    if result is LinkRefusal.NOT_STAFF:
        web.clear_session_cookie(response, request)
    return response


async def signout(request: Request) -> Response:
    sid = web.session_id(request)
    if sid:
        await web.services_of(request).console_auth.sign_out(sid)
    response = web.redirect(request, "/signin")
    web.clear_session_cookie(response, request)
    return response


async def switch_lang(request: Request) -> Response:
    """POST /lang: the console language, kept in the session."""
    await web.require(request, Role.VIEWER)
    form = await request.form()
    lang: Lang = "en" if form.get("lang") == "en" else "vi"
    await web.services_of(request).console_auth.set_lang(web.session_id(request), lang)
    return web.redirect(request, web.safe_next(form.get("next")))


def routes() -> list[BaseRoute]:
    return [
        Route("/signin", signin_help, methods=["GET"]),
        Route("/signin/{token}", signin_link, methods=["GET"]),
        Route("/signout", signout, methods=["POST"]),
        Route("/lang", switch_lang, methods=["POST"]),
    ]
