"""Request parameters of Bot API calls, read the way Telegram reads them.

PTB sends form fields whose non-string values are JSON-encoded (``chat_id=123``,
``reply_markup={"inline_keyboard": …}``) and files as multipart parts; other clients send
JSON bodies or query strings. `Params` accepts all of these and converts on access,
raising `BotApiError` with Telegram's wording for missing or malformed values.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sandbox.telegram_state import BotApiError, bad_request


@dataclass
class UploadedFile:
    """A multipart file part."""

    filename: str | None
    content_type: str | None
    content: bytes


class Params:
    """Typed access to the parameters of one Bot API call."""

    def __init__(
        self, values: dict[str, Any], files: dict[str, UploadedFile] | None = None
    ) -> None:
        self.values = values
        self.files = files or {}

    def raw(self, name: str) -> Any:
        """The value as received (None when absent or empty)."""
        value = self.values.get(name)
        return None if value == "" else value

    def get_str(self, name: str, *, required: bool = False) -> str | None:
        """A string parameter."""
        value = self.values.get(name)
        if value is None or (required and value == ""):
            if required:
                raise bad_request(f"{name} is empty")
            return None
        return value if isinstance(value, str) else json.dumps(value)

    def get_int(self, name: str, *, required: bool = False) -> int | None:
        """An integer parameter."""
        value = self.raw(name)
        if value is None:
            if required:
                raise bad_request(f"{name} is empty")
            return None
        if isinstance(value, bool):
            raise bad_request(f"invalid {name} specified")
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def get_float(self, name: str, default: float) -> float:
        """A number parameter with a default."""
        value = self.raw(name)
        try:
            return default if value is None else float(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def get_bool(self, name: str) -> bool:
        """A Boolean parameter (absent means False)."""
        value = self.raw(name)
        if isinstance(value, str):
            return value.strip().lower() in ("true", "1", "yes")
        return bool(value)

    def get_json(self, name: str, *, what: str | None = None) -> Any:
        """A JSON-serialised parameter (objects and arrays); None when absent."""
        value = self.raw(name)
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(f"can't parse {what or name} JSON object") from None

    def chat_id(self, *, required: bool = True, name: str = "chat_id") -> int:
        """``chat_id`` (or `name`): an integer, or ``@username`` (never known here → chat not
        found)."""
        value = self.raw(name)
        if value is None:
            if required:
                raise bad_request(f"{name} is empty")
            return 0
        if isinstance(value, str) and value.startswith("@"):
            raise bad_request("chat not found")
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request("chat not found") from None

    def message_id(self, *, required: bool = True) -> int:
        """``message_id``."""
        value = self.get_int("message_id")
        if value is None:
            if required:
                raise bad_request("message identifier is not specified")
            return 0
        return value

    def reply_to(self) -> tuple[int | None, bool]:
        """(message id to reply to, allow_sending_without_reply) from either parameter form."""
        params = self.get_json("reply_parameters")
        if isinstance(params, dict) and params.get("message_id") is not None:
            return int(params["message_id"]), bool(params.get("allow_sending_without_reply"))
        return self.get_int("reply_to_message_id"), self.get_bool("allow_sending_without_reply")


def require(condition: bool, description: str, code: int = 400) -> None:
    """Raise `BotApiError` with `description` unless `condition` holds."""
    if not condition:
        raise BotApiError(code, description)
