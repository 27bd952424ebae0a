"""Groups for the control API: members, administrators, the bot's rights, forum topics.

`configure_group` creates or updates a group from a control request::

    {chat_id, title?, is_forum?, members?: [user_id], admins?: [user_id],
     bot_rights?: {can_manage_topics?, can_delete_messages?, ...} | null}

A forum must be a supergroup (its id starts with -100). ``bot_rights`` makes the bot an
administrator with exactly those rights (null: an ordinary member again).

`user_thread` decides the topic a simulated user writes in. A user writes only in a topic
that exists; in a closed topic only an administrator may write (Telegram answers anyone
else ``TOPIC_CLOSED``), so the control API refuses the message with 403.
"""

from __future__ import annotations

from typing import Any

from sandbox.telegram_models import ControlError
from sandbox.telegram_state import SandboxChat, SandboxUser, TelegramState

JSON = dict[str, Any]
BOT_RIGHTS = frozenset(
    {
        "can_manage_chat",
        "can_delete_messages",
        "can_manage_video_chats",
        "can_restrict_members",
        "can_promote_members",
        "can_change_info",
        "can_invite_users",
        "can_pin_messages",
        "can_manage_topics",
        "can_post_stories",
        "can_edit_stories",
        "can_delete_stories",
        "is_anonymous",
    }
)


def _user_ids(state: TelegramState, data: JSON, key: str) -> list[int]:
    values = data.get(key) or []
    if not isinstance(values, list) or not all(isinstance(v, int) and v > 0 for v in values):
        raise ControlError(400, f"{key} must be a list of positive user ids")
    for user_id in values:
        state.ensure_user(user_id)
    return list(values)


def _bot_rights(value: Any) -> dict[str, bool] | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not set(value) <= BOT_RIGHTS:
        raise ControlError(400, f"bot_rights: an object with keys among {sorted(BOT_RIGHTS)}")
    return {key: bool(flag) for key, flag in value.items()}


def configure_group(state: TelegramState, data: JSON) -> SandboxChat:
    """Create or update the group `data` describes; returns it."""
    chat_id = data.get("chat_id")
    if not isinstance(chat_id, int) or chat_id >= 0:
        raise ControlError(400, "chat_id of a group must be a negative integer")
    is_forum = data.get("is_forum")
    if is_forum and not str(chat_id).startswith("-100"):
        raise ControlError(400, "a forum is a supergroup: its chat_id starts with -100")
    members = _user_ids(state, data, "members")
    admins = _user_ids(state, data, "admins")
    rights = _bot_rights(data.get("bot_rights")) if "bot_rights" in data else None
    chat = state.ensure_chat(chat_id, title=data.get("title"))
    chat.started = True
    if is_forum is not None:
        chat.is_forum = bool(is_forum)
        # Message 1 of a forum is its creation; thread id 1 is the General topic.
        chat.next_message_id = max(chat.next_message_id, 2)
    chat.members.update(members, admins)
    chat.admins.update(admins)
    if "bot_rights" in data:
        chat.bot_rights = rights
    return chat


def user_thread(
    chat: SandboxChat, user: SandboxUser, thread_id: Any, reply_to: int | None
) -> int | None:
    """The topic a user's message goes to (None: the chat itself / General topic)."""
    if thread_id is None:
        replied = chat.messages.get(reply_to or 0)
        thread_id = replied.message_thread_id if replied is not None else None
        if thread_id is None:
            return None
    if not isinstance(thread_id, int):
        raise ControlError(400, "message_thread_id must be an integer")
    topic = chat.live_topic(thread_id)
    if topic is None:
        raise ControlError(404, f"message thread {thread_id} not found in chat {chat.id}")
    if topic.closed and user.id not in chat.admins:
        raise ControlError(
            403, "the topic is closed: only administrators can write in it", code="TOPIC_CLOSED"
        )
    return thread_id


def group_view(chat: SandboxChat) -> JSON:
    """Members, administrators, the bot's rights and the topics of a group."""
    return {
        "chat_id": chat.id,
        "is_forum": chat.is_forum,
        "members": sorted(chat.members),
        "admins": sorted(chat.admins),
        "bot_rights": chat.bot_rights,
        "topics": [
            {**topic.to_api(), "closed": topic.closed, "deleted": topic.deleted}
            for topic in sorted(chat.topics.values(), key=lambda t: t.message_thread_id)
        ],
    }
