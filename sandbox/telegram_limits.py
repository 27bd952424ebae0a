"""Flood limits and fault injection for the fake Bot API server.

Both are off by default. `RateLimiter` mimics Telegram's flood control with token buckets
(per chat, per group per minute, global) and reports the whole seconds to wait, which the
server turns into ``429 Too Many Requests: retry after N``. `FaultInjector` draws, from a
seeded random generator, whether a request fails with 500, 502 or a spurious 429.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from typing import Any

# Methods that count against flood limits (they put a message in a chat).
SENDING_METHODS = frozenset({"sendMessage", "sendPhoto", "sendDocument", "copyMessage"})
EDITING_METHODS = frozenset(
    {"editMessageText", "editMessageReplyMarkup", "editMessageCaption", "deleteMessage"}
)
# Methods that fault injection leaves alone unless listed explicitly.
_NO_FAULT_BY_DEFAULT = frozenset(
    {"getMe", "getUpdates", "setWebhook", "deleteWebhook", "getWebhookInfo", "close", "logOut"}
)


@dataclass
class RateLimitConfig:
    """Flood limits; a None rate means that limit is off."""

    per_chat_per_second: float | None = None
    per_chat_burst: int = 1
    group_per_minute: float | None = None
    global_per_second: float | None = None
    global_burst: int | None = None
    count_edits: bool = False

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RateLimitConfig:
        """Build from a JSON object, ignoring unknown keys."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return asdict(self)


@dataclass
class FaultConfig:
    """Chaos knobs: probabilities per request of each failure."""

    p_500: float = 0.0
    p_502: float = 0.0
    p_429: float = 0.0
    retry_after: int = 1
    seed: int | None = 0
    methods: list[str] | None = None  # None: every method except polling and webhook setup

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FaultConfig:
        """Build from a JSON object, ignoring unknown keys."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return asdict(self)


@dataclass
class TokenBucket:
    """`rate` tokens per second, holding at most `capacity`."""

    rate: float
    capacity: float
    tokens: float
    updated: float

    def _refill(self, now: float) -> None:
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now

    def wait_time(self, now: float) -> float:
        """Seconds until one token is available (0 when one is available now)."""
        self._refill(now)
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate

    def take(self, now: float) -> None:
        """Consume one token (call after `wait_time` returned 0)."""
        self._refill(now)
        self.tokens -= 1


@dataclass
class RateLimiter:
    """Applies a `RateLimitConfig`; `clock` returns seconds (monotonic)."""

    clock: Callable[[], float]
    config: RateLimitConfig = field(default_factory=RateLimitConfig)
    _chats: dict[int, TokenBucket] = field(default_factory=dict)
    _groups: dict[int, TokenBucket] = field(default_factory=dict)
    _global: TokenBucket | None = None

    def configure(self, config: RateLimitConfig) -> None:
        """Replace the limits and forget the buckets."""
        self.config = config
        self._chats.clear()
        self._groups.clear()
        self._global = None

    def counts(self, method: str) -> bool:
        """Whether `method` is subject to flood limits."""
        return method in SENDING_METHODS or (self.config.count_edits and method in EDITING_METHODS)

    def _buckets(self, chat_id: int, is_group: bool, now: float) -> list[TokenBucket]:
        cfg = self.config
        buckets: list[TokenBucket] = []
        if cfg.per_chat_per_second:
            burst = float(max(cfg.per_chat_burst, 1))
            bucket = self._chats.setdefault(
                chat_id, TokenBucket(cfg.per_chat_per_second, burst, burst, now)
            )
            buckets.append(bucket)
        if cfg.group_per_minute and is_group:
            rate = cfg.group_per_minute / 60.0
            cap = float(max(cfg.group_per_minute, 1))
            buckets.append(self._groups.setdefault(chat_id, TokenBucket(rate, cap, cap, now)))
        if cfg.global_per_second:
            if self._global is None:
                cap = float(cfg.global_burst or max(math.ceil(cfg.global_per_second), 1))
                self._global = TokenBucket(cfg.global_per_second, cap, cap, now)
            buckets.append(self._global)
        return buckets

    def check(self, chat_id: int, *, is_group: bool = False) -> int | None:
        """Consume a send for `chat_id`; return seconds to wait if a limit is exceeded."""
        now = self.clock()
        buckets = self._buckets(chat_id, is_group, now)
        wait = max((b.wait_time(now) for b in buckets), default=0.0)
        if wait > 0:
            return max(1, math.ceil(wait))
        for bucket in buckets:
            bucket.take(now)
        return None


@dataclass
class FaultInjector:
    """Draws injected failures from a seeded generator."""

    config: FaultConfig = field(default_factory=FaultConfig)
    _random: random.Random = field(default_factory=lambda: random.Random(0))

    def configure(self, config: FaultConfig) -> None:
        """Replace the knobs and reseed."""
        self.config = config
        self._random = random.Random(config.seed)

    def draw(self, method: str) -> int | None:
        """HTTP status of an injected failure for this request, or None."""
        cfg = self.config
        if not (cfg.p_500 or cfg.p_502 or cfg.p_429):
            return None
        if cfg.methods is not None:
            if method not in cfg.methods:
                return None
        elif method in _NO_FAULT_BY_DEFAULT:
            return None
        roll = self._random.random()
        for status, probability in ((500, cfg.p_500), (502, cfg.p_502), (429, cfg.p_429)):
            if roll < probability:
                return status
            roll -= probability
        return None
