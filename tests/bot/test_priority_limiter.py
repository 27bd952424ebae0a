"""The priority rate limiter (bot/telegram/ratelimit.py): a citizen's answer is not held up
by queued notifications, and nothing exceeds Telegram's flood limits.

The limiter runs on a fake clock (its waits advance the clock instead of sleeping), so the
limits are checked exactly on the times at which the limiter let each call through. The
last test sends through a real bot to the fake Telegram server.
"""

from __future__ import annotations

import asyncio
import itertools
from collections import defaultdict
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from telegram.error import RetryAfter
from telegram.ext import ExtBot
from telegram.request import HTTPXRequest

from bot.telegram.delivery import bot_sender
from bot.telegram.ratelimit import Limits, Priority, PriorityRateLimiter
from sandbox.telegram_server import create_telegram_app
from sandbox.telegram_state import TelegramState

SLOT = 1 / 30
BG, FG = Priority.BACKGROUND, Priority.FOREGROUND
TOKEN = "7000000004:TEST-sandbox-token-not-secret-00000"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(seconds, 0.0)
        await asyncio.sleep(0)


@dataclass
class Sent:
    at: float
    chat: int
    priority: Priority


@dataclass
class Telegram:
    """Records what the limiter let through, and when (on the fake clock)."""

    clock: FakeClock
    sent: list[Sent] = field(default_factory=list)
    fail_next: int = 0  # answer this many calls with a 429

    async def call(self, chat: int, priority: Priority) -> bool:
        if self.fail_next:
            self.fail_next -= 1
            raise RetryAfter(2)
        self.sent.append(Sent(self.clock(), chat, priority))
        return True


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def request(
    limiter: PriorityRateLimiter,
    telegram: Telegram,
    chat: int,
    priority: Priority,
    endpoint: str = "sendMessage",
) -> Coroutine[Any, Any, object]:
    """One Bot API call through the limiter (awaited directly, it queues at once)."""
    return limiter.process_request(
        callback=telegram.call,
        args=(chat, priority),
        kwargs={},
        endpoint=endpoint,
        data={"chat_id": chat, "text": "x"},
        rate_limit_args=None if priority is FG else priority,
    )


def send(
    limiter: PriorityRateLimiter,
    telegram: Telegram,
    chat: int,
    priority: Priority,
    endpoint: str = "sendMessage",
) -> asyncio.Task[object]:
    """The same call as a task of its own."""
    return asyncio.ensure_future(request(limiter, telegram, chat, priority, endpoint))


async def until(condition: object, *, rounds: int = 100_000) -> None:
    for _ in range(rounds):
        if callable(condition) and condition():
            return
        await asyncio.sleep(0)
    raise AssertionError("condition never met")


def windows(times: list[float], length: float) -> Iterator[int]:
    """How many of `times` fall in [t, t + length) for each t of them."""
    ordered = sorted(times)
    end = 0
    for start, at in enumerate(ordered):
        while end < len(ordered) and ordered[end] < at + length - 1e-9:
            end += 1
        yield end - start


async def test_an_answer_goes_within_one_slot_while_500_notifications_wait(
    clock: FakeClock,
) -> None:
    limiter = PriorityRateLimiter(clock=clock, sleep=clock.sleep)
    telegram = Telegram(clock)
    background = [send(limiter, telegram, 10_000 + i, BG) for i in range(500)]
    await until(lambda: len(telegram.sent) >= 100)
    assert limiter.waiting(BG) > 300  # still a long queue of notifications

    asked_at = clock()
    await request(limiter, telegram, 42, FG)
    answer = next(s for s in telegram.sent if s.priority is FG)
    assert answer.at - asked_at <= SLOT + 1e-9
    # at most the notification already in its slot went between the question and the answer
    assert sum(asked_at < s.at < answer.at for s in telegram.sent) <= 1

    await asyncio.gather(*background)
    assert len(telegram.sent) == 501
    await limiter.shutdown()


async def test_answers_go_first_and_notifications_fill_the_rest(clock: FakeClock) -> None:
    limiter = PriorityRateLimiter(clock=clock, sleep=clock.sleep)
    telegram = Telegram(clock)
    tasks = [send(limiter, telegram, 10_000 + i, BG) for i in range(300)]
    tasks += [send(limiter, telegram, 500 + i, FG) for i in range(60)]
    await asyncio.gather(*tasks)
    order = [s.priority for s in telegram.sent]
    # queued after 300 notifications, the 60 answers still take the first slots
    assert order[:61].count(FG) == 60
    await limiter.shutdown()


async def test_no_second_exceeds_30_and_notifications_keep_one_a_second_per_chat(
    clock: FakeClock,
) -> None:
    limiter = PriorityRateLimiter(clock=clock, sleep=clock.sleep)
    telegram = Telegram(clock)
    # 500 notifications to 40 chats (a dozen each, in bursts), answers to some of them too
    tasks = [send(limiter, telegram, 7_000 + i % 40, BG) for i in range(500)]
    tasks += [send(limiter, telegram, 7_000 + i % 40, FG) for i in range(0, 200, 3)]
    await asyncio.gather(*tasks)
    assert len(telegram.sent) == len(tasks)
    assert max(windows([s.at for s in telegram.sent], 1.0)) <= 30

    by_chat: dict[int, list[Sent]] = defaultdict(list)
    for sent in telegram.sent:
        by_chat[sent.chat].append(sent)
    for messages in by_chat.values():
        # a notification never follows any message to the same chat within a second
        for before, after in itertools.pairwise(messages):
            if after.priority is BG:
                assert after.at - before.at >= 1.0
    await limiter.shutdown()


async def test_a_reply_of_several_messages_is_not_spread_over_seconds(clock: FakeClock) -> None:
    limiter = PriorityRateLimiter(clock=clock, sleep=clock.sleep)
    telegram = Telegram(clock)
    started = clock()
    for _ in range(3):  # an answer, then two more messages of the same reply
        await request(limiter, telegram, 77, FG)
    assert clock() - started <= 3 * SLOT + 1e-9
    # ... and a notification to that chat waits until it is back to one message a second
    await request(limiter, telegram, 77, BG)
    assert telegram.sent[-1].at - telegram.sent[-2].at >= 3.0
    await limiter.shutdown()


async def test_answers_held_per_chat_too_a_chat_never_gets_two_messages_within_a_second(
    clock: FakeClock,
) -> None:
    limiter = PriorityRateLimiter(Limits(answer_burst=1), clock=clock, sleep=clock.sleep)
    telegram = Telegram(clock)
    tasks = [send(limiter, telegram, 1 + i % 5, BG if i % 2 else FG) for i in range(100)]
    await asyncio.gather(*tasks)
    by_chat: dict[int, list[float]] = defaultdict(list)
    for sent in telegram.sent:
        by_chat[sent.chat].append(sent.at)
    assert all(max(windows(times, 1.0)) == 1 for times in by_chat.values())
    await limiter.shutdown()


async def test_groups_get_at_most_20_messages_a_minute(clock: FakeClock) -> None:
    limiter = PriorityRateLimiter(clock=clock, sleep=clock.sleep)
    telegram = Telegram(clock)
    await asyncio.gather(*(send(limiter, telegram, -100123, FG) for _ in range(45)))
    assert max(windows([s.at for s in telegram.sent], 60.0)) <= 20
    await limiter.shutdown()


async def test_a_429_pauses_every_send_and_the_call_is_retried(clock: FakeClock) -> None:
    limiter = PriorityRateLimiter(max_retries=2, clock=clock, sleep=clock.sleep)
    telegram = Telegram(clock, fail_next=1)
    started = clock()
    first = send(limiter, telegram, 1, FG)
    await until(lambda: telegram.fail_next == 0)
    others = [send(limiter, telegram, 2 + i, BG) for i in range(3)]
    await asyncio.gather(first, *others)
    assert len(telegram.sent) == 4
    assert min(s.at for s in telegram.sent) >= started + 2.0  # retry_after 2 s for everyone
    assert telegram.sent[0].chat == 1  # the retried answer before the notifications

    telegram.fail_next = 3  # more 429s than retries: the caller gets the RetryAfter
    with pytest.raises(RetryAfter):
        await send(limiter, telegram, 1, FG)
    await limiter.shutdown()


async def test_calls_without_a_chat_and_edits_are_not_held_by_chat_budgets(
    clock: FakeClock,
) -> None:
    limiter = PriorityRateLimiter(Limits(answer_burst=1), clock=clock, sleep=clock.sleep)
    telegram = Telegram(clock)
    await send(limiter, telegram, 5, FG)
    before = clock()
    # an edit in the same chat right after a message: an overall slot, not the chat's second
    await request(limiter, telegram, 5, FG, endpoint="editMessageText")
    assert clock() - before <= SLOT + 1e-9

    async def answer_button() -> bool:
        return True

    # answerCallbackQuery has no chat_id: straight through, however busy the queue is
    busy = [send(limiter, telegram, 9_000 + i, BG) for i in range(50)]
    await asyncio.sleep(0)
    result = await limiter.process_request(answer_button, (), {}, "answerCallbackQuery", {}, None)
    assert result is True and limiter.waiting(BG) > 40
    await asyncio.gather(*busy)
    await limiter.shutdown()


async def test_a_caller_that_gives_up_does_not_take_a_slot(clock: FakeClock) -> None:
    limiter = PriorityRateLimiter(clock=clock, sleep=clock.sleep)
    telegram = Telegram(clock)
    tasks = [send(limiter, telegram, 100 + i, BG) for i in range(20)]
    await asyncio.sleep(0)
    for task in tasks[5:15]:
        task.cancel()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    assert sum(isinstance(r, asyncio.CancelledError) for r in results) == 10
    assert sorted(s.chat for s in telegram.sent) == [100 + i for i in (*range(5), *range(15, 20))]
    await limiter.shutdown()


class RecordingLimiter(PriorityRateLimiter):
    def __init__(self) -> None:
        super().__init__()
        self.priorities: list[tuple[str, Priority | None]] = []

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):  # type: ignore[no-untyped-def]
        self.priorities.append((endpoint, rate_limit_args))
        return await super().process_request(
            callback, args, kwargs, endpoint, data, rate_limit_args
        )


async def test_notifications_go_as_background_and_answers_as_foreground() -> None:
    state = TelegramState(TOKEN)
    state.ensure_user(555)
    state.ensure_chat(555).started = True
    transport = httpx.ASGITransport(app=create_telegram_app(state))
    limiter = RecordingLimiter()
    bot: ExtBot[Priority] = ExtBot(
        TOKEN,
        base_url="http://telegram.test/bot",
        request=HTTPXRequest(httpx_kwargs={"transport": transport}),
        rate_limiter=limiter,
    )
    async with bot:
        await bot_sender(bot)(555, "Hồ sơ của bạn đã có kết quả")
        await bot.send_message(555, "an answer")
    assert limiter.priorities[-2:] == [("sendMessage", BG), ("sendMessage", None)]
    texts = [m.text for m in state.chats[555].messages.values()]
    assert texts[-2:] == ["Hồ sơ của bạn đã có kết quả", "an answer"]
    assert limiter.released == {FG: 1, BG: 1}
