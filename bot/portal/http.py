"""HTTP policy shared by every adapter: one ``httpx.AsyncClient``, retries, circuit breaker.

* :class:`HttpPolicy` bundles timeouts, connection limits, retry and breaker settings and the
  injectable pieces (``transport``, ``clock``, ``sleep``, ``random``) used by tests.
* :class:`PortalHttpClient` sends a request with retries on timeouts, connection errors, 5xx
  and 429. Delays are exponential backoff with *full jitter* (uniform between 0 and
  ``min(backoff_max, backoff_base * 2**(attempt-1))``); a 429's ``Retry-After`` is honoured
  when it is at most ``retry_after_cap``, and a longer one ends the call at once with
  :class:`PortalUnavailable` carrying ``retry_after``.
* :class:`CircuitBreaker` (closed → open after ``failure_threshold`` consecutive failed
  attempts → half-open after ``cooldown`` → one probe → closed or open again) makes calls
  fail fast with :class:`CircuitOpen`, without a request, while the portal is down. Timeouts,
  connection errors and 5xx count as failures; any other answer (even 404 or 429) shows the
  portal is up.
* :func:`parse_body` validates a body with pydantic: a malformed body becomes
  :class:`PortalBadResponse` whose message lists field locations only (never values).

Log lines name the method, the URL path and the status; never headers, bodies or queries.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from enum import StrEnum
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from bot.portal.errors import CircuitOpen, PortalBadResponse, PortalUnavailable

log = logging.getLogger(__name__)

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to wait before trying again."""

    max_attempts: int = 3
    backoff_base: float = 0.5
    backoff_max: float = 8.0
    retry_after_cap: float = 30.0

    def backoff(self, attempt: int, rand: Callable[[], float]) -> float:
        """Full-jitter delay after failed attempt number ``attempt`` (1-based)."""
        ceiling = min(self.backoff_max, self.backoff_base * 2 ** max(attempt - 1, 0))
        return rand() * ceiling


@dataclass(frozen=True)
class BreakerPolicy:
    """When the breaker opens and how long it stays open."""

    failure_threshold: int = 5
    cooldown: float = 30.0


@dataclass(frozen=True)
class HttpPolicy:
    """Everything about talking to a portal that is not the API shape itself."""

    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    write_timeout: float = 10.0
    pool_timeout: float = 5.0
    max_connections: int = 20
    max_keepalive_connections: int = 10
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    breaker: BreakerPolicy = field(default_factory=BreakerPolicy)
    user_agent: str = "dvc-bot/0.1 (+https://dichvucong.gov.vn)"
    transport: httpx.AsyncBaseTransport | None = None
    clock: Clock = time.monotonic
    sleep: Sleep = asyncio.sleep
    random: Callable[[], float] = random.random

    def timeout(self) -> httpx.Timeout:
        return httpx.Timeout(
            connect=self.connect_timeout,
            read=self.read_timeout,
            write=self.write_timeout,
            pool=self.pool_timeout,
        )

    def limits(self) -> httpx.Limits:
        return httpx.Limits(
            max_connections=self.max_connections,
            max_keepalive_connections=self.max_keepalive_connections,
        )


class BreakerState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitBreaker:
    """Consecutive-failure circuit breaker with an injectable clock."""

    def __init__(self, policy: BreakerPolicy, clock: Clock) -> None:
        self._policy = policy
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None
        self._probe_in_flight = False

    @property
    def state(self) -> BreakerState:
        if self._opened_at is None:
            return BreakerState.CLOSED
        if self._clock() - self._opened_at >= self._policy.cooldown:
            return BreakerState.HALF_OPEN
        return BreakerState.OPEN

    @property
    def failures(self) -> int:
        return self._failures

    def before_request(self) -> None:
        """Raise :class:`CircuitOpen` unless a request may go out now."""
        state = self.state
        if state is BreakerState.CLOSED:
            return
        if state is BreakerState.HALF_OPEN and not self._probe_in_flight:
            self._probe_in_flight = True
            return
        assert self._opened_at is not None
        remaining = max(0.0, self._policy.cooldown - (self._clock() - self._opened_at))
        raise CircuitOpen("portal circuit breaker is open", retry_after=remaining or None)

    def record_success(self) -> None:
        self._failures = 0
        self._opened_at = None
        self._probe_in_flight = False

    def record_failure(self) -> None:
        self._failures += 1
        probe, self._probe_in_flight = self._probe_in_flight, False
        if probe or (self._opened_at is None and self._failures >= self._policy.failure_threshold):
            log.warning("portal circuit breaker opens after %d failures", self._failures)
            self._opened_at = self._clock()

    def release(self) -> None:
        """Forget a probe that ended without an answer either way (e.g. cancellation)."""
        self._probe_in_flight = False


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or HTTP date); ``None`` if absent
    or unreadable. ``now`` is a POSIX timestamp, for tests of the date form."""
    if not value:
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    reference = time.time() if now is None else now
    return max(0.0, when.timestamp() - reference)


class PortalHttpClient:
    """One shared ``httpx.AsyncClient`` with the retry and breaker policy around it."""

    def __init__(self, base_url: str, policy: HttpPolicy | None = None) -> None:
        self.policy = policy or HttpPolicy()
        self.breaker = CircuitBreaker(self.policy.breaker, self.policy.clock)
        self._client = httpx.AsyncClient(
            base_url=base_url,
            timeout=self.policy.timeout(),
            limits=self.policy.limits(),
            transport=self.policy.transport,
            headers={"User-Agent": self.policy.user_agent, "Accept": "application/json"},
            follow_redirects=False,
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    async def request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, str | int] | None = None,
        json: Any = None,
        data: Mapping[str, str] | None = None,
        auth: httpx.Auth | None = None,
    ) -> httpx.Response:
        """Send with retries; return any non-5xx, non-429 response for the caller to read.

        Raises :class:`CircuitOpen` or :class:`PortalUnavailable` when no usable answer came,
        :class:`PortalBadResponse` for a response httpx cannot decode.
        """
        retry = self.policy.retry
        attempts = max(1, retry.max_attempts)
        for attempt in range(1, attempts + 1):
            self.breaker.before_request()
            status: int | None = None
            retry_after: float | None = None
            try:
                response = await self._client.request(
                    method,
                    url,
                    headers=headers,
                    params=params,
                    json=json,
                    data=data,
                    auth=auth if auth is not None else httpx.USE_CLIENT_DEFAULT,
                )
            except httpx.TransportError as exc:
                self.breaker.record_failure()
                problem = "timeout" if isinstance(exc, httpx.TimeoutException) else "connection"
                log.warning(
                    "portal %s %s: %s error (attempt %d/%d)",
                    method,
                    _path(url),
                    problem,
                    attempt,
                    attempts,
                )
                delay = retry.backoff(attempt, self.policy.random)
            except httpx.HTTPError as exc:
                self.breaker.record_success()
                raise PortalBadResponse(f"undecodable response: {type(exc).__name__}") from exc
            except BaseException:
                self.breaker.release()
                raise
            else:
                status = response.status_code
                if status == 429:
                    self.breaker.record_success()
                    retry_after = parse_retry_after(response.headers.get("Retry-After"))
                    if retry_after is not None and retry_after > retry.retry_after_cap:
                        raise PortalUnavailable(
                            "portal rate limit", retry_after=retry_after, status=status
                        )
                    delay = (
                        retry_after
                        if retry_after is not None
                        else retry.backoff(attempt, self.policy.random)
                    )
                elif status >= 500:
                    self.breaker.record_failure()
                    delay = retry.backoff(attempt, self.policy.random)
                else:
                    self.breaker.record_success()
                    return response
                log.warning(
                    "portal %s %s: HTTP %d (attempt %d/%d)",
                    method,
                    _path(url),
                    status,
                    attempt,
                    attempts,
                )
            if attempt == attempts:
                raise PortalUnavailable(
                    f"portal unavailable after {attempts} attempts",
                    retry_after=retry_after,
                    status=status,
                )
            await self.policy.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover


def _path(url: str) -> str:
    """The path of a URL, without query string (queries may carry codes or ID numbers)."""
    return httpx.URL(url).path or "/"


def parse_body(response: httpx.Response, model: type[M], *, what: str) -> M:
    """Validate a JSON body into ``model``; anything else is :class:`PortalBadResponse`."""
    try:
        return model.model_validate_json(response.content)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '<body>'}: {err['type']}"
            for err in exc.errors(include_url=False, include_input=False)[:5]
        )
        raise PortalBadResponse(
            f"malformed {what} (HTTP {response.status_code}): {problems}"
        ) from None
