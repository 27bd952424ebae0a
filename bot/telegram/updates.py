"""Updates python-telegram-bot cannot read are skipped, once, instead of stopping the bot.

Telegram may send an update in a shape this version of the library refuses (a poll from
before Bot API 9.6, whose options have no ``persistent_id``, makes ``Update.de_json`` raise).
PTB's ``Bot.get_updates`` reads a whole batch with ``Update.de_list``: one such update fails
the call, the Updater asks again with the same offset, and gets the same batch, for ever
(hundreds of calls a second, each logging the batch at CRITICAL; nobody answered). Webhook
mode must answer such an update with 200, or Telegram sends it again.

`read_update` reads one update or logs a single warning naming its ``update_id`` and the
error type, never its content (a message text may hold personal numbers). `SkippingBot`
reads a getUpdates batch update by update, drops the unreadable ones and moves the next
offset past them, so Telegram forgets them.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Bot, Update
from telegram._utils.types import JSONDict
from telegram.ext import ExtBot

log = logging.getLogger(__name__)


def update_id_of(data: object) -> int | None:
    """The ``update_id`` of a raw update, if it has a usable one."""
    if not isinstance(data, dict):
        return None
    update_id = data.get("update_id")
    if isinstance(update_id, int) and not isinstance(update_id, bool):
        return update_id
    return None


def read_update(data: object, bot: Bot | None) -> Update | None:
    """`data` as an `Update`, or None after one warning (update_id and error type only)."""
    try:
        if not isinstance(data, dict):
            raise TypeError("an update is a JSON object")
        return Update.de_json(data, bot)
    except Exception as exc:  # whatever the library's parser raises
        update_id = update_id_of(data)
        # Only the class name: exception messages may quote values from the update.
        log.warning(
            "skipped update %s: python-telegram-bot cannot read it (%s)",
            "without update_id" if update_id is None else update_id,
            type(exc).__name__,
        )
        return None


class SkippingBot(ExtBot[None]):
    """``ExtBot`` whose getUpdates skips the updates `read_update` refuses.

    The bad updates are dropped from the raw batch before PTB reads it (so the good ones
    are read twice, which costs microseconds), and ``get_updates`` returns the others.
    The Updater confirms a batch by asking for the last returned ``update_id`` + 1; a
    dropped update after every good one (or alone in its batch) would be fetched again, so
    the next getUpdates starts after the highest dropped id.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._skipped_up_to: int | None = None

    async def _post(self, endpoint: str, data: JSONDict | None = None, **kwargs: Any) -> Any:
        if endpoint != "getUpdates":
            return await super()._post(endpoint, data, **kwargs)
        data = dict(data or {})
        offset = data.get("offset")
        skipped = self._skipped_up_to
        # A negative offset ("the last n updates") is the caller's explicit choice.
        if skipped is not None and (offset is None or 0 <= offset <= skipped):
            data["offset"] = skipped + 1
        result = await super()._post(endpoint, data, **kwargs)
        if not isinstance(result, list):
            return result
        readable = []
        for raw in result:
            if read_update(raw, self) is not None:
                readable.append(raw)
                continue
            update_id = update_id_of(raw)
            skipped = self._skipped_up_to
            if update_id is not None and (skipped is None or update_id > skipped):
                self._skipped_up_to = update_id
        return readable
