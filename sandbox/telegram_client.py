"""Python helper over the fake Telegram server's control API, for tests and the demo.

`TelegramSandboxClient` wraps ``/control/…`` with an `httpx.AsyncClient`, in process
(``TelegramSandboxClient.in_process(app)``, through `httpx.ASGITransport`) or over a real
URL (``TelegramSandboxClient.connect(url)``). A scripted conversation looks like::

    sent = await client.send_text(42, "/start")
    replies = await client.wait_for_replies(42, after=sent.marker)
    press = await client.press_button(42, "Làm lại CCCD")
    replies = await client.wait_for_replies(42, after=press.marker)

`ptb_request(app)` builds a python-telegram-bot request object that talks to the app in
process, for ``ApplicationBuilder().request(…)`` / ``.get_updates_request(…)``.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from types import TracebackType
from typing import Any

import httpx
from starlette.types import ASGIApp
from telegram.request import HTTPXRequest

from sandbox.telegram_client_models import (
    Button,
    ButtonPress,
    ChatMessage,
    ControlApiError,
    InlineAnswer,
    Replies,
    SentMessage,
)

JSON = dict[str, Any]
IN_PROCESS_URL = "http://telegram.sandbox"
__all__ = [
    "IN_PROCESS_URL",
    "Button",
    "ButtonPress",
    "ChatMessage",
    "ControlApiError",
    "InlineAnswer",
    "Replies",
    "SentMessage",
    "TelegramSandboxClient",
    "ptb_request",
]


def ptb_request(app: ASGIApp, **kwargs: Any) -> HTTPXRequest:
    """A PTB `HTTPXRequest` that sends every call to `app` in process (no sockets)."""
    return HTTPXRequest(httpx_kwargs={"transport": httpx.ASGITransport(app=app)}, **kwargs)


class TelegramSandboxClient:
    """Async wrapper of the control API."""

    def __init__(self, http: httpx.AsyncClient, *, owns_client: bool = True) -> None:
        self.http = http
        self._owns_client = owns_client

    @classmethod
    def in_process(cls, app: ASGIApp) -> TelegramSandboxClient:
        """A client calling `app` through `httpx.ASGITransport`."""
        transport = httpx.ASGITransport(app=app)
        return cls(httpx.AsyncClient(transport=transport, base_url=IN_PROCESS_URL))

    @classmethod
    def connect(cls, url: str) -> TelegramSandboxClient:
        """A client for a server listening at `url` (e.g. from `serve_loopback`)."""
        return cls(httpx.AsyncClient(base_url=url.rstrip("/")))

    async def aclose(self) -> None:
        """Close the HTTP client if this object created it."""
        if self._owns_client:
            await self.http.aclose()

    async def __aenter__(self) -> TelegramSandboxClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def _call(
        self,
        method: str,
        path: str,
        body: JSON | None = None,
        *,
        params: JSON | None = None,
        timeout: float = 30.0,  # noqa: ASYNC109 - the HTTP request's timeout
    ) -> Any:
        response = await self.http.request(
            method, f"/control{path}", json=body, params=params, timeout=timeout
        )
        data = response.json()
        if not data.get("ok"):
            details = {k: v for k, v in data.items() if k not in ("ok", "error")}
            raise ControlApiError(response.status_code, data.get("error", ""), details)
        return data["result"]

    # ---- users and chats ------------------------------------------------------------
    async def create_user(
        self,
        user_id: int,
        first_name: str | None = None,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "vi",
    ) -> JSON:
        """Create or update a user; returns the Bot API ``User``."""
        body = {
            "user_id": user_id,
            "first_name": first_name,
            "last_name": last_name,
            "username": username,
            "language_code": language_code,
        }
        result: JSON = await self._call("POST", "/users", body)
        return result

    async def create_group(
        self,
        chat_id: int,
        title: str | None = None,
        *,
        is_forum: bool | None = None,
        members: Iterable[int] = (),
        admins: Iterable[int] = (),
        bot_rights: JSON | None = None,
    ) -> JSON:
        """Create (or update) a group (negative id) that contains the bot; `bot_rights`
        makes the bot an administrator with those rights. Returns the Bot API ``Chat``."""
        body: JSON = {"chat_id": chat_id, "title": title, "is_forum": is_forum}
        body.update(members=list(members), admins=list(admins))
        if bot_rights is not None:
            body["bot_rights"] = bot_rights
        result: JSON = await self._call("POST", "/groups", body)
        return result

    async def create_forum(
        self,
        chat_id: int,
        title: str = "Forum",
        *,
        members: Iterable[int] = (),
        admins: Iterable[int] = (),
        bot_admin: bool = True,
        can_manage_topics: bool = True,
        can_delete_messages: bool = True,
    ) -> JSON:
        """A forum supergroup (`chat_id` starts with -100); by default the bot is an
        administrator that may manage topics and delete messages."""
        rights = {
            "can_manage_topics": can_manage_topics,
            "can_delete_messages": can_delete_messages,
        }
        return await self.create_group(
            chat_id,
            title,
            is_forum=True,
            members=members,
            admins=admins,
            bot_rights=rights if bot_admin else None,
        )

    async def group(self, chat_id: int) -> JSON:
        """Members, administrators, the bot's rights and the forum topics of a group."""
        result: JSON = await self._call("GET", f"/groups/{chat_id}")
        return result

    async def topics(self, chat_id: int) -> list[JSON]:
        """The forum topics of a chat (``ForumTopic`` plus ``closed`` and ``deleted``)."""
        topics: list[JSON] = (await self.group(chat_id))["topics"]
        return topics

    async def send_text(
        self,
        user_id: int,
        text: str,
        *,
        chat_id: int | None = None,
        language_code: str | None = "vi",
        first_name: str | None = None,
        username: str | None = None,
        reply_to_message_id: int | None = None,
        message_thread_id: int | None = None,
    ) -> SentMessage:
        """The user writes `text` (commands and @mentions get their entities), in a forum
        topic if `message_thread_id` is given."""
        body = {
            "user_id": user_id,
            "text": text,
            "chat_id": chat_id,
            "language_code": language_code,
            "first_name": first_name,
            "username": username,
            "reply_to_message_id": reply_to_message_id,
            "message_thread_id": message_thread_id,
        }
        result = await self._call("POST", "/messages", body)
        return SentMessage(result["message"], result["update_id"], result["marker"])

    async def send_command(
        self, user_id: int, command: str, args: str = "", **kwargs: Any
    ) -> SentMessage:
        """The user sends ``/command args``."""
        text = f"/{command.lstrip('/')} {args}".strip()
        return await self.send_text(user_id, text, **kwargs)

    async def upload_document(
        self,
        user_id: int,
        content: bytes,
        filename: str,
        mime_type: str = "application/octet-stream",
        *,
        caption: str | None = None,
        chat_id: int | None = None,
        kind: str = "document",
        message_thread_id: int | None = None,
    ) -> SentMessage:
        """The user sends a file (``kind="photo"`` for a picture), in a forum topic if
        `message_thread_id` is given."""
        body = {
            "user_id": user_id,
            "filename": filename,
            "mime_type": mime_type,
            "content_base64": base64.b64encode(content).decode("ascii"),
            "caption": caption,
            "chat_id": chat_id,
            "kind": kind,
            "message_thread_id": message_thread_id,
        }
        result = await self._call("POST", "/documents", body)
        return SentMessage(
            result["message"], result["update_id"], result["marker"], result["file_id"]
        )

    async def press_button(
        self,
        user_id: int,
        text: str | None = None,
        message_id: int | None = None,
        *,
        chat_id: int | None = None,
        index: int | tuple[int, int] | None = None,
        data: str | None = None,
    ) -> ButtonPress:
        """Press a button by visible text (or index / callback data) on a message
        (default: the latest bot message with buttons in the chat)."""
        body = {
            "user_id": user_id,
            "text": text,
            "message_id": message_id,
            "chat_id": chat_id,
            "index": list(index) if isinstance(index, tuple) else index,
            "data": data,
        }
        result = await self._call("POST", "/press", body)
        return ButtonPress(
            result["callback_query_id"],
            result["update_id"],
            result["marker"],
            result["message_id"],
            Button.from_json(result["button"]),
        )

    async def callback_answer(
        self,
        query_id: str,
        *,
        timeout: float = 5.0,  # noqa: ASYNC109 - the server waits, not the client
    ) -> JSON | None:
        """The bot's answerCallbackQuery for a press (waits up to `timeout`)."""
        record = await self._call(
            "GET",
            f"/callback_queries/{query_id}",
            params={"timeout": timeout},
            timeout=timeout + 10,
        )
        answer: JSON | None = record.get("answer")
        return answer

    async def callback_queries(self) -> list[JSON]:
        """Every press and its answer."""
        result: list[JSON] = await self._call("GET", "/callback_queries")
        return result

    async def inline_query(
        self,
        user_id: int,
        query: str,
        *,
        offset: str = "",
        timeout: float = 5.0,  # noqa: ASYNC109 - the server waits, not the client
    ) -> InlineAnswer:
        """Send ``@bot query`` and wait up to `timeout` for the bot's answer."""
        sent = await self._call(
            "POST", "/inline_queries", {"user_id": user_id, "query": query, "offset": offset}
        )
        query_id = sent["inline_query_id"]
        record = await self._call(
            "GET",
            f"/inline_queries/{query_id}",
            params={"timeout": timeout},
            timeout=timeout + 10,
        )
        return InlineAnswer(query_id, record["query"], record["results"], record["answer"])

    async def inject_raw_update(self, payload: JSON) -> int:
        """Queue an update with any content (no ``update_id``: the server numbers it), e.g.
        one in a shape the bot's library cannot read; returns its ``update_id``."""
        result = await self._call("POST", "/raw_updates", payload)
        return int(result["update_id"])

    async def block(self, user_id: int) -> None:
        """The user blocks the bot."""
        await self._call("POST", f"/users/{user_id}/block")

    async def unblock(self, user_id: int) -> None:
        """The user unblocks (restarts) the bot."""
        await self._call("POST", f"/users/{user_id}/unblock")

    # ---- reading --------------------------------------------------------------------
    async def chat(
        self, chat_id: int, *, include_deleted: bool = True, message_thread_id: int | None = None
    ) -> list[ChatMessage]:
        """All messages of a chat in order (of one forum topic if `message_thread_id`)."""
        params: JSON = {"include_deleted": int(include_deleted)}
        if message_thread_id is not None:
            params["message_thread_id"] = message_thread_id
        result = await self._call("GET", f"/chats/{chat_id}", params=params)
        return [ChatMessage.from_json(m) for m in result["messages"]]

    async def bot_messages(self, chat_id: int) -> list[ChatMessage]:
        """The bot's live messages in a chat."""
        messages = await self.chat(chat_id, include_deleted=False)
        return [m for m in messages if m.from_bot]

    async def wait_for_replies(
        self,
        chat_id: int,
        *,
        after: int = 0,
        min_count: int = 1,
        quiet: float = 0.3,
        timeout: float = 10.0,  # noqa: ASYNC109 - the server waits, not the client
    ) -> Replies:
        """Wait until the bot sent/edited ≥ `min_count` messages after marker `after` and
        then stayed quiet for `quiet` seconds (or `timeout` passed)."""
        params = {"after": after, "min_count": min_count, "quiet": quiet, "timeout": timeout}
        result = await self._call(
            "GET", f"/chats/{chat_id}/wait", params=params, timeout=timeout + 10
        )
        messages = [ChatMessage.from_json(m) for m in result["messages"]]
        return Replies(messages, result["timed_out"], result["marker"])

    async def replies_since(self, chat_id: int, after: int = 0) -> Replies:
        """The bot's messages sent, edited or deleted after marker `after`, as they are now
        (no waiting: for a test that knows the bot has finished, see `tests/helpers`)."""
        return await self.wait_for_replies(chat_id, after=after, min_count=0, quiet=0, timeout=0)

    async def commands(self) -> list[JSON]:
        """Commands registered with setMyCommands, per scope and language."""
        result: list[JSON] = await self._call("GET", "/commands")
        return result

    # ---- knobs ----------------------------------------------------------------------
    async def set_limits(self, **limits: Any) -> JSON:
        """Flood limits, e.g. ``per_chat_per_second=1, global_per_second=30``."""
        result: JSON = await self._call("PUT", "/limits", limits)
        return result

    async def set_faults(self, **faults: Any) -> JSON:
        """Fault knobs, e.g. ``p_500=0.1, p_429=0.05, seed=1``."""
        result: JSON = await self._call("PUT", "/faults", faults)
        return result

    async def advance_time(self, seconds: float) -> int:
        """Move the fake server's wall clock forward (message ages); returns its Unix time."""
        result = await self._call("POST", "/clock", {"advance_seconds": seconds})
        return int(result["now"])

    async def stats(self) -> JSON:
        """Method call counts, pending updates and webhook delivery."""
        result: JSON = await self._call("GET", "/stats")
        return result

    async def reset(self) -> None:
        """Forget users, chats, files and knobs (the bot's commands and webhook stay)."""
        await self._call("POST", "/reset")
