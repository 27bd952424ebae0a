"""Group commit: many small writes from concurrent handlers share one transaction.

Each question a citizen asks costs a row in ``query_log`` and, on first contact, a row in
``users``. Done one transaction per update, hundreds of concurrent updates queue for the
database connection (SQLite has one) and each waits for the others' round trips. Here a
handler ``submit``s its item and awaits its own result; a single flush task takes *every*
item waiting at that moment and runs them in one transaction, then the next batch, and so on::

    handler ─submit(item)─▶ pending ──flush task──▶ BEGIN; run(session, batch); COMMIT
         ◀──── result ────────────────────────────────┘

There is no timer: when the bot is quiet a batch is one item and is written at once; under
load batches grow by themselves while the previous one commits. A result is only handed back
after its transaction committed, so whatever the handler does next (a feedback button
carrying the row id, ``/mydata``) sees the row. If the transaction fails, every caller of
that batch gets the exception, as it would have without batching. While the database is
down every batch fails: that is logged once when it starts and once when it ends.

``aiodataloader`` batches loads within one event-loop tick but neither writes nor waits for a
running batch; that waiting is what makes the batches large, hence this small class.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.outage import OutageLog

log = logging.getLogger(__name__)

Item = TypeVar("Item")
Result = TypeVar("Result")

#: Writes one batch inside an open transaction; returns one result per item, in order.
BatchWriter = Callable[[AsyncSession, list[Item]], Awaitable[list[Result]]]


class GroupCommit(Generic[Item, Result]):
    """Batches ``submit``ted items into shared transactions run by ``write``."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        write: BatchWriter[Item, Result],
        *,
        name: str,
        max_batch: int = 500,
    ) -> None:
        if max_batch < 1:
            raise ValueError("max_batch must be at least 1")
        self._sessions = sessions
        self._write = write
        self._max_batch = max_batch
        self.name = name
        self._pending: list[tuple[Item, asyncio.Future[Result]]] = []
        self._flusher: asyncio.Task[None] | None = None
        self.batches = 0
        self.items = 0
        self._outage = OutageLog(
            log, f"{name}: writing a batch failed", f"{name}: writing works again"
        )

    async def submit(self, item: Item) -> Result:
        """Write ``item`` with whatever else is waiting; return its result once committed."""
        future: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._pending.append((item, future))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush_all(), name=f"group-commit-{self.name}")
        return await future

    async def drain(self) -> None:
        """Wait until everything submitted so far is written (used on stop)."""
        while self._flusher is not None and not self._flusher.done():
            await asyncio.shield(self._flusher)

    async def _flush_all(self) -> None:
        batch: list[tuple[Item, asyncio.Future[Result]]] = []
        try:
            # One turn of the loop lets the updates that arrived together join the first batch.
            await asyncio.sleep(0)
            while self._pending:
                batch = self._pending[: self._max_batch]
                del self._pending[: self._max_batch]
                await self._flush(batch)
                batch = []
        except asyncio.CancelledError:
            # Torn down mid-write (the loop is closing): nobody may wait for ever.
            for _, future in batch + self._pending:
                future.cancel()
            self._pending.clear()
            raise

    async def _flush(self, batch: list[tuple[Item, asyncio.Future[Result]]]) -> None:
        items = [item for item, _ in batch]
        try:
            async with self._sessions.begin() as session:
                results = await self._write(session, items)
                if len(results) != len(items):  # a writer bug: roll back, tell every caller
                    raise RuntimeError(f"{self.name}: {len(results)} results for {len(items)}")
        except Exception as exc:
            self._outage.failed(exc)
            for _, future in batch:
                if not future.done():
                    future.set_exception(exc)
            return
        self._outage.succeeded()
        self.batches += 1
        self.items += len(items)
        for (_, future), result in zip(batch, results, strict=True):
            if not future.done():  # the caller may have been cancelled meanwhile
                future.set_result(result)
