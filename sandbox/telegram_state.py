"""In-memory world of the fake Bot API server: the bot, users, chats, messages, updates.

One `TelegramState` object is passed to `create_telegram_app`; nothing is global. Every
change that someone may wait for (a new update, a bot message, an answer) fires a `Pulse`
(an asyncio event replaced on every change, i.e. a condition variable without a lock, which
is safe on one event loop), so long polling, the webhook sender and the control API's waits
wake up immediately.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from typing import Any

import httpx

from sandbox.telegram_limits import FaultInjector, RateLimiter
from sandbox.telegram_models import (
    BotApiError,
    CallbackQueryRecord,
    ForumTopic,
    InlineQueryRecord,
    Pulse,
    SandboxChat,
    SandboxMessage,
    SandboxUser,
    StoredFile,
    bad_request,
)
from sandbox.telegram_webhook import WebhookConfig, WebhookSender

JSON = dict[str, Any]

# Update types delivered when allowed_updates is empty (Telegram's default).
_NOT_DEFAULT_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
CONFLICT_WEBHOOK = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
CONFLICT_POLLING = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)


class TelegramState:
    """All state of one fake Telegram bot. Create one per test / demo run."""

    def __init__(
        self,
        token: str | Iterable[str],
        *,
        bot_username: str = "dvc_sandbox_bot",
        bot_first_name: str = "DVC Sandbox",
        group_privacy: bool = True,
        strict_ampersand: bool = True,
        callback_query_ttl: float = 15.0,
        webhook_transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        local_mode: bool = False,
    ) -> None:
        self.tokens = frozenset([token] if isinstance(token, str) else token)
        if not self.tokens:
            raise ValueError("at least one bot token is required")
        first = sorted(self.tokens)[0]
        prefix = first.split(":", 1)[0]
        self.bot_id = int(prefix) if prefix.isdigit() else 7_000_000_001
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.group_privacy = group_privacy
        self.strict_ampersand = strict_ampersand
        self.callback_query_ttl = callback_query_ttl
        # Like `telegram-bot-api --local`: webhooks may use http:// and any port.
        self.local_mode = local_mode
        self.clock = clock
        self.wall_clock = wall_clock
        self.pulse = Pulse()
        self.limiter = RateLimiter(clock)
        self.faults = FaultInjector()
        self.webhook = WebhookSender(self, webhook_transport)
        # Counters survive reset(): a running bot keeps its getUpdates offset.
        self.next_update_id = 1000
        self._counter = 0
        self._poll_generation = 0
        self.closing = False
        # Bot configuration, also kept by reset().
        self.commands: dict[tuple[str, str], list[JSON]] = {}
        self.allowed_updates: list[str] = []
        self._init_world()

    def _init_world(self) -> None:
        self.users: dict[int, SandboxUser] = {}
        self.chats: dict[int, SandboxChat] = {}
        self.files: dict[str, StoredFile] = {}
        self.file_paths: dict[str, str] = {}  # download path -> file_id
        self.callback_queries: dict[str, CallbackQueryRecord] = {}
        self.inline_queries: dict[str, InlineQueryRecord] = {}
        self.updates: list[JSON] = []
        self.time_offset = 0.0  # seconds the control API moved the wall clock forward
        self.method_counts: dict[str, int] = {}
        # Every refused Bot API call (method, code, description): tests assert it stays empty.
        self.api_errors: list[tuple[str, int, str]] = []

    # ---- identity -------------------------------------------------------------------
    def bot_user(self) -> JSON:
        """The bot as a Bot API ``User``."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    def next_id(self) -> int:
        """A fresh number for ids (files, queries)."""
        self._counter += 1
        return self._counter

    def now(self) -> int:
        """Unix time for ``date`` fields (the wall clock, moved by `advance_time`)."""
        return int(self.wall_clock() + self.time_offset)

    def advance_time(self, seconds: float) -> int:
        """Move the wall clock forward (message ages); returns the new `now`."""
        if seconds < 0:
            raise ValueError("time only moves forward")
        self.time_offset += seconds
        return self.now()

    # ---- users and chats ------------------------------------------------------------
    def ensure_user(
        self,
        user_id: int,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> SandboxUser:
        """Create the user or update the given fields."""
        user = self.users.get(user_id)
        if user is None:
            user = SandboxUser(user_id, first_name or f"User {user_id}")
            self.users[user_id] = user
        if first_name:
            user.first_name = first_name
        if last_name is not None:
            user.last_name = last_name
        if username is not None:
            user.username = username
        if language_code is not None:
            user.language_code = language_code
        return user

    def ensure_chat(
        self, chat_id: int, *, user_id: int | None = None, title: str | None = None
    ) -> SandboxChat:
        """The private chat of `user_id` (chat_id == user_id) or a group (negative id)."""
        chat = self.chats.get(chat_id)
        if chat is None:
            if chat_id > 0:
                chat = SandboxChat(chat_id, "private", user_id=chat_id)
            else:
                kind = "supergroup" if str(chat_id).startswith("-100") else "group"
                chat = SandboxChat(chat_id, kind, title=title or f"Group {-chat_id}")
            self.chats[chat_id] = chat
        if title and chat.is_group:
            chat.title = title
        return chat

    def chat_to_api(self, chat: SandboxChat) -> JSON:
        """Bot API ``Chat`` object."""
        if chat.is_group:
            group: JSON = {"id": chat.id, "type": chat.type, "title": chat.title}
            if chat.is_forum:
                group["is_forum"] = True
            return group
        data: JSON = {"id": chat.id, "type": "private"}
        user = self.users.get(chat.id)
        if user is not None:
            data["first_name"] = user.first_name
            if user.last_name:
                data["last_name"] = user.last_name
            if user.username:
                data["username"] = user.username
        return data

    def target_chat(self, chat_id: int, *, for_sending: bool = True) -> SandboxChat:
        """The chat the bot addresses; raises chat not found / blocked like Telegram."""
        chat = self.chats.get(chat_id)
        if chat is None or not chat.started:
            raise bad_request("chat not found")
        user = self.users.get(chat.id)
        if for_sending and not chat.is_group and user is not None and user.blocked:
            raise BotApiError(403, "Forbidden: bot was blocked by the user")
        return chat

    # ---- messages -------------------------------------------------------------------
    def add_message(self, chat: SandboxChat, **fields: Any) -> SandboxMessage:
        """Store a new message in `chat` and return it."""
        message = SandboxMessage(
            message_id=chat.next_message_id, chat_id=chat.id, date=self.now(), **fields
        )
        chat.next_message_id += 1
        chat.messages[message.message_id] = message
        if message.from_bot:
            self.touch_bot_activity(chat, message)
        return message

    def touch_bot_activity(self, chat: SandboxChat, message: SandboxMessage) -> None:
        """Record that the bot changed `message` (send, edit, delete); wakes waiters."""
        chat.seq += 1
        message.seq = chat.seq
        chat.last_bot_activity = self.clock()
        self.notify()

    def find_message(self, chat_id: int, message_id: int) -> SandboxMessage | None:
        """A live (not deleted) message, or None."""
        chat = self.chats.get(chat_id)
        message = chat.messages.get(message_id) if chat else None
        return None if message is None or message.deleted else message

    def message_to_api(self, message: SandboxMessage, *, with_reply: bool = True) -> JSON:
        """Bot API ``Message`` object for the current version of `message`."""
        chat = self.chats[message.chat_id]
        data: JSON = {
            "message_id": message.message_id,
            "date": message.date,
            "chat": self.chat_to_api(chat),
        }
        if message.from_bot:
            data["from"] = self.bot_user()
        elif message.user_id is not None and message.user_id in self.users:
            data["from"] = self.users[message.user_id].to_api()
        if message.text is not None:
            data["text"] = message.text
            if message.entities:
                data["entities"] = message.entities
        for key in ("document", "photo", "caption", "reply_markup", "edit_date"):
            if (value := getattr(message, key)) is not None:
                data[key] = value
        if message.caption_entities:
            data["caption_entities"] = message.caption_entities
        if message.message_thread_id is not None:
            data["message_thread_id"] = message.message_thread_id
            data["is_topic_message"] = True
        if message.service:
            data.update(message.service)
        # In a topic, a message that replies to nothing replies to the topic's first message.
        reply_to = message.reply_to or message.message_thread_id
        if with_reply and reply_to is not None and reply_to != message.message_id:
            replied = chat.messages.get(reply_to)
            if replied is not None and not replied.deleted:
                data["reply_to_message"] = self.message_to_api(replied, with_reply=False)
        return data

    def bot_messages_since(self, chat: SandboxChat, seq: int) -> list[SandboxMessage]:
        """Bot messages sent, edited or deleted after activity marker `seq`."""
        found = [m for m in chat.messages.values() if m.from_bot and m.seq > seq]
        return sorted(found, key=lambda m: m.message_id)

    async def wait_for_bot(
        self, chat_id: int, *, after: int, min_count: int, quiet: float, max_wait: float
    ) -> tuple[list[SandboxMessage], bool]:
        """Wait until ≥ `min_count` bot messages changed after `after` and then `quiet`
        seconds passed without bot activity in the chat. Returns (messages, timed_out)."""
        start = self.clock()
        deadline = start + max_wait
        while True:
            event = self.pulse.waiter()
            chat = self.chats.get(chat_id)
            changed = self.bot_messages_since(chat, after) if chat else []
            now = self.clock()
            wait = deadline - now
            if chat is not None and len(changed) >= min_count:
                idle = now - max(chat.last_bot_activity, start)
                if idle >= quiet:
                    return changed, False
                wait = min(wait, quiet - idle)
            if deadline - now <= 0:
                return changed, True
            await self.pulse.wait(event, max(wait, 0.001))

    # ---- updates --------------------------------------------------------------------
    def notify(self) -> None:
        """Wake every waiter."""
        self.pulse.fire()

    def push_update(self, kind: str, payload: JSON) -> JSON:
        """Queue an update for the bot (polling or webhook) and wake the receivers."""
        update = {"update_id": self.next_update_id, kind: payload}
        self.next_update_id += 1
        self.updates.append(update)
        self.notify()
        return update

    def push_raw_update(self, fields: JSON) -> JSON:
        """Queue an update with any content, as given (e.g. one the bot's library cannot
        read); only ``update_id`` is the server's."""
        if not fields or "update_id" in fields:
            raise ValueError("give at least one field, and no update_id")
        update = {"update_id": self.next_update_id, **fields}
        self.next_update_id += 1
        self.updates.append(update)
        self.notify()
        return update

    def _allowed(self, update: JSON) -> bool:
        kind = next(k for k in update if k != "update_id")
        if self.allowed_updates:
            return kind in self.allowed_updates
        return kind not in _NOT_DEFAULT_UPDATES

    def confirm(self, offset: int | None) -> None:
        """Forget updates below `offset` (negative: keep only the last -offset)."""
        if offset is None or offset == 0:
            return
        if offset < 0:
            self.updates = self.updates[offset:]
        else:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]

    def deliverable(self, limit: int) -> list[JSON]:
        """Pending updates the bot accepts (not-allowed ones are dropped)."""
        self.updates = [u for u in self.updates if self._allowed(u)]
        return self.updates[:limit]

    async def get_updates(
        self, offset: int | None, limit: int, poll_seconds: float, allowed: list[str] | None
    ) -> list[JSON]:
        """Long polling as in the Bot API."""
        if self.webhook.config is not None:
            raise BotApiError(409, CONFLICT_WEBHOOK)
        if allowed is not None:
            self.allowed_updates = list(allowed)
        deadline = self.clock() + max(poll_seconds, 0.0)
        self._poll_generation += 1
        generation = self._poll_generation
        self.notify()
        self.confirm(offset)
        while True:
            event = self.pulse.waiter()
            if generation != self._poll_generation:
                raise BotApiError(409, CONFLICT_POLLING)
            if self.webhook.config is not None:
                raise BotApiError(409, CONFLICT_WEBHOOK)
            ready = self.deliverable(limit)
            remaining = deadline - self.clock()
            if ready or remaining <= 0 or self.closing:
                return ready
            await self.pulse.wait(event, remaining)

    # ---- files and commands ---------------------------------------------------------
    def store_file(
        self, content: bytes, *, kind: str, file_name: str | None, mime_type: str | None
    ) -> StoredFile:
        """Keep uploaded bytes and give them a file_id and a download path."""
        number = self.next_id()
        prefix = "AgAC" if kind == "photo" else "BQAC"
        suffix = "jpg" if kind == "photo" else (file_name or "").rsplit(".", 1)[-1].lower()
        if not (suffix.isascii() and suffix.isalnum() and len(suffix) <= 8):
            suffix = "bin"
        stored = StoredFile(
            file_id=f"{prefix}sandbox{number:06d}",
            file_unique_id=f"AQAD{number:06d}",
            content=content,
            file_path=f"{kind}s/file_{number}.{suffix}",
            file_name=file_name,
            mime_type=mime_type,
        )
        self.files[stored.file_id] = stored
        self.file_paths[stored.file_path] = stored.file_id
        return stored

    @staticmethod
    def scope_key(scope: JSON | None) -> str:
        """Canonical key of a BotCommandScope."""
        return json.dumps(scope or {"type": "default"}, sort_keys=True)

    # ---- life cycle -----------------------------------------------------------------
    def record_error(self, method: str, code: int, description: str) -> None:
        """Remember a refused Bot API call (bounded, newest kept)."""
        self.api_errors.append((method, code, description))
        del self.api_errors[:-1000]

    def count_call(self, method: str) -> None:
        """Count Bot API calls per method (for tests and benchmarks)."""
        self.method_counts[method] = self.method_counts.get(method, 0) + 1

    async def reset(self) -> None:
        """Forget users, chats, updates, files, counts and knobs.

        The bot's own configuration (identity, commands, webhook, allowed_updates) and the
        update id sequence stay, so a running bot is not disturbed.
        """
        self._init_world()
        self.limiter.configure(type(self.limiter.config)())
        self.faults.configure(type(self.faults.config)())
        self.notify()

    async def aclose(self) -> None:
        """Stop the webhook sender and release long polls."""
        self.closing = True
        await self.webhook.stop()
        self.notify()


__all__ = [
    "CONFLICT_POLLING",
    "CONFLICT_WEBHOOK",
    "BotApiError",
    "CallbackQueryRecord",
    "ForumTopic",
    "InlineQueryRecord",
    "Pulse",
    "SandboxChat",
    "SandboxMessage",
    "SandboxUser",
    "StoredFile",
    "TelegramState",
    "WebhookConfig",
    "bad_request",
]
