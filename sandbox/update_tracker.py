"""Know when the bot has finished with an update, instead of waiting for silence.

`UpdateTracker` is a PTB update processor for `build_application(update_processor=…)`, used
by the test rig and the demo. It runs every update as PTB's own `SimpleUpdateProcessor`
does, then records its `update_id`: `await tracker.processed(update_id)` returns once the
bot has fetched that update and every handler (and the error handler) has returned. A
handler's replies are Bot API calls it awaits, and the fake server records a message before
it answers the call, so by then every reply to the update is in the fake server's chat: the
caller can read the replies at once, or assert that there are none.

No handler sends from a background task (`application.create_task`); one that did would
need to be awaited here too.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import SimpleUpdateProcessor

# As many updates at once as `ApplicationBuilder.concurrent_updates(True)` allows.
MAX_CONCURRENT_UPDATES = 256


class UpdateNotProcessed(AssertionError):
    """The bot did not finish an update in time (never fetched, or a handler hangs)."""


class UpdateTracker(SimpleUpdateProcessor):
    """A `SimpleUpdateProcessor` that remembers which updates are done."""

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self.done: set[int] = set()
        self.in_flight = 0
        self._changed = asyncio.Condition()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        self.in_flight += 1
        try:
            await coroutine
        finally:
            self.in_flight -= 1
            if isinstance(update, Update):
                self.done.add(update.update_id)
            async with self._changed:
                self._changed.notify_all()

    async def processed(self, update_id: int, *, timeout: float = 20.0) -> None:  # noqa: ASYNC109
        """Return once update `update_id` has been handled completely."""
        try:
            async with asyncio.timeout(timeout), self._changed:
                await self._changed.wait_for(lambda: update_id in self.done)
        except TimeoutError:
            raise UpdateNotProcessed(
                f"update {update_id} was not processed within {timeout} s "
                f"({self.in_flight} in flight, last done {max(self.done, default=None)})"
            ) from None
