"""Typed PTB context: the services every handler needs, reached as `context.services`.

`build_application` creates one `Services` object and hangs it on `application.bot_data`;
handlers never import a module-level singleton.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.services import Services
from bot.texts import Lang


class BotData:
    """`application.bot_data`: holds the services once `build_application` has set them."""

    def __init__(self) -> None:
        self._services: Services | None = None

    @property
    def services(self) -> Services:
        if self._services is None:
            raise RuntimeError("services are not set; build the app with build_application")
        return self._services

    @services.setter
    def services(self, value: Services) -> None:
        self._services = value


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    """The callback context handlers receive (one per update, shared by its handlers)."""

    #: The user's language, read from the database once per update (handlers/common.py).
    lang: Lang | None = None

    @property
    def services(self) -> Services:
        return self.bot_data.services


DvcApplication = Application[ExtBot[None], BotContext, dict[Any, Any], dict[Any, Any], BotData, Any]
