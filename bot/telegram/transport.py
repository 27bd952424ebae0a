"""The Bot API transport: PTB's HTTPXRequest with a cheap queue in front of the pool.

httpcore 1.0's connection pool re-examines every pooled connection and every queued request
each time a request is queued or finished (``_assign_requests_to_connections``, tracked in
encode/httpcore#1035 and fixed in the httpx2 fork by pydantic/httpx2#974/#1075). With a few
hundred replies waiting for eight connections, which is what a burst of updates produces,
that bookkeeping costs more CPU than the requests themselves: measured against the fake
Telegram server, one card reply took 1.06 ms of CPU with 8 requests in flight and 1.56 ms
with 256. Here at most ``connection_pool_size`` requests enter the pool at a time; the rest
wait on an ``asyncio.Semaphore``, which costs nothing per waiter.

Waiting for a slot is not limited by ``pool_timeout``: every request that holds a slot ends
within its own connect/read/write timeouts, so the queue always moves, and under a burst a
reply that waits a second is better than a reply dropped with ``PoolTimeout``.
"""

from __future__ import annotations

import asyncio
from typing import Any

from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import ODVInput
from telegram.request import HTTPXRequest, RequestData


class BoundedHTTPXRequest(HTTPXRequest):
    """``HTTPXRequest`` that lets at most ``connection_pool_size`` requests into the pool."""

    def __init__(self, connection_pool_size: int = 8, **kwargs: Any) -> None:
        if connection_pool_size < 1:
            raise ValueError("connection_pool_size must be at least 1")
        super().__init__(connection_pool_size=connection_pool_size, **kwargs)
        self._slots = asyncio.Semaphore(connection_pool_size)

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        async with self._slots:
            return await super().do_request(
                url,
                method,
                request_data,
                read_timeout=read_timeout,
                write_timeout=write_timeout,
                connect_timeout=connect_timeout,
                pool_timeout=pool_timeout,
            )
