"""Validation of keyboards, inline query results and bot commands, as Telegram does it.

Each function takes the decoded JSON the bot sent and returns a normalised copy to store,
or raises `BotApiError` with Telegram's error text.
"""

from __future__ import annotations

import re
from typing import Any

from sandbox.telegram_html import TextError, format_text
from sandbox.telegram_state import BotApiError, bad_request

JSON = dict[str, Any]

MAX_BUTTONS = 100
# Buttons per row. Neither telegram-bot-api (Client::get_reply_markup) nor tdlib checks rows;
# Telegram's servers do. The numbers are the ones bot developers report and libraries
# enforce (8 for inline keyboards, 12 for reply keyboards: rubenlagus/TelegramBots#218,
# tginfo/Telegram-Limits#228, pyTelegramBotAPI's max_row_keys = 8). The server's wording
# for a row that is too long is not documented anywhere we found; we answer like a markup
# over the total limit (REPLY_MARKUP_TOO_LONG -> "reply markup is too long").
MAX_INLINE_ROW = 8
MAX_REPLY_ROW = 12
TOO_LONG = "reply markup is too long"
MAX_INLINE_RESULTS = 50
_ACTION_FIELDS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_URL_RE = re.compile(r"^(?:(?:https?|tg)://\S+|[\w-]+(?:\.[\w-]+)+(?:[/?#]\S*)?)$", re.ASCII)
_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")


def _button_error(detail: str) -> BotApiError:
    return bad_request(f"can't parse inline keyboard button: {detail}")


def _check_inline_button(button: Any) -> JSON:
    if not isinstance(button, dict):
        raise _button_error("InlineKeyboardButton must be an Object")
    text = button.get("text")
    if not isinstance(text, str):
        raise _button_error('Can\'t find field "text"')
    if not text.strip():
        raise _button_error("Text must be non-empty")
    actions = [key for key in _ACTION_FIELDS if key in button and button[key] is not None]
    if not actions:
        raise _button_error("Text buttons are unallowed in the inline keyboard")
    if len(actions) > 1:
        raise _button_error("Exactly one of the optional fields must be used")
    if "callback_data" in actions:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= 64:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in actions:
        url = button["url"]
        if not isinstance(url, str) or not _URL_RE.match(url):
            raise bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")
    return {key: value for key, value in button.items() if value is not None}


def _check_reply_button(button: Any) -> JSON:
    if isinstance(button, str):
        button = {"text": button}
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request(
            "can't parse keyboard button: KeyboardButton must be a String or an Object"
        )
    if not button["text"].strip():
        raise bad_request("can't parse keyboard button: Text must be non-empty")
    return {key: value for key, value in button.items() if value is not None}


def _rows(markup: JSON, key: str, kind: str, per_row: int) -> list[list[Any]]:
    rows = markup.get(key)
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(f'field "{key}" of the {kind} must be an Array of Arrays')
    if sum(len(row) for row in rows) > MAX_BUTTONS or any(len(row) > per_row for row in rows):
        raise bad_request(TOO_LONG)
    return rows


def validate_reply_markup(markup: Any) -> JSON | None:
    """Check an InlineKeyboardMarkup / ReplyKeyboardMarkup / ReplyKeyboardRemove / ForceReply."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("object expected as reply markup")
    if "inline_keyboard" in markup:
        rows = _rows(markup, "inline_keyboard", "InlineKeyboardMarkup", MAX_INLINE_ROW)
        return {"inline_keyboard": [[_check_inline_button(b) for b in row] for row in rows]}
    if "keyboard" in markup:
        rows = _rows(markup, "keyboard", "ReplyKeyboardMarkup", MAX_REPLY_ROW)
        normalised = dict(markup)
        normalised["keyboard"] = [[_check_reply_button(b) for b in row] for row in rows]
        return normalised
    if markup.get("remove_keyboard") or markup.get("force_reply"):
        return dict(markup)
    raise bad_request("can't find reply markup in the object")


def inline_keyboard(markup: JSON | None) -> JSON | None:
    """The part of a stored markup that is attached to the message (inline keyboards only)."""
    return markup if markup and "inline_keyboard" in markup else None


def inline_only(markup: JSON | None) -> JSON | None:
    """The markup of an edit: tdlib refuses any other kind than an inline keyboard."""
    if markup is not None and "inline_keyboard" not in markup:
        raise bad_request("inline keyboard expected")
    return markup


def validate_inline_results(results: Any, *, strict_ampersand: bool = True) -> list[JSON]:
    """Check answerInlineQuery results; return them with the parsed message text added."""
    if not isinstance(results, list):
        raise bad_request("results must be an Array")
    if len(results) > MAX_INLINE_RESULTS:
        raise bad_request("RESULTS_TOO_MUCH")
    seen: set[str] = set()
    checked: list[JSON] = []
    for result in results:
        if not isinstance(result, dict) or not isinstance(result.get("type"), str):
            raise bad_request('can\'t parse InlineQueryResult: Field "type" must be of type String')
        result_id = result.get("id")
        if not isinstance(result_id, str) or not 1 <= len(result_id.encode("utf-8")) <= 64:
            raise bad_request("RESULT_ID_INVALID")
        if result_id in seen:
            raise bad_request("RESULT_ID_DUPLICATE")
        seen.add(result_id)
        if result["type"] == "article" and not str(result.get("title") or "").strip():
            raise bad_request("RESULT_TITLE_EMPTY")
        item = dict(result)
        content = result.get("input_message_content")
        if isinstance(content, dict) and "message_text" in content:
            try:
                parsed = format_text(
                    content.get("message_text"),
                    content.get("parse_mode"),
                    content.get("entities"),
                    strict_ampersand=strict_ampersand,
                )
            except TextError as exc:
                if "empty" in exc.description:
                    raise bad_request("MESSAGE_EMPTY") from exc
                raise BotApiError(400, exc.description) from exc
            item["parsed_text"] = parsed.text
            item["parsed_entities"] = parsed.entities
        if "reply_markup" in result:
            item["reply_markup"] = validate_reply_markup(result["reply_markup"])
        checked.append(item)
    return checked


def validate_commands(commands: Any) -> list[JSON]:
    """Check setMyCommands' list of BotCommand."""
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > 100:
        raise bad_request("BOT_COMMANDS_TOO_MUCH")
    checked: list[JSON] = []
    for command in commands:
        if not isinstance(command, dict):
            raise bad_request("can't parse BotCommand: BotCommand must be an Object")
        name = str(command.get("command") or "").removeprefix("/")
        description = str(command.get("description") or "")
        if not _COMMAND_RE.match(name):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(description.strip()) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        checked.append({"command": name, "description": description})
    return checked
