"""Forum topics of supergroups: createForumTopic, editForumTopic, close/reopen, delete.

A topic is identified by the id of the ``forum_topic_created`` service message that opens
it (its ``message_thread_id``). Every change posts the service message Telegram posts in the
topic. Checks and wording follow tdlib's ForumTopicManager (what the Bot API server relays):
the chat must be a forum, the bot needs ``can_manage_topics`` to create a topic and, for a
topic it did not create, to edit, close or reopen it (``can_delete_messages`` to delete it).
Like tdlib, a name is cleaned and cut to 128 characters, and only an empty one is refused.

`message_thread` decides the topic of a message the bot sends: unknown or deleted topics
are ``message thread not found``; a closed topic needs ``can_manage_topics``
(``TOPIC_CLOSED`` otherwise, as for any member who is not an administrator).
"""

from __future__ import annotations

import re
from typing import Any

from sandbox.telegram_params import Params
from sandbox.telegram_state import ForumTopic, SandboxChat, TelegramState, bad_request

JSON = dict[str, Any]
# The colours Telegram allows (Bot API docs of createForumTopic; tdlib's forumTopicIcon).
ICON_COLORS = (0x6FB9F0, 0xFFD67E, 0xCB86DB, 0x8EEE98, 0xFF93B2, 0xFB6F5F)
MAX_TOPIC_NAME = 128
_SPACES_RE = re.compile(r"[\s\x00-\x1f\x7f]+")


def clean_topic_name(name: str) -> str:
    """tdlib's clean_name: runs of spaces and line breaks become one space; at most 128
    characters; surrounding spaces go."""
    return _SPACES_RE.sub(" ", name)[:MAX_TOPIC_NAME].strip()


def message_thread(chat: SandboxChat, params: Params, reply_to: int | None) -> int | None:
    """The topic a message the bot sends goes to (None: the chat itself / General topic).

    Without ``message_thread_id`` a reply goes to the topic of the message it replies to.
    A non-forum chat has no topics: any ``message_thread_id`` there is not found (the real
    server also knows the reply threads of ordinary supergroups; the sandbox does not).
    """
    thread_id = params.get_int("message_thread_id")
    if not thread_id:
        replied = chat.messages.get(reply_to or 0)
        thread_id = replied.message_thread_id if replied is not None else None
        if thread_id is None:
            return None
    topic = chat.live_topic(thread_id)
    if topic is None:
        raise bad_request("message thread not found")
    if topic.closed and not chat.bot_can("can_manage_topics"):
        raise bad_request("TOPIC_CLOSED")
    return topic.message_thread_id


class ForumMethods:
    """The forum topic methods of the Bot API, bound to one `TelegramState`."""

    def __init__(self, state: TelegramState) -> None:
        self.state = state

    def _forum(self, params: Params) -> SandboxChat:
        chat = self.state.target_chat(params.chat_id())
        if not chat.is_forum:
            raise bad_request("the chat is not a forum")
        return chat

    def _topic(self, chat: SandboxChat, params: Params, right: str, action: str) -> ForumTopic:
        thread_id = params.get_int("message_thread_id") or 0
        if thread_id <= 0:
            raise bad_request("invalid message thread identifier specified")
        topic = chat.live_topic(thread_id)
        if topic is None:
            # The server's answer (tdlib forwards it); TOPIC_ID_INVALID is what it reports
            # for an id that is not a topic.
            raise bad_request("TOPIC_ID_INVALID")
        if not topic.created_by_bot and not chat.bot_can(right):
            raise bad_request(f"not enough rights to {action}")
        return topic

    def _service(self, chat: SandboxChat, thread_id: int, key: str, value: JSON) -> None:
        self.state.add_message(
            chat, from_bot=True, message_thread_id=thread_id, service={key: value}
        )

    async def create_forum_topic(self, params: Params) -> JSON:
        """createForumTopic -> ForumTopic; posts forum_topic_created in the new topic."""
        chat = self._forum(params)
        if not chat.bot_can("can_manage_topics"):
            raise bad_request("not enough rights to create a topic")
        name = clean_topic_name(params.get_str("name") or "")
        if not name:
            raise bad_request("title must be non-empty")
        color = params.get_int("icon_color") or 0
        if color == 0:
            color = ICON_COLORS[0]  # the server picks a colour when none is given
        elif color not in ICON_COLORS:
            # tdlib's wording for a colour outside 0..0xFFFFFF; for a valid RGB value that is
            # not one of the six, the server's answer is undocumented: we refuse alike.
            raise bad_request("invalid icon color specified")
        topic = ForumTopic(
            message_thread_id=chat.next_message_id,
            name=name,
            icon_color=color,
            icon_custom_emoji_id=params.get_str("icon_custom_emoji_id") or None,
            created_by_bot=True,
        )
        chat.topics[topic.message_thread_id] = topic
        created = {k: v for k, v in topic.to_api().items() if k != "message_thread_id"}
        self._service(chat, topic.message_thread_id, "forum_topic_created", created)
        return topic.to_api()

    async def edit_forum_topic(self, params: Params) -> bool:
        """editForumTopic (name and/or icon_custom_emoji_id)."""
        chat = self._forum(params)
        topic = self._topic(chat, params, "can_manage_topics", "edit the topic")
        raw_name = params.get_str("name") or ""
        emoji_given = "icon_custom_emoji_id" in params.values
        if not raw_name and not emoji_given:
            return True  # tdlib answers at once: nothing to change
        name = clean_topic_name(raw_name) if raw_name else topic.name
        if not name:
            raise bad_request("title must be non-empty")
        emoji = (params.get_str("icon_custom_emoji_id") or None) if emoji_given else None
        if not emoji_given:
            emoji = topic.icon_custom_emoji_id
        if (name, emoji) == (topic.name, topic.icon_custom_emoji_id):
            raise bad_request("TOPIC_NOT_MODIFIED")
        edited: JSON = {}
        if name != topic.name:
            edited["name"] = name
        if emoji_given:
            edited["icon_custom_emoji_id"] = emoji or ""
        topic.name, topic.icon_custom_emoji_id = name, emoji
        self._service(chat, topic.message_thread_id, "forum_topic_edited", edited)
        return True

    async def _set_closed(self, params: Params, closed: bool) -> bool:
        chat = self._forum(params)
        topic = self._topic(chat, params, "can_manage_topics", "close or open the topic")
        if topic.closed == closed:
            raise bad_request("TOPIC_NOT_MODIFIED")
        topic.closed = closed
        key = "forum_topic_closed" if closed else "forum_topic_reopened"
        self._service(chat, topic.message_thread_id, key, {})
        return True

    async def close_forum_topic(self, params: Params) -> bool:
        """closeForumTopic."""
        return await self._set_closed(params, True)

    async def reopen_forum_topic(self, params: Params) -> bool:
        """reopenForumTopic."""
        return await self._set_closed(params, False)

    async def delete_forum_topic(self, params: Params) -> bool:
        """deleteForumTopic: the topic and all its messages."""
        chat = self._forum(params)
        topic = self._topic(chat, params, "can_delete_messages", "delete the topic")
        topic.deleted = True
        for message in chat.messages.values():
            if message.message_thread_id == topic.message_thread_id and not message.deleted:
                message.deleted = True
                if message.from_bot:
                    self.state.touch_bot_activity(chat, message)
        return True
