"""What the simulated users do: write, press buttons, query inline, upload, block.

`UserActions` turns each action into the message or update Telegram would produce (with
entities detected as Telegram does, so PTB's CommandHandler and ``filters.Mention`` work)
and returns plain JSON for the control API. `ControlError` carries an HTTP status for
misuse of the control API (unknown chat, no such button, a closed topic…). Groups, their
members and forum topics are set up by `telegram_groups`.
"""

from __future__ import annotations

from typing import Any

from sandbox.telegram_groups import configure_group, user_thread
from sandbox.telegram_html import detect_entities, entity_text
from sandbox.telegram_methods import document_json, image_size
from sandbox.telegram_models import ControlError
from sandbox.telegram_state import (
    CallbackQueryRecord,
    InlineQueryRecord,
    SandboxChat,
    SandboxMessage,
    SandboxUser,
    TelegramState,
)

JSON = dict[str, Any]
__all__ = ["ControlError", "UserActions", "message_view"]


def message_view(message: SandboxMessage) -> JSON:
    """A message as the control API shows it (current version and history flags)."""
    keyboard = (message.reply_markup or {}).get("inline_keyboard") or []
    return {
        "message_id": message.message_id,
        "chat_id": message.chat_id,
        "from_bot": message.from_bot,
        "user_id": message.user_id,
        "date": message.date,
        "html": message.html,
        "text": message.text,
        "caption": message.caption,
        "entities": message.entities or message.caption_entities,
        "keyboard": [[dict(button) for button in row] for row in keyboard],
        "reply_keyboard": message.reply_keyboard,
        "document": message.document,
        "photo": message.photo,
        "reply_to": message.reply_to,
        "message_thread_id": message.message_thread_id,
        "service": message.service,
        "edited": message.edit_count > 0,
        "edit_count": message.edit_count,
        "deleted": message.deleted,
        "seq": message.seq,
    }


class UserActions:
    """The control API's operations on a `TelegramState`."""

    def __init__(self, state: TelegramState) -> None:
        self.state = state

    # ---- helpers --------------------------------------------------------------------
    def _user(self, data: JSON) -> SandboxUser:
        user_id = data.get("user_id")
        if not isinstance(user_id, int) or user_id <= 0:
            raise ControlError(400, "user_id must be a positive integer")
        return self.state.ensure_user(
            user_id,
            first_name=data.get("first_name"),
            last_name=data.get("last_name"),
            username=data.get("username"),
            language_code=data.get("language_code"),
        )

    def _chat_for(
        self, user: SandboxUser, chat_id: int | None, title: str | None = None
    ) -> SandboxChat:
        if chat_id is None or chat_id == user.id:
            chat = self.state.ensure_chat(user.id)
        elif chat_id < 0:
            chat = self.state.ensure_chat(chat_id, title=title)
        else:
            raise ControlError(400, "a private chat's id is the user's id; groups are negative")
        chat.started = True
        if chat.is_group:
            chat.members.add(user.id)
        return chat

    def existing_chat(self, chat_id: int) -> SandboxChat:
        """A chat that exists, or a 404 control error."""
        chat = self.state.chats.get(chat_id)
        if chat is None:
            raise ControlError(404, f"chat {chat_id} does not exist")
        return chat

    def _membership_update(self, user: SandboxUser, old: str, new: str) -> None:
        chat = self.state.chats.get(user.id)
        if chat is None or not chat.started:
            return
        bot = self.state.bot_user()
        new_member: JSON = {"status": new, "user": bot}
        if new == "kicked":
            new_member["until_date"] = 0
        old_member: JSON = {"status": old, "user": bot}
        if old == "kicked":
            old_member["until_date"] = 0
        self.state.push_update(
            "my_chat_member",
            {
                "chat": self.state.chat_to_api(chat),
                "from": user.to_api(),
                "date": self.state.now(),
                "old_chat_member": old_member,
                "new_chat_member": new_member,
            },
        )

    def _addressed_to_bot(self, chat: SandboxChat, message: SandboxMessage) -> bool:
        # Privacy mode: in a group, a bot sees commands, mentions and replies to it only,
        # unless it is an administrator there (then it sees every message, as on Telegram).
        if not chat.is_group or not self.state.group_privacy or chat.bot_rights is not None:
            return True
        mention = f"@{self.state.bot_username}".lower()
        for entity in message.entities:
            if entity["type"] == "bot_command":
                return True
            if (
                entity["type"] == "mention"
                and entity_text(message.text or "", entity).lower() == mention
            ):
                return True
        replied = chat.messages.get(message.reply_to or 0)
        return replied is not None and replied.from_bot

    def _post(self, user: SandboxUser, chat: SandboxChat, **fields: Any) -> JSON:
        if not chat.is_group and user.blocked:
            user.blocked = False  # writing to a blocked bot means restarting it
            self._membership_update(user, "kicked", "member")
        marker = chat.seq
        message = self.state.add_message(chat, from_bot=False, user_id=user.id, **fields)
        payload = self.state.message_to_api(message)
        update_id = None
        if self._addressed_to_bot(chat, message):
            update_id = self.state.push_update("message", payload)["update_id"]
        return {"message": payload, "update_id": update_id, "marker": marker}

    # ---- actions --------------------------------------------------------------------
    def ensure_user(self, data: JSON) -> JSON:
        """Create or update a user."""
        return self._user(data).to_api()

    def ensure_group(self, data: JSON) -> JSON:
        """Create or update a group chat (negative id) the bot is a member of."""
        return self.state.chat_to_api(configure_group(self.state, data))

    def send_text(self, data: JSON) -> JSON:
        """A user writes `text` in a private chat (default) or a group."""
        user = self._user(data)
        text = data.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ControlError(400, "text must be a non-empty string")
        chat = self._chat_for(user, data.get("chat_id"), data.get("chat_title"))
        reply_to = data.get("reply_to_message_id")
        if reply_to is not None and self.state.find_message(chat.id, reply_to) is None:
            raise ControlError(404, f"message {reply_to} not found in chat {chat.id}")
        entities = data.get("entities")
        return self._post(
            user,
            chat,
            text=text,
            entities=entities if entities is not None else detect_entities(text),
            reply_to=reply_to,
            message_thread_id=user_thread(chat, user, data.get("message_thread_id"), reply_to),
        )

    def upload(self, data: JSON, content: bytes) -> JSON:
        """A user sends a document (or photo) with an optional caption."""
        user = self._user(data)
        chat = self._chat_for(user, data.get("chat_id"))
        kind = data.get("kind") or "document"
        if kind not in ("document", "photo") or not content:
            raise ControlError(400, "kind must be document or photo, content non-empty")
        thread_id = user_thread(chat, user, data.get("message_thread_id"), None)
        stored = self.state.store_file(
            content,
            kind=kind,
            file_name=data.get("filename"),
            mime_type=data.get("mime_type"),
        )
        fields: JSON = {}
        if kind == "photo":
            width, height = image_size(content)
            photo = {**document_json(stored, photo=True), "width": width, "height": height}
            fields["photo"] = [photo]
        else:
            fields["document"] = document_json(stored)
        caption = data.get("caption")
        if caption:
            fields["caption"] = caption
            fields["caption_entities"] = detect_entities(caption)
        result = self._post(user, chat, message_thread_id=thread_id, **fields)
        result["file_id"] = stored.file_id
        return result

    def _find_button(self, message: SandboxMessage, data: JSON) -> JSON:
        rows = (message.reply_markup or {}).get("inline_keyboard") or []
        buttons = [button for row in rows for button in row]
        available = [button["text"] for button in buttons]
        index, text = data.get("index"), data.get("text")
        if isinstance(index, list) and len(index) == 2:
            try:
                return dict(rows[index[0]][index[1]])
            except (IndexError, TypeError):
                raise ControlError(404, f"no button at {index}", buttons=available) from None
        if isinstance(index, int):
            if 0 <= index < len(buttons):
                return dict(buttons[index])
            raise ControlError(404, f"no button number {index}", buttons=available)
        if isinstance(text, str):
            for match in (
                lambda b: b["text"] == text,
                lambda b: b["text"].casefold() == text.casefold(),
                lambda b: text.casefold() in b["text"].casefold(),
            ):
                found = [button for button in buttons if match(button)]
                if found:
                    return dict(found[0])
            raise ControlError(404, f"no button {text!r}", buttons=available)
        if isinstance(data.get("data"), str):
            for button in buttons:
                if button.get("callback_data") == data["data"]:
                    return dict(button)
            raise ControlError(404, f"no button with data {data['data']!r}", buttons=available)
        raise ControlError(400, "give the button's text, index or data")

    def press_button(self, data: JSON) -> JSON:
        """A user presses an inline button → callback_query update."""
        user = self._user(data)
        chat = self.existing_chat(data.get("chat_id") or user.id)
        message_id = data.get("message_id")
        if message_id is None:
            candidates = [
                m
                for m in chat.messages.values()
                if m.from_bot and not m.deleted and m.reply_markup is not None
            ]
            if not candidates:
                raise ControlError(404, f"no bot message with buttons in chat {chat.id}")
            message = candidates[-1]
        else:
            found = self.state.find_message(chat.id, message_id)
            if found is None:
                raise ControlError(404, f"message {message_id} not found in chat {chat.id}")
            message = found
        button = self._find_button(message, data)
        if "callback_data" not in button:
            raise ControlError(400, "this button does not send a callback", button=button)
        query_id = str(4_000_000_000_000_000 + self.state.next_id())
        self.state.callback_queries[query_id] = CallbackQueryRecord(
            id=query_id,
            user_id=user.id,
            chat_id=chat.id,
            message_id=message.message_id,
            data=button["callback_data"],
            created=self.state.clock(),
        )
        marker = chat.seq
        update = self.state.push_update(
            "callback_query",
            {
                "id": query_id,
                "from": user.to_api(),
                "message": self.state.message_to_api(message),
                "chat_instance": str(abs(hash((self.state.bot_id, chat.id)))),
                "data": button["callback_data"],
            },
        )
        return {
            "callback_query_id": query_id,
            "update_id": update["update_id"],
            "marker": marker,
            "message_id": message.message_id,
            "button": button,
        }

    def inline_query(self, data: JSON) -> JSON:
        """A user types ``@bot query`` → inline_query update."""
        user = self._user(data)
        query = data.get("query")
        if not isinstance(query, str):
            raise ControlError(400, "query must be a string")
        query_id = str(5_000_000_000_000_000 + self.state.next_id())
        self.state.inline_queries[query_id] = InlineQueryRecord(
            id=query_id, user_id=user.id, query=query, created=self.state.clock()
        )
        update = self.state.push_update(
            "inline_query",
            {
                "id": query_id,
                "from": user.to_api(),
                "query": query,
                "offset": data.get("offset") or "",
                "chat_type": data.get("chat_type") or "sender",
            },
        )
        return {"inline_query_id": query_id, "update_id": update["update_id"]}

    def set_blocked(self, user_id: int, blocked: bool) -> JSON:
        """Block or unblock the bot (sends my_chat_member like Telegram)."""
        user = self.state.users.get(user_id)
        if user is None:
            raise ControlError(404, f"user {user_id} does not exist")
        if user.blocked != blocked:
            user.blocked = blocked
            old, new = ("member", "kicked") if blocked else ("kicked", "member")
            self._membership_update(user, old, new)
        return {"user_id": user_id, "blocked": blocked}

    def chat_view(
        self, chat_id: int, *, include_deleted: bool = True, thread_id: int | None = None
    ) -> JSON:
        """A chat and all its messages in order (only those of topic `thread_id` if given)."""
        chat = self.existing_chat(chat_id)
        messages = sorted(chat.messages.values(), key=lambda m: m.message_id)
        if thread_id is not None:
            messages = [m for m in messages if m.message_thread_id == thread_id]
        return {
            "chat": self.state.chat_to_api(chat),
            "marker": chat.seq,
            "chat_actions": list(chat.chat_actions),
            "messages": [message_view(m) for m in messages if include_deleted or not m.deleted],
        }
