"""The Bot API transport: a burst of replies is queued in front of the connection pool,
never more than the pool size in flight, and none is dropped for waiting too long."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from bot.telegram.transport import BoundedHTTPXRequest


class SlowTelegram(httpx.AsyncBaseTransport):
    """Answers every call after `delay` seconds and records how many overlap."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.in_flight = 0
        self.most = 0
        self.calls = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.in_flight += 1
        self.most = max(self.most, self.in_flight)
        try:
            await asyncio.sleep(self.delay)
        finally:
            self.in_flight -= 1
        self.calls += 1
        return httpx.Response(200, content=json.dumps({"ok": True, "result": True}).encode())


async def test_a_burst_waits_in_front_of_the_pool_and_every_request_completes() -> None:
    telegram = SlowTelegram(delay=0.05)
    request = BoundedHTTPXRequest(
        connection_pool_size=4, pool_timeout=0.01, httpx_kwargs={"transport": telegram}
    )
    await request.initialize()
    try:
        # 40 requests, 4 at a time, 50 ms each: the last waits ~0.5 s for a slot, fifty
        # times the pool timeout, and still goes through.
        results = await asyncio.gather(
            *(request.post(f"https://api.test/bot123/sendMessage{i}") for i in range(40))
        )
    finally:
        await request.shutdown()
    assert results == [True] * 40
    assert telegram.calls == 40 and telegram.most == 4


def test_pool_size_must_be_positive() -> None:
    with pytest.raises(ValueError, match="connection_pool_size"):
        BoundedHTTPXRequest(connection_pool_size=0)
