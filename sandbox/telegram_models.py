"""Records of the fake Telegram world: users, chats, messages, files, queries, errors.

Plain dataclasses used by `TelegramState` and rendered to Bot API JSON; `BotApiError` is
the error answer every Bot API method may raise, `ControlError` a refused control API
request; `Pulse` wakes waiters on any change.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]


class Pulse:
    """Broadcast "something changed" to every current waiter."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def fire(self) -> None:
        """Wake all waiters; later `wait` calls wait for the next change."""
        self._event.set()
        self._event = asyncio.Event()

    def waiter(self) -> asyncio.Event:
        """Take this before checking a predicate, then wait on it if the check failed."""
        return self._event

    @staticmethod
    async def wait(event: asyncio.Event, seconds: float) -> None:
        """Wait for `event` at most `seconds` (no error when the time is up)."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), max(seconds, 0.0))


class BotApiError(Exception):
    """An error answer of the Bot API: HTTP status, description, optional parameters."""

    def __init__(self, code: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def to_json(self) -> JSON:
        """The Bot API error body."""
        body: JSON = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


class ControlError(Exception):
    """A control API request that cannot be carried out (an HTTP status and a message)."""

    def __init__(self, status: int, message: str, **details: Any) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.details = details


def bad_request(detail: str) -> BotApiError:
    """400 ``Bad Request: <detail>``."""
    return BotApiError(400, f"Bad Request: {detail}")


@dataclass
class SandboxUser:
    """A Telegram user played by the control API."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = "vi"
    blocked: bool = False

    def to_api(self) -> JSON:
        """Bot API ``User`` object."""
        data: JSON = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            if (value := getattr(self, key)) is not None:
                data[key] = value
        return data


@dataclass
class SandboxMessage:
    """A message in a chat, as stored (current version) and rendered for the Bot API."""

    message_id: int
    chat_id: int
    date: int
    from_bot: bool
    user_id: int | None = None
    html: str | None = None
    text: str | None = None
    entities: list[JSON] = field(default_factory=list)
    caption: str | None = None
    caption_entities: list[JSON] = field(default_factory=list)
    reply_markup: JSON | None = None  # inline keyboard (part of the Message object)
    reply_keyboard: JSON | None = None  # reply keyboard / remove / force_reply sent along
    document: JSON | None = None
    photo: list[JSON] | None = None
    reply_to: int | None = None
    message_thread_id: int | None = None  # forum topic the message belongs to
    service: JSON | None = None  # service fields, e.g. {"forum_topic_created": {...}}
    edit_count: int = 0
    edit_date: int | None = None
    deleted: bool = False
    seq: int = 0


@dataclass
class ForumTopic:
    """A topic of a forum supergroup; its id is the id of its forum_topic_created message."""

    message_thread_id: int
    name: str
    icon_color: int
    icon_custom_emoji_id: str | None = None
    created_by_bot: bool = False
    closed: bool = False
    deleted: bool = False

    def to_api(self) -> JSON:
        """Bot API ``ForumTopic``."""
        data: JSON = {
            "message_thread_id": self.message_thread_id,
            "name": self.name,
            "icon_color": self.icon_color,
        }
        if self.icon_custom_emoji_id:
            data["icon_custom_emoji_id"] = self.icon_custom_emoji_id
        return data


@dataclass
class SandboxChat:
    """A private chat (id == user id) or a group; `started` once a user wrote to the bot.

    In groups, `admins` are the users who are administrators (every other user who wrote is
    a member) and `bot_rights` the bot's administrator rights (None: an ordinary member).
    """

    id: int
    type: str
    title: str | None = None
    user_id: int | None = None
    started: bool = False
    messages: dict[int, SandboxMessage] = field(default_factory=dict)
    next_message_id: int = 1
    seq: int = 0
    last_bot_activity: float = 0.0
    chat_actions: list[str] = field(default_factory=list)
    is_forum: bool = False
    topics: dict[int, ForumTopic] = field(default_factory=dict)
    members: set[int] = field(default_factory=set)
    admins: set[int] = field(default_factory=set)
    bot_rights: dict[str, bool] | None = None

    @property
    def is_group(self) -> bool:
        """Whether this is a group or supergroup."""
        return self.type in ("group", "supergroup")

    def bot_can(self, right: str) -> bool:
        """Whether the bot is an administrator with `right` (e.g. ``can_manage_topics``)."""
        return self.bot_rights is not None and bool(self.bot_rights.get(right))

    def live_topic(self, thread_id: int | None) -> ForumTopic | None:
        """The topic `thread_id` of this forum, unless unknown or deleted."""
        topic = self.topics.get(thread_id or 0) if self.is_forum else None
        return None if topic is None or topic.deleted else topic


@dataclass
class StoredFile:
    """A file known to the server (uploaded by a user or by the bot)."""

    file_id: str
    file_unique_id: str
    content: bytes
    file_path: str
    file_name: str | None = None
    mime_type: str | None = None


@dataclass
class CallbackQueryRecord:
    """A button press sent to the bot and, once answered, its answer."""

    id: str
    user_id: int
    chat_id: int
    message_id: int
    data: str
    created: float
    answer: JSON | None = None


@dataclass
class InlineQueryRecord:
    """An inline query sent to the bot and, once answered, the validated results."""

    id: str
    user_id: int
    query: str
    created: float
    results: list[JSON] | None = None
    answer: JSON | None = None
