"""copyMessage: send a copy of a text, photo or document message, without a link to it.

As the Bot API: the source chat must be known (``chat not found``) and the message live
(``message to copy not found``); service messages (forum topic events) can't be copied; a
``caption`` given replaces the media's caption (parsed with ``parse_mode``); the copy may go
to a forum topic (``message_thread_id``), reply to a message and carry a keyboard; it
answers a ``MessageId``. The source's inline keyboard is not copied.
"""

from __future__ import annotations

from typing import Any

from sandbox.telegram_forum import message_thread
from sandbox.telegram_markup import inline_keyboard
from sandbox.telegram_methods import MessageMethods
from sandbox.telegram_params import Params
from sandbox.telegram_state import bad_request

JSON = dict[str, Any]


class CopyMethods(MessageMethods):
    """copyMessage, reusing the validation helpers of `MessageMethods`."""

    async def copy_message(self, params: Params) -> JSON:
        """copyMessage -> MessageId."""
        chat = self.state.target_chat(params.chat_id())
        source_chat = self.state.chats.get(params.chat_id(name="from_chat_id"))
        if source_chat is None or not source_chat.started:
            raise bad_request("chat not found")
        source = self.state.find_message(source_chat.id, params.message_id())
        if source is None:
            raise bad_request("message to copy not found")
        if source.service:
            raise bad_request("message can't be copied")
        fields: JSON = {"html": source.html, "text": source.text, "entities": list(source.entities)}
        if source.text is None:
            fields = {
                "photo": source.photo,
                "document": source.document,
                "caption": source.caption,
                "caption_entities": list(source.caption_entities),
            }
            if "caption" in params.values:
                html = params.get_str("caption")
                parsed = self._text(html, params, caption=True, entities_key="caption_entities")
                fields.update(html=html, caption=parsed.text or None)
                fields["caption_entities"] = parsed.entities
        markup = self._markup(params)
        reply_to = self._reply_target(chat, params)
        thread_id = message_thread(chat, params, reply_to)
        self._flood("copyMessage", chat)
        message = self.state.add_message(
            chat,
            from_bot=True,
            reply_markup=inline_keyboard(markup),
            reply_keyboard=None if inline_keyboard(markup) else markup,
            reply_to=reply_to,
            message_thread_id=thread_id,
            **fields,
        )
        return {"message_id": message.message_id}
