"""What the control API client returns: messages, button presses, replies, errors.

Plain dataclasses built from the control API's JSON; `sandbox.telegram_client` re-exports
them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]


class ControlApiError(RuntimeError):
    """The control API refused a request."""

    def __init__(self, status: int, message: str, details: JSON) -> None:
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message
        self.details = details


@dataclass(frozen=True)
class Button:
    """An inline keyboard button."""

    text: str
    callback_data: str | None = None
    url: str | None = None

    @classmethod
    def from_json(cls, data: JSON) -> Button:
        """From the control API's button object."""
        return cls(data["text"], data.get("callback_data"), data.get("url"))


@dataclass
class ChatMessage:
    """One message of a chat as the control API shows it (current version)."""

    message_id: int
    chat_id: int
    from_bot: bool
    user_id: int | None
    html: str | None
    text: str | None
    caption: str | None
    keyboard: list[list[Button]]
    edited: bool
    edit_count: int
    deleted: bool
    seq: int
    entities: list[JSON] = field(default_factory=list)
    reply_keyboard: JSON | None = None
    document: JSON | None = None
    photo: list[JSON] | None = None
    reply_to: int | None = None
    date: int = 0
    message_thread_id: int | None = None  # the forum topic, if any
    service: JSON | None = None  # e.g. {"forum_topic_created": {"name": …, "icon_color": …}}

    @classmethod
    def from_json(cls, data: JSON) -> ChatMessage:
        """From the control API's message object."""
        return cls(
            message_id=data["message_id"],
            chat_id=data["chat_id"],
            from_bot=data["from_bot"],
            user_id=data.get("user_id"),
            html=data.get("html"),
            text=data.get("text"),
            caption=data.get("caption"),
            keyboard=[[Button.from_json(b) for b in row] for row in data.get("keyboard") or []],
            edited=data.get("edited", False),
            edit_count=data.get("edit_count", 0),
            deleted=data.get("deleted", False),
            seq=data.get("seq", 0),
            entities=data.get("entities") or [],
            reply_keyboard=data.get("reply_keyboard"),
            document=data.get("document"),
            photo=data.get("photo"),
            reply_to=data.get("reply_to"),
            date=data.get("date", 0),
            message_thread_id=data.get("message_thread_id"),
            service=data.get("service"),
        )

    @property
    def buttons(self) -> list[Button]:
        """All inline buttons, row by row."""
        return [button for row in self.keyboard for button in row]

    @property
    def button_texts(self) -> list[list[str]]:
        """The keyboard as rows of visible texts."""
        return [[button.text for button in row] for row in self.keyboard]

    @property
    def body(self) -> str:
        """Plain text or caption (empty for media without caption)."""
        return self.text or self.caption or ""


@dataclass
class SentMessage:
    """Result of a user action that posts a message."""

    message: JSON
    update_id: int | None
    marker: int
    file_id: str | None = None

    @property
    def message_id(self) -> int:
        """Id of the user's message."""
        return int(self.message["message_id"])

    @property
    def chat_id(self) -> int:
        """Chat the message was posted in."""
        return int(self.message["chat"]["id"])


@dataclass
class ButtonPress:
    """Result of pressing an inline button."""

    callback_query_id: str
    update_id: int
    marker: int
    message_id: int
    button: Button


@dataclass
class Replies:
    """Bot messages sent, edited or deleted after a marker."""

    messages: list[ChatMessage]
    timed_out: bool
    marker: int

    @property
    def texts(self) -> list[str]:
        """Bodies of the messages."""
        return [message.body for message in self.messages]

    @property
    def last(self) -> ChatMessage:
        """The newest message (raises IndexError when there is none)."""
        return self.messages[-1]


@dataclass
class InlineAnswer:
    """An inline query and the bot's validated results (None until answered)."""

    inline_query_id: str
    query: str
    results: list[JSON] | None
    answer: JSON | None
