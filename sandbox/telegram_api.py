"""Dispatch of Bot API calls, plus the methods that do not touch chat messages.

`BotApi.call(method, params)` applies fault injection, counts the call and runs the method;
it returns the ``result`` value or raises `BotApiError`. Method names are matched without
regard to case, as Telegram does; an unknown one is ``404 Not Found``.

setWebhook wants an https URL on port 80, 88, 443 or 8443, as api.telegram.org does; a
state created with ``local_mode=True`` accepts any URL, like a Bot API server started with
``--local`` (telegram-bot-api's WebhookActor skips both checks in local mode).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from sandbox.telegram_copy import CopyMethods
from sandbox.telegram_forum import ForumMethods
from sandbox.telegram_markup import validate_commands, validate_inline_results
from sandbox.telegram_params import Params, require
from sandbox.telegram_state import BotApiError, TelegramState, bad_request
from sandbox.telegram_webhook import WebhookConfig

JSON = dict[str, Any]
Handler = Callable[[Params], Awaitable[Any]]
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
WEBHOOK_PORTS = frozenset({80, 88, 443, 8443})
_FAULTS = {
    500: (500, "Internal Server Error"),
    502: (502, "Bad Gateway"),
}


class BotApi:
    """All Bot API methods of the fake server, bound to one `TelegramState`."""

    def __init__(self, state: TelegramState) -> None:
        self.state = state
        messages = CopyMethods(state)
        forum = ForumMethods(state)
        handlers: dict[str, Handler] = {
            "getMe": self.get_me,
            "logOut": self.trivial,
            "close": self.trivial,
            "getUpdates": self.get_updates,
            "setWebhook": self.set_webhook,
            "deleteWebhook": self.delete_webhook,
            "getWebhookInfo": self.get_webhook_info,
            "sendMessage": messages.send_message,
            "editMessageText": messages.edit_message_text,
            "editMessageCaption": messages.edit_message_caption,
            "editMessageReplyMarkup": messages.edit_message_reply_markup,
            "deleteMessage": messages.delete_message,
            "sendPhoto": messages.send_photo,
            "sendDocument": messages.send_document,
            "getFile": messages.get_file,
            "sendChatAction": messages.send_chat_action,
            "copyMessage": messages.copy_message,
            "createForumTopic": forum.create_forum_topic,
            "editForumTopic": forum.edit_forum_topic,
            "closeForumTopic": forum.close_forum_topic,
            "reopenForumTopic": forum.reopen_forum_topic,
            "deleteForumTopic": forum.delete_forum_topic,
            "answerCallbackQuery": self.answer_callback_query,
            "answerInlineQuery": self.answer_inline_query,
            "setMyCommands": self.set_my_commands,
            "getMyCommands": self.get_my_commands,
            "deleteMyCommands": self.delete_my_commands,
            "getChat": self.get_chat,
            "setMyDescription": self.trivial,
            "setMyShortDescription": self.trivial,
            "setMyName": self.trivial,
            "setChatMenuButton": self.trivial,
        }
        self._handlers = {name.lower(): (name, handler) for name, handler in handlers.items()}

    async def call(self, method: str, params: Params) -> Any:
        """Run one Bot API method; raises `BotApiError` for an error answer."""
        entry = self._handlers.get(method.lower())
        if entry is None:
            raise BotApiError(404, "Not Found")
        name, handler = entry
        self.state.count_call(name)
        fault = self.state.faults.draw(name)
        if fault == 429:
            wait = self.state.faults.config.retry_after
            raise BotApiError(429, f"Too Many Requests: retry after {wait}", {"retry_after": wait})
        if fault is not None:
            raise BotApiError(*_FAULTS[fault])
        return await handler(params)

    async def trivial(self, params: Params) -> bool:
        """Methods whose effect the sandbox does not model."""
        return True

    async def get_me(self, params: Params) -> JSON:
        """getMe."""
        return {
            **self.state.bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": not self.state.group_privacy,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def get_chat(self, params: Params) -> JSON:
        """getChat (a minimal ``ChatFullInfo``)."""
        chat = self.state.target_chat(params.chat_id(), for_sending=False)
        return {
            **self.state.chat_to_api(chat),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,  # required since Bot API 9.3
            },
        }

    # ---- updates and webhooks -------------------------------------------------------
    async def get_updates(self, params: Params) -> list[JSON]:
        """getUpdates (long polling)."""
        limit = params.get_int("limit") or 100
        require(1 <= limit <= 100, "Bad Request: limit must be between 1 and 100")
        allowed = params.get_json("allowed_updates")
        return await self.state.get_updates(
            params.get_int("offset"),
            limit,
            params.get_float("timeout", 0.0),
            list(allowed) if isinstance(allowed, list) else None,
        )

    async def set_webhook(self, params: Params) -> bool:
        """setWebhook (an empty url removes the webhook)."""
        url = params.get_str("url") or ""
        if url:
            url = self._check_webhook_url(url)  # a refused call changes nothing
        secret = params.get_str("secret_token")
        if url and secret is not None:
            require(
                bool(_SECRET_RE.match(secret)),
                "Bad Request: secret token contains unallowed characters",
            )
        if params.get_bool("drop_pending_updates"):
            self.state.updates.clear()
        allowed = params.get_json("allowed_updates")
        if isinstance(allowed, list):
            self.state.allowed_updates = list(allowed)
        if not url:
            await self.state.webhook.stop()
            return True
        config = WebhookConfig(
            url=url,
            secret_token=secret,
            max_connections=params.get_int("max_connections") or 40,
            ip_address=params.get_str("ip_address"),
        )
        await self.state.webhook.start(config)
        return True

    def _check_webhook_url(self, url: str) -> str:
        if "://" not in url:
            url = f"https://{url}"  # telegram-bot-api parses the URL with https as default
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError:
            raise bad_request("invalid webhook URL specified") from None
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise bad_request("invalid webhook URL specified")
        if self.state.local_mode:
            return url
        require(
            parts.scheme == "https",
            "Bad Request: bad webhook: An HTTPS URL must be provided for webhook",
        )
        require(
            port is None or port in WEBHOOK_PORTS,
            "Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443",
        )
        return url

    async def delete_webhook(self, params: Params) -> bool:
        """deleteWebhook."""
        if params.get_bool("drop_pending_updates"):
            self.state.updates.clear()
        await self.state.webhook.stop()
        return True

    async def get_webhook_info(self, params: Params) -> JSON:
        """getWebhookInfo."""
        return self.state.webhook.info()

    # ---- answers --------------------------------------------------------------------
    async def answer_callback_query(self, params: Params) -> bool:
        """answerCallbackQuery: once per query and only while the query is fresh."""
        query_id = params.get_str("callback_query_id") or ""
        record = self.state.callback_queries.get(query_id)
        if record is None or record.answer is not None:
            raise BotApiError(400, QUERY_TOO_OLD)
        if self.state.clock() - record.created > self.state.callback_query_ttl:
            raise BotApiError(400, QUERY_TOO_OLD)
        text = params.get_str("text")
        require(len(text or "") <= 200, "Bad Request: MESSAGE_TOO_LONG")
        record.answer = {
            "text": text,
            "show_alert": params.get_bool("show_alert"),
            "url": params.get_str("url"),
            "cache_time": params.get_int("cache_time"),
        }
        self.state.notify()
        return True

    async def answer_inline_query(self, params: Params) -> bool:
        """answerInlineQuery: validate and keep the results for the control API."""
        query_id = params.get_str("inline_query_id") or ""
        record = self.state.inline_queries.get(query_id)
        if record is None or record.results is not None:
            raise BotApiError(400, QUERY_TOO_OLD)
        results = validate_inline_results(
            params.get_json("results"), strict_ampersand=self.state.strict_ampersand
        )
        record.results = results
        record.answer = {
            "cache_time": params.get_int("cache_time"),
            "is_personal": params.get_bool("is_personal"),
            "next_offset": params.get_str("next_offset"),
            "button": params.get_json("button"),
        }
        self.state.notify()
        return True

    # ---- commands -------------------------------------------------------------------
    def _command_key(self, params: Params) -> tuple[str, str]:
        scope = params.get_json("scope")
        if scope is not None and not isinstance(scope, dict):
            raise bad_request("can't parse BotCommandScope JSON object")
        return self.state.scope_key(scope), params.get_str("language_code") or ""

    async def set_my_commands(self, params: Params) -> bool:
        """setMyCommands, stored per scope and language_code."""
        commands = validate_commands(params.get_json("commands"))
        key = self._command_key(params)
        if commands:
            self.state.commands[key] = commands
        else:
            self.state.commands.pop(key, None)
        return True

    async def get_my_commands(self, params: Params) -> list[JSON]:
        """getMyCommands for exactly the given scope and language_code."""
        return list(self.state.commands.get(self._command_key(params), []))

    async def delete_my_commands(self, params: Params) -> bool:
        """deleteMyCommands."""
        self.state.commands.pop(self._command_key(params), None)
        return True
