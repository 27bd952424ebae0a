"""Bot API methods that put, change or remove messages and files in chats.

`MessageMethods` validates like Telegram (HTML entities, lengths, keyboards, chat access,
forum topics, flood limits) and records the result in `TelegramState`. Also as Telegram:
edits take inline keyboards only; photos are at most 10 MB and width + height at most
10,000 (ratio at most 20); deleteMessage refuses, in private chats and basic groups, a
message older than 48 hours or one the bot may not delete ("can't be deleted for
everyone", tdlib's can_revoke_message), and in supergroups a message of someone else
without ``can_delete_messages`` ("can't be deleted"). The remaining methods (updates,
webhooks, answers, commands) are in `telegram_api`, which also dispatches calls.
"""

from __future__ import annotations

import mimetypes
import struct
from typing import Any

from sandbox.telegram_forum import message_thread
from sandbox.telegram_html import ParsedText, TextError, format_text
from sandbox.telegram_markup import inline_keyboard, inline_only, validate_reply_markup
from sandbox.telegram_params import Params, require
from sandbox.telegram_state import (
    BotApiError,
    SandboxChat,
    SandboxMessage,
    StoredFile,
    TelegramState,
    bad_request,
)

JSON = dict[str, Any]
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
MAX_DOWNLOAD = 20 * 1024 * 1024
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PHOTO_SIDES = 10_000  # width + height
MAX_PHOTO_RATIO = 20
REVOKE_TIME_LIMIT = 48 * 3600  # tdlib's revoke_time_limit option for bots


def image_size(content: bytes) -> tuple[int, int]:
    """Width and height of a PNG, GIF or JPEG image (320×320 when unknown)."""
    if content[:8] == b"\x89PNG\r\n\x1a\n" and len(content) >= 24:
        width, height = struct.unpack(">II", content[16:24])
        return int(width), int(height)
    if content[:6] in (b"GIF87a", b"GIF89a") and len(content) >= 10:
        width, height = struct.unpack("<HH", content[6:10])
        return int(width), int(height)
    if content[:2] == b"\xff\xd8":
        i = 2
        while i + 9 < len(content):
            if content[i] != 0xFF:
                break
            marker = content[i + 1]
            length = int.from_bytes(content[i + 2 : i + 4], "big")
            if marker in (0xC0, 0xC1, 0xC2):
                height, width = struct.unpack(">HH", content[i + 5 : i + 9])
                return int(width), int(height)
            i += 2 + length
    return 320, 320


def check_photo(content: bytes) -> None:
    """Refuse an uploaded photo Telegram would refuse (size first, as tdlib checks it
    before uploading; then the server's dimension rules)."""
    if len(content) > MAX_PHOTO_BYTES:
        raise bad_request(
            f"file of size {len(content)} bytes is too big for a photo; "
            f"the maximum size is {MAX_PHOTO_BYTES} bytes"
        )
    width, height = image_size(content)
    short, long = sorted((width, height))
    if width + height > MAX_PHOTO_SIDES or long > MAX_PHOTO_RATIO * short:
        raise bad_request("PHOTO_INVALID_DIMENSIONS")


class MessageMethods:
    """sendMessage, edits, deleteMessage, sendPhoto/sendDocument, getFile, sendChatAction."""

    def __init__(self, state: TelegramState) -> None:
        self.state = state

    # ---- helpers --------------------------------------------------------------------
    def _text(
        self, text: str | None, params: Params, *, caption: bool, entities_key: str
    ) -> ParsedText:
        try:
            return format_text(
                text,
                params.get_str("parse_mode"),
                params.get_json(entities_key),
                caption=caption,
                strict_ampersand=self.state.strict_ampersand,
            )
        except TextError as exc:
            raise BotApiError(400, exc.description) from exc

    def _markup(self, params: Params) -> JSON | None:
        raw = params.get_json("reply_markup", what="reply keyboard markup")
        return validate_reply_markup(raw)

    def _flood(self, method: str, chat: SandboxChat) -> None:
        limiter = self.state.limiter
        if not limiter.counts(method):
            return
        wait = limiter.check(chat.id, is_group=chat.is_group)
        if wait is not None:
            raise BotApiError(429, f"Too Many Requests: retry after {wait}", {"retry_after": wait})

    def _reply_target(self, chat: SandboxChat, params: Params) -> int | None:
        reply_to, allow_without = params.reply_to()
        if reply_to is None:
            return None
        if self.state.find_message(chat.id, reply_to) is None:
            require(allow_without, "Bad Request: message to be replied not found")
            return None
        return reply_to

    def _editable(self, params: Params) -> tuple[SandboxChat, SandboxMessage]:
        if params.raw("inline_message_id") is not None:
            raise bad_request("MESSAGE_ID_INVALID")
        chat = self.state.target_chat(params.chat_id())
        message = self.state.find_message(chat.id, params.message_id())
        if message is None:
            raise bad_request("message to edit not found")
        require(message.from_bot, "Bad Request: message can't be edited")
        return chat, message

    def _finish_edit(self, chat: SandboxChat, message: SandboxMessage) -> JSON:
        message.edit_count += 1
        message.edit_date = self.state.now()
        self.state.touch_bot_activity(chat, message)
        return self.state.message_to_api(message)

    # ---- methods --------------------------------------------------------------------
    async def send_message(self, params: Params) -> JSON:
        """sendMessage."""
        chat = self.state.target_chat(params.chat_id())
        html = params.get_str("text")
        parsed = self._text(html, params, caption=False, entities_key="entities")
        markup = self._markup(params)
        reply_to = self._reply_target(chat, params)
        thread_id = message_thread(chat, params, reply_to)
        self._flood("sendMessage", chat)
        message = self.state.add_message(
            chat,
            from_bot=True,
            html=html,
            text=parsed.text,
            entities=parsed.entities,
            reply_markup=inline_keyboard(markup),
            reply_keyboard=None if inline_keyboard(markup) else markup,
            reply_to=reply_to,
            message_thread_id=thread_id,
        )
        return self.state.message_to_api(message)

    async def edit_message_text(self, params: Params) -> JSON:
        """editMessageText."""
        chat, message = self._editable(params)
        html = params.get_str("text")
        parsed = self._text(html, params, caption=False, entities_key="entities")
        markup = inline_only(self._markup(params))
        require(message.text is not None, "Bad Request: there is no text in the message to edit")
        self._flood("editMessageText", chat)
        current = (message.text, message.entities, message.reply_markup)
        if (parsed.text, parsed.entities, markup) == current:
            raise BotApiError(400, NOT_MODIFIED)
        message.html, message.text, message.entities = html, parsed.text, parsed.entities
        message.reply_markup = markup
        return self._finish_edit(chat, message)

    async def edit_message_caption(self, params: Params) -> JSON:
        """editMessageCaption."""
        chat, message = self._editable(params)
        require(message.text is None, "Bad Request: there is no caption in the message to edit")
        parsed = self._text(
            params.get_str("caption"), params, caption=True, entities_key="caption_entities"
        )
        markup = inline_only(self._markup(params))
        current = (message.caption or "", message.caption_entities, message.reply_markup)
        if (parsed.text, parsed.entities, markup) == current:
            raise BotApiError(400, NOT_MODIFIED)
        message.caption = parsed.text or None
        message.caption_entities = parsed.entities
        message.reply_markup = markup
        return self._finish_edit(chat, message)

    async def edit_message_reply_markup(self, params: Params) -> JSON:
        """editMessageReplyMarkup."""
        chat, message = self._editable(params)
        markup = inline_only(self._markup(params))
        if markup == message.reply_markup:
            raise BotApiError(400, NOT_MODIFIED)
        message.reply_markup = markup
        return self._finish_edit(chat, message)

    async def delete_message(self, params: Params) -> bool:
        """deleteMessage."""
        chat = self.state.target_chat(params.chat_id(), for_sending=False)
        message = self.state.find_message(chat.id, params.message_id())
        if message is None:
            raise bad_request("message to delete not found")
        self._check_deletable(chat, message)
        message.deleted = True
        if message.from_bot:
            self.state.touch_bot_activity(chat, message)
        return True

    def _check_deletable(self, chat: SandboxChat, message: SandboxMessage) -> None:
        if message.service and "forum_topic_created" in message.service:
            raise bad_request("message can't be deleted")
        too_old = self.state.now() - message.date > REVOKE_TIME_LIMIT
        if chat.type == "supergroup":
            # tdlib lets the server decide (MESSAGE_DELETE_FORBIDDEN -> "can't be deleted").
            if not chat.bot_can("can_delete_messages") and (too_old or not message.from_bot):
                raise bad_request("message can't be deleted")
            return
        admin_of_group = chat.type == "group" and chat.bot_rights is not None
        may_revoke = message.from_bot or chat.type == "private" or admin_of_group
        if too_old or not may_revoke:
            raise bad_request("message can't be deleted for everyone")

    def _input_file(self, params: Params, name: str, kind: str) -> StoredFile:
        upload = params.files.get(name)
        if upload is None:
            raw = params.get_str(name)
            if not raw:
                raise bad_request(f"there is no {name} in the request")
            if raw.startswith("attach://"):
                upload = params.files.get(raw.removeprefix("attach://"))
                if upload is None:
                    raise bad_request(f"there is no {name} in the request")
            elif raw in self.state.files:
                return self.state.files[raw]
            elif raw.startswith(("http://", "https://")):
                raise bad_request("failed to get HTTP URL content")
            else:
                raise bad_request("wrong file identifier/HTTP URL specified")
        require(len(upload.content) > 0, "Bad Request: file must be non-empty")
        if kind == "photo":
            check_photo(upload.content)
        mime = upload.content_type
        if not mime or mime == "application/octet-stream":
            mime = mimetypes.guess_type(upload.filename or "")[0] or mime
        return self.state.store_file(
            upload.content, kind=kind, file_name=upload.filename, mime_type=mime
        )

    async def _send_media(self, method: str, params: Params, kind: str) -> JSON:
        chat = self.state.target_chat(params.chat_id())
        html = params.get_str("caption")
        parsed = self._text(html, params, caption=True, entities_key="caption_entities")
        markup = self._markup(params)
        stored = self._input_file(params, kind, kind)
        reply_to = self._reply_target(chat, params)
        thread_id = message_thread(chat, params, reply_to)
        self._flood(method, chat)
        fields: dict[str, Any] = {}
        if kind == "photo":
            width, height = image_size(stored.content)
            fields["photo"] = [
                {**document_json(stored, photo=True), "width": width, "height": height}
            ]
        else:
            fields["document"] = document_json(stored)
        message = self.state.add_message(
            chat,
            from_bot=True,
            html=html,
            caption=parsed.text or None,
            caption_entities=parsed.entities,
            reply_markup=inline_keyboard(markup),
            reply_keyboard=None if inline_keyboard(markup) else markup,
            reply_to=reply_to,
            message_thread_id=thread_id,
            **fields,
        )
        return self.state.message_to_api(message)

    async def send_photo(self, params: Params) -> JSON:
        """sendPhoto."""
        return await self._send_media("sendPhoto", params, "photo")

    async def send_document(self, params: Params) -> JSON:
        """sendDocument."""
        return await self._send_media("sendDocument", params, "document")

    async def get_file(self, params: Params) -> JSON:
        """getFile."""
        stored = self.state.files.get(params.get_str("file_id", required=True) or "")
        if stored is None:
            raise bad_request("invalid file_id")
        require(len(stored.content) <= MAX_DOWNLOAD, "Bad Request: file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
            "file_path": stored.file_path,
        }

    async def send_chat_action(self, params: Params) -> bool:
        """sendChatAction."""
        chat = self.state.target_chat(params.chat_id())
        action = params.get_str("action", required=True) or ""
        require(action in CHAT_ACTIONS, "Bad Request: wrong parameter action in request")
        message_thread(chat, params, None)
        chat.chat_actions.append(action)
        return True


def document_json(stored: StoredFile, *, photo: bool = False) -> JSON:
    """Bot API ``Document`` (or the common part of ``PhotoSize``) for a stored file."""
    data: JSON = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.content),
    }
    if not photo:
        if stored.file_name:
            data["file_name"] = stored.file_name
        if stored.mime_type:
            data["mime_type"] = stored.mime_type
    return data
