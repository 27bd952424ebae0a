"""Unit tests of the HTTP policy with ``httpx.MockTransport``: backoff, Retry-After,
breaker states, connection errors, body validation, token cache, and what is logged."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from bot.portal import build_adapter
from bot.portal.errors import CircuitOpen, PortalBadResponse, PortalUnavailable
from bot.portal.http import (
    BreakerPolicy,
    BreakerState,
    CircuitBreaker,
    HttpPolicy,
    PortalHttpClient,
    RetryPolicy,
    parse_body,
    parse_retry_after,
)
from bot.portal.oauth import ClientCredentialsToken
from tests.portal.simkit import ManualTime, RecordedSleep, fast_policy


@given(
    attempt=st.integers(min_value=1, max_value=40),
    base=st.floats(min_value=0.01, max_value=5),
    cap=st.floats(min_value=0.01, max_value=60),
    rand=st.floats(min_value=0, max_value=1),
)
def test_full_jitter_stays_within_the_exponential_ceiling(
    attempt: int, base: float, cap: float, rand: float
) -> None:
    policy = RetryPolicy(backoff_base=base, backoff_max=cap)
    delay = policy.backoff(attempt, lambda: rand)
    assert 0 <= delay <= min(cap, base * 2 ** (attempt - 1)) + 1e-9


def test_parse_retry_after() -> None:
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after(" 1.5 ") == 1.5
    assert parse_retry_after("-4") == 0.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    when = datetime(2025, 6, 10, 2, 0, 30, tzinfo=UTC)
    now = datetime(2025, 6, 10, 2, 0, 0, tzinfo=UTC).timestamp()
    assert parse_retry_after(format_datetime(when, usegmt=True), now=now) == 30.0


def test_breaker_state_machine() -> None:
    clock = ManualTime()
    breaker = CircuitBreaker(BreakerPolicy(failure_threshold=2, cooldown=10), clock)
    breaker.before_request()
    breaker.record_failure()
    assert breaker.state is BreakerState.CLOSED
    breaker.record_success()  # success resets the count
    breaker.record_failure()
    breaker.record_failure()
    assert breaker.state is BreakerState.OPEN
    with pytest.raises(CircuitOpen):
        breaker.before_request()
    clock.advance(10)
    assert breaker.state is BreakerState.HALF_OPEN
    breaker.before_request()  # the probe
    with pytest.raises(CircuitOpen):
        breaker.before_request()  # only one probe at a time
    breaker.release()
    breaker.before_request()
    breaker.record_success()
    assert breaker.state is BreakerState.CLOSED and breaker.failures == 0


Handler = Callable[[httpx.Request], Any]


def _policy(
    handler: Handler,
    clock: ManualTime | None = None,
    sleeps: RecordedSleep | None = None,
    **kw: Any,
) -> HttpPolicy:
    policy = fast_policy(clock or ManualTime(), sleeps or RecordedSleep(), **kw)
    return replace(policy, transport=httpx.MockTransport(handler))


def _client(
    handler: Handler, clock: ManualTime, sleeps: RecordedSleep, **kw: Any
) -> PortalHttpClient:
    return PortalHttpClient("http://portal.test", _policy(handler, clock, sleeps, **kw))


async def test_connection_errors_are_retried_then_unavailable() -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        raise httpx.ConnectError("refused", request=request)

    sleeps = RecordedSleep()
    client = _client(handler, ManualTime(), sleeps, attempts=4)
    with pytest.raises(PortalUnavailable):
        await client.request("GET", "/x")
    assert len(calls) == 4 and sleeps.delays == [0.25, 0.5, 1.0]
    await client.aclose()


async def test_4xx_is_returned_without_retry() -> None:
    client = _client(lambda r: httpx.Response(404), ManualTime(), RecordedSleep())
    assert (await client.request("GET", "/x")).status_code == 404
    assert client.breaker.failures == 0
    await client.aclose()


class _Shape(BaseModel):
    name: str
    count: int


def test_parse_body_reports_locations_not_values() -> None:
    body = json.dumps({"name": "Nguyễn Văn Thử", "count": "038095001234x"}).encode()
    with pytest.raises(PortalBadResponse) as info:
        parse_body(httpx.Response(200, content=body), _Shape, what="shape")
    assert "count" in str(info.value)
    assert "038095001234" not in str(info.value)
    with pytest.raises(PortalBadResponse):
        parse_body(httpx.Response(200, content=b"<html>"), _Shape, what="shape")


async def test_token_fetch_is_shared_by_concurrent_callers() -> None:
    fetches: list[str] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        fetches.append(request.headers["authorization"])
        await asyncio.sleep(0.01)
        return httpx.Response(200, json={"access_token": "t1", "expires_in": 300})

    client = _client(handler, ManualTime(), RecordedSleep())
    token = ClientCredentialsToken(client, "http://sso.test/token", "id", "secret")
    results = await asyncio.gather(*(token.get() for _ in range(5)))
    assert results == ["t1"] * 5 and len(fetches) == 1
    assert fetches[0].startswith("Basic ")
    await client.aclose()


async def test_history_failure_degrades_to_a_dossier_without_history() -> None:
    dto = {"maHoSo": "000.99.99.H27-250610-0001", "trangThaiHoSoId": "4"}

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("searchhosotracuu"):
            return httpx.Response(200, json={"succeeded": True, "data": dto})
        return httpx.Response(200, content=b"{broken")

    async with build_adapter(
        "onestop", base_url="http://portal.test", http=_policy(handler)
    ) as adapter:
        dossier = await adapter.get_dossier(dto["maHoSo"], "000000000101")
    assert dossier.status == 4 and dossier.history == ()


async def test_nothing_sensitive_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    owner_id, secret, name, access = "038095001234", "s3cr3t-value", "Nguyễn Văn Thử", "tok-XYZ"
    searches: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/token"):
            return httpx.Response(200, json={"access_token": access, "expires_in": 60})
        if request.url.path.endswith("searchhosotracuu"):
            searches.append(1)
            data = {"maHoSo": "000.99.99.H27-250610-0001", "trangThaiHoSoId": 4, "chuHoSo": name}
            return httpx.Response(
                503 if len(searches) == 1 else 200, json={"succeeded": True, "data": data}
            )
        return httpx.Response(500)

    caplog.set_level(logging.DEBUG)
    async with build_adapter(
        "onestop",
        base_url="http://portal.test",
        client_id="bot",
        client_secret=secret,
        http=_policy(handler),
    ) as adapter:
        dossier = await adapter.get_dossier("000.99.99.H27-250610-0001", owner_id)
    assert dossier.status == 4 and len(searches) == 2
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "HTTP 503" in logged
    for value in (owner_id, secret, access, name):
        assert value not in logged
