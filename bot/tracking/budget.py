"""The portal's request budget (requests per second), shared by every poller instance.

The budget is a sequence of request *slots* ``1/rps`` seconds apart. The next free slot of a
portal lives in the database (``portal_budgets.next_slot``); an instance reserves a block of
``k`` slots with one atomic statement::

    UPDATE portal_budgets
       SET next_slot = (CASE WHEN next_slot < :now THEN :now ELSE next_slot END) + k/rps
     WHERE portal = :portal RETURNING next_slot

and hands them out locally: ``acquire()`` waits until the next slot's time. So N instances
together stay within ``rps`` (blocks are disjoint), while one instance pays one small write per
``block_seconds`` of traffic. A slot that was not used in time is dropped rather than spent
late, so a slow instance cannot burst above the rate. Without a database (``sessions=None``)
the same pacing is kept in memory.

:class:`PacedTransport` puts the budget under the portal's ``httpx`` client, so *every* HTTP
request the poller makes (retries and token requests included) takes a slot.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable

import httpx
from sqlalchemy import case, literal, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import PortalBudget

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


class RequestBudget:
    """Paces requests to ``rps`` per second for everyone sharing ``portal``'s row."""

    def __init__(
        self,
        rps: float,
        *,
        portal: str,
        sessions: async_sessionmaker[AsyncSession] | None = None,
        block_seconds: float = 0.25,
        stale_after: float = 1.0,
        clock: Clock = time.time,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if rps <= 0:
            raise ValueError("rps must be positive")
        self.rps = rps
        self.portal = portal
        self._sessions = sessions
        self._block = max(1, round(rps * block_seconds))
        self._stale_after = stale_after
        self._clock = clock
        self._sleep = sleep
        self._slots: deque[float] = deque()
        self._local_next = 0.0
        self._lock = asyncio.Lock()
        self.acquired = 0

    async def acquire(self) -> None:
        """Wait for the next request slot."""
        async with self._lock:
            slot = await self._next_slot()
        self.acquired += 1
        delay = slot - self._clock()
        if delay > 0:
            await self._sleep(delay)

    async def _next_slot(self) -> float:
        while True:
            while self._slots:
                slot = self._slots.popleft()
                if slot >= self._clock() - self._stale_after:
                    return slot
            await self._reserve()

    async def _reserve(self) -> None:
        now = self._clock()
        span = self._block / self.rps
        if self._sessions is not None:
            end = await self._reserve_shared(now, span)
        else:
            end = self._reserve_local(now, span)
        start = end - span
        self._slots.extend(start + i / self.rps for i in range(self._block))

    def _reserve_local(self, now: float, span: float) -> float:
        self._local_next = max(self._local_next, now) + span
        return self._local_next

    async def _reserve_shared(self, now: float, span: float) -> float:
        assert self._sessions is not None
        column = PortalBudget.next_slot
        statement = (
            update(PortalBudget)
            .where(PortalBudget.portal == self.portal)
            .values(next_slot=case((column < now, literal(now)), else_=column) + span)
            .returning(PortalBudget.next_slot)
            .execution_options(synchronize_session=False)
        )
        for _ in range(3):
            async with self._sessions.begin() as session:
                end = await session.scalar(statement)
                if end is not None:
                    return float(end)
            try:
                async with self._sessions.begin() as session:
                    exists = await session.scalar(
                        select(PortalBudget.portal).where(PortalBudget.portal == self.portal)
                    )
                    if exists is None:
                        session.add(PortalBudget(portal=self.portal, next_slot=0.0))
            except IntegrityError:  # another instance created it first
                pass
        raise RuntimeError(f"could not reserve request slots for portal {self.portal!r}")


class PacedTransport(httpx.AsyncBaseTransport):
    """An httpx transport that takes a budget slot before every request."""

    def __init__(
        self, inner: httpx.AsyncBaseTransport, budget: RequestBudget, *, owns_inner: bool = True
    ) -> None:
        self._inner = inner
        self._budget = budget
        self._owns_inner = owns_inner
        self.requests = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await self._budget.acquire()
        self.requests += 1
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        if self._owns_inner:
            await self._inner.aclose()
