"""The fake Telegram Bot API server: Starlette app factory and ways to run it.

``create_telegram_app(state)`` serves

* ``/bot<token>/<method>`` — the Bot API (GET or POST; query string, form, JSON or
  multipart bodies), answering ``{"ok": true, "result": …}`` or Telegram's error objects;
* ``/file/bot<token>/<file_path>`` — file downloads for ``getFile`` paths;
* ``/control/…`` — the control API that plays the users (see `telegram_control`).

Point python-telegram-bot at it with
``ApplicationBuilder().token(T).base_url(f"{url}/bot").base_file_url(f"{url}/file/bot")``.
`serve_loopback` runs it with uvicorn on a free loopback port inside the current event
loop; `serve` runs it in the foreground (for ``run_bot.py telegram-sim``). A bot that
registers a loopback ``http://`` webhook needs a state made with ``local_mode=True`` (a
local Bot API server); otherwise setWebhook answers like api.telegram.org.
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route

from sandbox.telegram_api import BotApi
from sandbox.telegram_control import control_routes
from sandbox.telegram_params import Params, UploadedFile
from sandbox.telegram_state import BotApiError, TelegramState

DEFAULT_TOKEN = "123456789:SANDBOX-token-for-local-use-only"


async def read_params(request: Request) -> Params:
    """Collect a call's parameters from the query string and the body, whatever its type."""
    values: dict[str, Any] = dict(request.query_params)
    files: dict[str, UploadedFile] = {}
    if request.method != "POST":
        return Params(values, files)
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("application/json"):
        body = await request.body()
        if body.strip():
            try:
                data = json.loads(body)
            except ValueError:
                raise BotApiError(400, "Bad Request: can't parse JSON encoded body") from None
            if not isinstance(data, dict):
                raise BotApiError(400, "Bad Request: JSON object expected")
            values.update(data)
    elif content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        async with request.form(max_files=100, max_fields=1000) as form:
            for key, value in form.multi_items():
                if isinstance(value, UploadFile):
                    content = await value.read()
                    files[key] = UploadedFile(value.filename, value.content_type, content)
                else:
                    values[key] = value
    return Params(values, files)


def _error(exc: BotApiError) -> JSONResponse:
    return JSONResponse(exc.to_json(), status_code=exc.code)


def create_telegram_app(state: TelegramState) -> Starlette:
    """The Starlette app of the fake Bot API plus its control API, bound to `state`."""
    api = BotApi(state)

    async def bot_method(request: Request) -> Response:
        if request.path_params["token"] not in state.tokens:
            return _error(BotApiError(401, "Unauthorized"))
        try:
            params = await read_params(request)
            result = await api.call(request.path_params["method"], params)
        except BotApiError as exc:
            state.record_error(request.path_params["method"], exc.code, exc.description)
            return _error(exc)
        return JSONResponse({"ok": True, "result": result})

    async def download(request: Request) -> Response:
        if request.path_params["token"] not in state.tokens:
            return _error(BotApiError(401, "Unauthorized"))
        file_id = state.file_paths.get(request.path_params["file_path"])
        stored = state.files.get(file_id or "")
        if stored is None:
            return _error(BotApiError(404, "Not Found"))
        media = stored.mime_type or "application/octet-stream"
        return Response(stored.content, media_type=media)

    async def healthz(request: Request) -> Response:
        return JSONResponse({"ok": True})

    routes = [
        Route("/bot{token}/{method}", bot_method, methods=["GET", "POST"]),
        Route("/file/bot{token}/{file_path:path}", download, methods=["GET"]),
        Route("/healthz", healthz, methods=["GET"]),
        Mount("/control", routes=control_routes(state)),
    ]
    app = Starlette(routes=routes)
    app.state.telegram = state
    return app


def _bind(host: str, port: int) -> socket.socket:
    # IPPROTO_TCP explicitly, so asyncio sets TCP_NODELAY on accepted connections (no
    # delayed-ACK stalls of ~40 ms per response).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


@asynccontextmanager
async def serve_loopback(
    state: TelegramState, *, host: str = "127.0.0.1", port: int = 0
) -> AsyncIterator[str]:
    """Serve `state` with uvicorn in this event loop; yields the base URL (no trailing /)."""
    sock = _bind(host, port)
    config = uvicorn.Config(
        create_telegram_app(state),
        log_level="warning",
        lifespan="off",
        timeout_graceful_shutdown=2,
    )
    server = uvicorn.Server(config)
    task = asyncio.get_running_loop().create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()
                raise RuntimeError("the fake Telegram server did not start")
            await asyncio.sleep(0.01)
        yield f"http://{host}:{sock.getsockname()[1]}"
    finally:
        state.closing = True  # release long polls so connections can close
        state.notify()
        server.should_exit = True
        try:
            await task
        finally:
            state.closing = False
            sock.close()


def serve(
    host: str = "127.0.0.1",
    port: int = 8081,
    token: str | Iterable[str] = DEFAULT_TOKEN,
    **state_options: Any,
) -> None:
    """Run the fake Telegram server in the foreground until interrupted."""
    state = TelegramState(token, **state_options)
    print(
        f"Fake Telegram Bot API on http://{host}:{port} — base_url http://{host}:{port}/bot, "
        f"control API http://{host}:{port}/control/",
        flush=True,
    )
    uvicorn.run(create_telegram_app(state), host=host, port=port, log_level="warning")
