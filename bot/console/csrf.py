"""Refuse every unsafe request (POST, PUT, PATCH, DELETE) without the session's CSRF token.

A pure ASGI middleware, so no page can forget the check: it reads the body once, looks for
the ``X-CSRF-Token`` header or the ``csrf_token`` form field (urlencoded or multipart) and
compares it with the HMAC of the session cookie (`ConsoleAuth.csrf_ok`); a refusal is a
403 page and the endpoint never runs. Accepted requests get the same body replayed.
It also sets the console's security headers on every response.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.console import web

#: Uploads (XLSX, portal data) stay below this; bigger bodies are refused with 413.
MAX_BODY = 32 * 1024 * 1024
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    # The sign-in link carries its token in the path: never send it on as a referrer.
    "Referrer-Policy": "no-referrer",
}


class CsrfMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _with_headers(send)
        if scope["method"] in web.SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_BODY:
                await _plain(send, 413, b"request too large")
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        request = Request(scope, _replay(body, receive))
        if not await _token_ok(request):
            response = web.refuse(
                request,
                "con_csrf_title",
                web.services_of(request).texts.get(web.request_lang(request), "con_csrf"),
            )
            await response(scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)


async def _token_ok(request: Request) -> bool:
    auth = web.services_of(request).console_auth
    sid = web.session_id(request)
    given = request.headers.get(web.CSRF_HEADER, "")
    if not given:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            try:
                async with request.form() as form:
                    value = form.get(web.CSRF_FIELD)
                    given = value if isinstance(value, str) else ""
            except Exception:  # a malformed body is refused like a missing token
                return False
    return auth.csrf_ok(sid, given)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def _with_headers(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            for name, value in SECURITY_HEADERS.items():
                if name not in headers:
                    headers[name] = value
        await send(message)

    return sending


async def _plain(send: Send, status: int, text: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"text/plain; charset=utf-8")],
        }
    )
    await send({"type": "http.response.body", "body": text})
