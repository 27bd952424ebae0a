"""Fallback handlers: they take an update only when no ordinary handler would.

PTB runs one handler per group, in every group, so a catch-all in a later group would also
see the updates an earlier group handled; and a catch-all registered last in group 0 stops
being last as soon as someone registers a handler after it. `Unclaimed` avoids both: it
wraps a handler for a group of its own and takes an update only when no handler of the
groups from 0 up to its own would take it, wherever and whenever those were registered.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, BaseHandler

from bot.telegram.context import BotContext


class Unclaimed(BaseHandler[Update, BotContext, None]):
    """`inner`, for the updates that no handler of groups 0 … `below` - 1 takes."""

    __slots__ = ("_application", "_below", "_inner")

    def __init__(
        self,
        inner: BaseHandler[Update, BotContext, None],
        application: Application[Any, BotContext, Any, Any, Any, Any],
        *,
        below: int,
    ) -> None:
        super().__init__(inner.callback, block=inner.block)
        self._inner = inner
        self._application = application
        self._below = below

    def _claimed(self, update: object) -> bool:
        for group, handlers in self._application.handlers.items():
            if not 0 <= group < self._below:
                continue  # bookkeeping groups see every update and answer none
            for handler in handlers:
                check = handler.check_update(update)
                if check is not None and check is not False:
                    return True
        return False

    def check_update(self, update: object) -> object:
        if self._claimed(update):
            return None
        return self._inner.check_update(update)

    def collect_additional_context(
        self,
        context: BotContext,
        update: Update,
        application: Application[Any, BotContext, Any, Any, Any, Any],
        check_result: Any,
    ) -> None:
        self._inner.collect_additional_context(context, update, application, check_result)
