"""Control API of the fake Telegram server (JSON, mounted under ``/control``).

Plays the users and inspects what the bot did::

    POST /control/users                     {user_id, first_name?, username?, language_code?}
    POST /control/groups                    {chat_id (<0), title?, is_forum?, members?,
                                             admins?, bot_rights?}  (see telegram_groups)
    GET  /control/groups/{chat_id}          members, admins, bot rights, forum topics
    POST /control/messages                  {user_id, text, chat_id?, reply_to_message_id?,
                                             message_thread_id?, …}
    POST /control/documents                 {user_id, filename, mime_type, content_base64,
                                             caption?, chat_id?, kind?: document|photo,
                                             message_thread_id?}
    POST /control/press                     {user_id, chat_id?, message_id?, text? | index? | data?}
    POST /control/inline_queries            {user_id, query, offset?}
    POST /control/raw_updates               {<update fields, any shape>} → {update_id}
    GET  /control/inline_queries/{id}?timeout=S      answered results (waits up to S)
    GET  /control/callback_queries[/{id}?timeout=S]  presses and the bot's answers
    POST /control/users/{user_id}/block | /unblock
    GET  /control/chats/{chat_id}[?include_deleted=0&message_thread_id=N]
    GET  /control/chats/{chat_id}/wait?after=SEQ&min_count=1&quiet=0.3&timeout=10
    GET  /control/commands
    GET|PUT /control/limits, GET|PUT /control/faults
    GET  /control/clock                     POST /control/clock {advance_seconds}
    GET  /control/stats                     POST /control/reset

The clock moves message dates (and so message ages, e.g. for deleteMessage's 48 hours)
forward; waits and callback query lifetimes keep the real monotonic clock.

Actions that create a message return a ``marker`` (the chat's bot-activity counter before
the action) to pass as ``after`` to the wait endpoint.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from sandbox.telegram_groups import group_view
from sandbox.telegram_limits import FaultConfig, RateLimitConfig
from sandbox.telegram_state import TelegramState
from sandbox.telegram_users import ControlError, UserActions, message_view

JSON = dict[str, Any]
Endpoint = Callable[[Request], Awaitable[Response]]


async def _body(request: Request) -> JSON:
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        raise ControlError(400, "the body must be a JSON object") from None
    if not isinstance(data, dict):
        raise ControlError(400, "the body must be a JSON object")
    return data


def _number(request: Request, name: str, default: float) -> float:
    value = request.query_params.get(name)
    try:
        return default if value is None else float(value)
    except ValueError:
        raise ControlError(400, f"{name} must be a number") from None


def _int_path(request: Request, name: str) -> int:
    try:
        return int(request.path_params[name])
    except ValueError:
        raise ControlError(400, f"{name} must be an integer") from None


def _endpoint(handler: Callable[[Request], Awaitable[Any]]) -> Endpoint:
    async def endpoint(request: Request) -> Response:
        try:
            result = await handler(request)
        except ControlError as exc:
            body = {"ok": False, "error": exc.message, **exc.details}
            return JSONResponse(body, status_code=exc.status)
        return JSONResponse({"ok": True, "result": result})

    return endpoint


def control_routes(state: TelegramState) -> list[BaseRoute]:
    """Routes of the control API bound to `state` (mount them under ``/control``)."""
    actions = UserActions(state)

    async def users(request: Request) -> JSON:
        return actions.ensure_user(await _body(request))

    async def groups(request: Request) -> JSON:
        return actions.ensure_group(await _body(request))

    async def group(request: Request) -> JSON:
        return group_view(actions.existing_chat(_int_path(request, "chat_id")))

    async def messages(request: Request) -> JSON:
        return actions.send_text(await _body(request))

    async def documents(request: Request) -> JSON:
        data = await _body(request)
        try:
            content = base64.b64decode(data.get("content_base64") or "", validate=True)
        except (binascii.Error, ValueError):
            raise ControlError(400, "content_base64 is not valid base64") from None
        return actions.upload(data, content)

    async def press(request: Request) -> JSON:
        return actions.press_button(await _body(request))

    async def inline_queries(request: Request) -> JSON:
        return actions.inline_query(await _body(request))

    async def inline_answer(request: Request) -> JSON:
        query_id = request.path_params["query_id"]
        deadline = state.clock() + _number(request, "timeout", 0.0)
        while True:
            event = state.pulse.waiter()
            record = state.inline_queries.get(query_id)
            if record is None:
                raise ControlError(404, f"inline query {query_id} does not exist")
            remaining = deadline - state.clock()
            if record.results is not None or remaining <= 0:
                return asdict(record)
            await state.pulse.wait(event, remaining)

    async def callback_queries(request: Request) -> list[JSON]:
        return [asdict(record) for record in state.callback_queries.values()]

    async def callback_answer(request: Request) -> JSON:
        query_id = request.path_params["query_id"]
        deadline = state.clock() + _number(request, "timeout", 0.0)
        while True:
            event = state.pulse.waiter()
            record = state.callback_queries.get(query_id)
            if record is None:
                raise ControlError(404, f"callback query {query_id} does not exist")
            remaining = deadline - state.clock()
            if record.answer is not None or remaining <= 0:
                return asdict(record)
            await state.pulse.wait(event, remaining)

    async def raw_update(request: Request) -> JSON:
        try:
            update = state.push_raw_update(await _body(request))
        except ValueError as exc:
            raise ControlError(400, str(exc)) from None
        return {"update_id": update["update_id"]}

    async def block(request: Request) -> JSON:
        return actions.set_blocked(_int_path(request, "user_id"), True)

    async def unblock(request: Request) -> JSON:
        return actions.set_blocked(_int_path(request, "user_id"), False)

    async def chat(request: Request) -> JSON:
        include_deleted = request.query_params.get("include_deleted", "1") not in ("0", "false")
        thread = request.query_params.get("message_thread_id")
        return actions.chat_view(
            _int_path(request, "chat_id"),
            include_deleted=include_deleted,
            thread_id=int(_number(request, "message_thread_id", 0)) if thread else None,
        )

    async def wait(request: Request) -> JSON:
        chat_id = _int_path(request, "chat_id")
        found, timed_out = await state.wait_for_bot(
            chat_id,
            after=int(_number(request, "after", 0)),
            min_count=int(_number(request, "min_count", 1)),
            quiet=_number(request, "quiet", 0.3),
            max_wait=min(_number(request, "timeout", 10.0), 300.0),
        )
        chat_obj = state.chats.get(chat_id)
        return {
            "messages": [message_view(m) for m in found],
            "timed_out": timed_out,
            "marker": chat_obj.seq if chat_obj else 0,
        }

    async def commands(request: Request) -> list[JSON]:
        return [
            {"scope": json.loads(scope), "language_code": lang, "commands": items}
            for (scope, lang), items in state.commands.items()
        ]

    async def limits(request: Request) -> JSON:
        if request.method == "PUT":
            state.limiter.configure(RateLimitConfig.from_dict(await _body(request)))
        return state.limiter.config.to_dict()

    async def faults(request: Request) -> JSON:
        if request.method == "PUT":
            state.faults.configure(FaultConfig.from_dict(await _body(request)))
        return state.faults.config.to_dict()

    async def clock(request: Request) -> JSON:
        if request.method == "POST":
            seconds = (await _body(request)).get("advance_seconds")
            if not isinstance(seconds, int | float) or isinstance(seconds, bool) or seconds < 0:
                raise ControlError(400, "advance_seconds must be a number ≥ 0")
            state.advance_time(float(seconds))
        return {"now": state.now(), "offset": state.time_offset}

    async def stats(request: Request) -> JSON:
        return {
            "method_counts": dict(state.method_counts),
            "api_errors": [list(error) for error in state.api_errors],
            "pending_updates": len(state.updates),
            "webhook": state.webhook.info(),
            "webhook_delivered": state.webhook.delivered,
            "users": len(state.users),
            "chats": len(state.chats),
        }

    async def reset(request: Request) -> JSON:
        await state.reset()
        await asyncio.sleep(0)
        return {"reset": True}

    table: list[tuple[str, Callable[[Request], Awaitable[Any]], list[str]]] = [
        ("/users", users, ["POST"]),
        ("/groups", groups, ["POST"]),
        ("/groups/{chat_id}", group, ["GET"]),
        ("/messages", messages, ["POST"]),
        ("/documents", documents, ["POST"]),
        ("/press", press, ["POST"]),
        ("/inline_queries", inline_queries, ["POST"]),
        ("/inline_queries/{query_id}", inline_answer, ["GET"]),
        ("/callback_queries", callback_queries, ["GET"]),
        ("/callback_queries/{query_id}", callback_answer, ["GET"]),
        ("/raw_updates", raw_update, ["POST"]),
        ("/users/{user_id}/block", block, ["POST"]),
        ("/users/{user_id}/unblock", unblock, ["POST"]),
        ("/chats/{chat_id}", chat, ["GET"]),
        ("/chats/{chat_id}/wait", wait, ["GET"]),
        ("/commands", commands, ["GET"]),
        ("/limits", limits, ["GET", "PUT"]),
        ("/faults", faults, ["GET", "PUT"]),
        ("/clock", clock, ["GET", "POST"]),
        ("/stats", stats, ["GET"]),
        ("/reset", reset, ["POST"]),
    ]
    return [Route(path, _endpoint(handler), methods=methods) for path, handler, methods in table]
