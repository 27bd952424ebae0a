"""Telegram's flood limits for every Bot API call, citizens' answers before notifications.

PTB's ``AIORateLimiter`` puts every call in one queue, so a burst of notifications (the
tracking sender can have thousands due at once) delays the answer to a citizen who just
asked a question. :class:`PriorityRateLimiter` replaces it (``ExtBot(rate_limiter=…)``,
bot/telegram/app.py) and gives each call a :class:`Priority`, carried in PTB's
``rate_limit_args``: answers are ``FOREGROUND`` (the default: every handler's call is one),
notifications ``BACKGROUND`` (bot/telegram/delivery.py passes it for the tracking sender).

The budgets (:class:`Limits`, Telegram's documented limits)
-----------------------------------------------------------
* **Overall, 30 messages a second**: every call that names a ``chat_id`` takes a slot, and
  slots are ``1/30`` s apart (a token bucket of one token), so no 1-second window ever holds
  more than 30 of them. Calls without a chat (``answerCallbackQuery``, ``getMe``, inline
  answers) are not limited, as in PTB's own limiter; ``getUpdates`` never reaches a limiter.
* **One message a second per chat**, counted in a token bucket per chat (1/s) for calls
  that put a message in the chat (``send*`` except ``sendChatAction``, ``copy*``,
  ``forward*``; edits and deletions take only an overall slot). A *notification* waits until
  its chat's bucket is full, i.e. until that chat is back under one message a second,
  answers included, so notifications never make a chat busier than one a second. *Answers* are not
  held per private chat by default (``answer_burst=None``), as with PTB's own limiter: what
  one citizen can make the bot send is bounded before, by the flood guard (bot/flood.py, a
  message every 2 s after a burst of 8), and a reply of two or three messages is the short
  burst Telegram tolerates. ``answer_burst=N`` holds answers to the bucket too (burst N).
* **Groups, 20 messages a minute**: for chats with a negative id or an ``@username``, also
  at most 20 in any minute (a sliding window: a bucket would let 40 through in the first).
* ``margin`` stretches the per-chat and group intervals a little, so a message that leaves
  exactly on time does not arrive early at Telegram after a slower one.

Who goes first
--------------
One dispatcher task hands out the slots. At each slot it takes the oldest *foreground* call
that its chat's budgets allow; only when none can go does a *background* call get the slot. So a
notification only ever uses capacity that answers leave, and an answer waits at most one
slot (33 ms) for notifications, however many are queued. The scheduler is work-conserving:
an answer waiting for its own chat's budget (a group's) does not hold back notifications
to other chats.
Calls of one priority to one chat keep their order.

Only calls through one bot share these budgets: a ``run_bot.py worker`` process has a limiter
of its own, which knows nothing of the bot's answers.

A 429 (``RetryAfter``) pauses every limited call for ``retry_after`` (+0.1 s), then the call
is retried at the head of its queue, at most ``max_retries`` times (as ``AIORateLimiter``
does); after that the ``RetryAfter`` reaches the caller (the tracking sender turns it into a
pause of its own, bot/tracking/sender.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

ApiResult = bool | dict[str, Any] | list[dict[str, Any]]
Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]
ChatKey = int | str
#: Methods whose name starts with "send" but that put no message in the chat.
_NOT_MESSAGES = frozenset({"sendChatAction"})
_MESSAGE_PREFIXES = ("send", "copyMessage", "forwardMessage")


class Priority(StrEnum):
    """``rate_limit_args`` of a Bot API call (a StrEnum: PTB drops falsy values)."""

    FOREGROUND = "foreground"  # an answer to someone waiting for it
    BACKGROUND = "background"  # a notification: only capacity that answers leave


@dataclass(frozen=True)
class Limits:
    """Telegram's flood limits (see the module docstring)."""

    per_second: float = 30.0
    chat_per_second: float = 1.0
    #: None: answers are not held per private chat (see the module docstring).
    answer_burst: int | None = None
    group_per_minute: int = 20
    #: Seconds added to each per-chat and group interval (network jitter).
    margin: float = 0.05

    def chat_rate(self) -> float:
        return 1.0 / (1.0 / self.chat_per_second + self.margin)

    def group_window(self) -> _Window:
        return _Window(self.group_per_minute, 60.0 + self.margin)


class _Bucket:
    """A token bucket: `rate` tokens a second, at most `capacity`, starting full."""

    __slots__ = ("capacity", "rate", "tokens", "updated")

    def __init__(self, rate: float, capacity: float, now: float) -> None:
        self.rate = rate
        self.capacity = capacity
        self.tokens = capacity
        self.updated = now

    def level(self, now: float) -> float:
        return min(self.capacity, self.tokens + (now - self.updated) * self.rate)

    def ready_at(self, now: float, need: float) -> float:
        """When the bucket holds `need` tokens (`now` if it does)."""
        missing = need - self.level(now)
        return now if missing <= 1e-9 else now + missing / self.rate

    def take(self, now: float) -> None:
        """Take a token (answers not held per chat may take it into debt)."""
        self.tokens = self.level(now) - 1.0
        self.updated = now

    def idle(self, now: float) -> bool:
        return self.level(now) >= self.capacity


class _Window:
    """At most `count` events in any `period` seconds (the last `count` times are kept)."""

    __slots__ = ("count", "period", "times")

    def __init__(self, count: int, period: float) -> None:
        self.count = count
        self.period = period
        self.times: deque[float] = deque(maxlen=count)

    def ready_at(self, now: float) -> float:
        if len(self.times) < self.count:
            return now
        return max(now, self.times[0] + self.period)

    def take(self, now: float) -> None:
        self.times.append(now)

    def idle(self, now: float) -> bool:
        return not self.times or self.times[-1] + self.period <= now


@dataclass(eq=False)
class _Waiter:
    priority: Priority
    chat: ChatKey | None  # None: the call takes an overall slot only
    group: bool
    future: asyncio.Future[None]


def is_message(endpoint: str) -> bool:
    """Whether a Bot API method puts a message in the chat (counts against its budget)."""
    return endpoint.startswith(_MESSAGE_PREFIXES) and endpoint not in _NOT_MESSAGES


def _chat_key(chat_id: object) -> tuple[ChatKey, bool]:
    """The chat's bucket key, and whether it is a group (negative id or @username)."""
    if isinstance(chat_id, int):
        return chat_id, chat_id < 0
    with contextlib.suppress(ValueError):
        number = int(str(chat_id))
        return number, number < 0
    return str(chat_id), True


class PriorityRateLimiter(BaseRateLimiter[Priority]):
    """Keeps to Telegram's flood limits; foreground calls take every slot they need first."""

    def __init__(
        self,
        limits: Limits | None = None,
        *,
        max_retries: int = 0,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.limits = limits or Limits()
        self.max_retries = max_retries
        self._clock = clock
        self._sleep = sleep
        self._slot = 1.0 / self.limits.per_second
        self._next_slot = -math.inf
        self._paused_until = -math.inf
        self._queues: dict[Priority, deque[_Waiter]] = {p: deque() for p in Priority}
        self._chats: dict[ChatKey, _Bucket] = {}
        self._groups: dict[ChatKey, _Window] = {}
        self._forget_at = 1024
        self._arrival = asyncio.Event()
        self._dispatcher: asyncio.Task[None] | None = None
        #: Calls let through, by priority (for benchmarks and logs).
        self.released: dict[Priority, int] = dict.fromkeys(Priority, 0)

    async def initialize(self) -> None:
        """Nothing to set up: the dispatcher starts with the first limited call."""

    async def shutdown(self) -> None:
        if self._dispatcher is not None:
            self._dispatcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._dispatcher
            self._dispatcher = None
        for queue in self._queues.values():
            for waiter in queue:
                waiter.future.cancel()
            queue.clear()

    def waiting(self, priority: Priority) -> int:
        """Calls of `priority` waiting for a slot."""
        return sum(not w.future.done() for w in self._queues[priority])

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, ApiResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: Priority | None,
    ) -> ApiResult:
        chat_id = data.get("chat_id")
        if chat_id is None:
            return await callback(*args, **kwargs)
        priority = Priority(rate_limit_args or Priority.FOREGROUND)
        key, group = _chat_key(chat_id)
        chat = key if is_message(endpoint) else None
        attempt = 0
        while True:
            await self._admit(_Waiter(priority, chat, group, self._future()), retry=attempt > 0)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if attempt >= self.max_retries:
                    raise
                attempt += 1
                wait = _seconds(exc.retry_after) + 0.1
                log.info("%s: flood limit hit, every send waits %.1f s", endpoint, wait)
                self._paused_until = max(self._paused_until, self._clock() + wait)

    # -- the queue ------------------------------------------------------------------------

    @staticmethod
    def _future() -> asyncio.Future[None]:
        return asyncio.get_running_loop().create_future()

    async def _admit(self, waiter: _Waiter, *, retry: bool) -> None:
        """Queue `waiter` and return when its slot has come (a retry goes first)."""
        queue = self._queues[waiter.priority]
        if retry:
            queue.appendleft(waiter)
        else:
            queue.append(waiter)
        self._arrival.set()
        if self._dispatcher is None or self._dispatcher.done():
            self._dispatcher = asyncio.get_running_loop().create_task(self._dispatch())
        # A cancelled caller leaves its waiter behind; the dispatcher skips done futures.
        await waiter.future

    async def _dispatch(self) -> None:
        try:
            while True:
                self._arrival.clear()
                now = self._clock()
                start = max(self._next_slot, self._paused_until)
                if start > now:
                    await self._sleep(start - now)
                    continue
                waiter, ready_at = self._pick(now)
                if waiter is not None:
                    self._release(waiter, now)
                elif math.isinf(ready_at):
                    return  # nobody is waiting; the next call starts a new dispatcher
                else:
                    await self._idle(ready_at - now)
        except Exception as exc:  # a bug here must not leave callers waiting forever
            log.exception("rate limiter failed")
            for queue in self._queues.values():
                for waiter in queue:
                    if not waiter.future.done():
                        waiter.future.set_exception(exc)
                queue.clear()

    def _pick(self, now: float) -> tuple[_Waiter | None, float]:
        """The call to let through now, or None and when the first one can go."""
        soonest = math.inf
        for priority in Priority:  # FOREGROUND first
            queue = self._queues[priority]
            if any(w.future.done() for w in queue):
                queue = self._queues[priority] = deque(w for w in queue if not w.future.done())
            held: set[ChatKey] = set()  # chats whose older call must go first
            for index, waiter in enumerate(queue):
                if waiter.chat is not None and waiter.chat in held:
                    continue
                ready = self._ready_at(waiter, now)
                if ready <= now:
                    del queue[index]
                    return waiter, now
                soonest = min(soonest, ready)
                if waiter.chat is not None:
                    held.add(waiter.chat)
        return None, soonest

    def _ready_at(self, waiter: _Waiter, now: float) -> float:
        if waiter.chat is None:
            return now
        ready = now
        bucket = self._chats.get(waiter.chat)
        if bucket is not None:
            # A notification waits for a full bucket: a second after the chat's last message,
            # and an answer's burst stays free.
            if waiter.priority is Priority.BACKGROUND:
                ready = bucket.ready_at(now, bucket.capacity)
            elif self.limits.answer_burst is not None:
                ready = bucket.ready_at(now, 1.0)
        group = self._groups.get(waiter.chat) if waiter.group else None
        if group is not None:
            ready = max(ready, group.ready_at(now))
        return ready

    def _release(self, waiter: _Waiter, now: float) -> None:
        self._next_slot = now + self._slot
        if waiter.chat is not None:
            limits = self.limits
            if waiter.chat not in self._chats:
                capacity = limits.answer_burst or 1
                self._chats[waiter.chat] = _Bucket(limits.chat_rate(), capacity, now)
            self._chats[waiter.chat].take(now)
            if waiter.group:
                if waiter.chat not in self._groups:
                    self._groups[waiter.chat] = limits.group_window()
                self._groups[waiter.chat].take(now)
            self._forget_idle_chats(now)
        self.released[waiter.priority] += 1
        waiter.future.set_result(None)

    def _forget_idle_chats(self, now: float) -> None:
        """Drop idle budgets (a new one starts the same), so memory stays bounded."""
        if len(self._chats) + len(self._groups) <= self._forget_at:
            return
        budgets: tuple[dict[ChatKey, _Bucket], dict[ChatKey, _Window]] = (self._chats, self._groups)
        for kept in budgets:
            for key in [k for k, b in kept.items() if b.idle(now)]:
                del kept[key]
        self._forget_at = max(1024, 2 * (len(self._chats) + len(self._groups)))

    async def _idle(self, delay: float) -> None:
        """Wait `delay` seconds for a chat's bucket, or less if a new call arrives."""
        if self._arrival.is_set():
            return
        arrival = asyncio.ensure_future(self._arrival.wait())
        sleep = asyncio.ensure_future(self._sleep(delay))
        try:
            await asyncio.wait({arrival, sleep}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (arrival, sleep):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task


def _seconds(value: float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
