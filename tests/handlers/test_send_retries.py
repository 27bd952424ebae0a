"""A reply that Telegram fails with a 5xx is sent again, so no answer is lost, and a reply
Telegram may already have carried out is never sent twice.

End to end: the fake Telegram answers a quarter of the bot's ``sendMessage`` calls with
500, and 50 questions still get their answer exactly once. Against a scripted transport:
what is retried (5xx, a connection never made) and what is not (a 4xx, a ``sendMessage``
whose answer was lost after it was written).
"""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest
from telegram.error import BadRequest, NetworkError, TimedOut

from bot.telegram.transport import BoundedHTTPXRequest
from tests.helpers.botrig import running_bot

QUESTION = "làm lại căn cước bị mất"
ANSWER = "Cấp lại thẻ căn cước"
APOLOGY = "đã có lỗi xảy ra"
FIRST_USER = 9300
# With this seed and one sendMessage per answer, the 50 answers meet 13 injected 500s:
# 11 first attempts fail and 2 second attempts too; no answer fails three times.
SEED = 6


async def test_every_answer_arrives_once_when_a_quarter_of_sends_fail(
    database_url: str,
) -> None:
    async with running_bot(database_url) as rig:
        await rig.client.set_faults(p_500=0.25, seed=SEED, methods=["sendMessage"])
        answers = [await rig.ask(FIRST_USER + i, QUESTION) for i in range(50)]
        failed = [e for e in rig.state.api_errors if e[0] == "sendMessage" and e[1] == 500]
    assert len(failed) >= 10  # the faults really happened
    for texts in answers:
        assert len(texts) == 1, texts  # neither lost nor sent twice
        assert ANSWER in texts[0] and APOLOGY not in texts[0]


Step = Callable[[httpx.Request], httpx.Response]


def ok(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=json.dumps({"ok": True, "result": True}).encode())


def status(code: int) -> Step:
    def answer(request: httpx.Request) -> httpx.Response:
        body = {"ok": False, "error_code": code, "description": f"error {code}"}
        return httpx.Response(code, content=json.dumps(body).encode())

    return answer


def fails(error: type[httpx.TransportError]) -> Step:
    def answer(request: httpx.Request) -> httpx.Response:
        raise error("scripted", request=request)

    return answer


class ScriptedTelegram(httpx.AsyncBaseTransport):
    """Answers the n-th request with the n-th step (the last step from then on)."""

    def __init__(self, *steps: Step) -> None:
        self.steps = steps
        self.calls = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        step = self.steps[min(self.calls, len(self.steps) - 1)]
        self.calls += 1
        return step(request)


async def post(telegram: ScriptedTelegram, method: str = "sendMessage") -> object:
    request = BoundedHTTPXRequest(
        connection_pool_size=2, retry_delays=(0.01, 0.02), httpx_kwargs={"transport": telegram}
    )
    await request.initialize()
    try:
        return await request.post(f"https://api.test/bot123:abc/{method}")
    finally:
        await request.shutdown()


@pytest.mark.parametrize(
    "first",
    [status(500), status(502), fails(httpx.ConnectError), fails(httpx.ConnectTimeout)],
    ids=["500", "502", "connect-error", "connect-timeout"],
)
async def test_a_send_telegram_did_not_carry_out_goes_again(first: Step) -> None:
    telegram = ScriptedTelegram(first, ok)
    assert await post(telegram) is True
    assert telegram.calls == 2


async def test_three_failures_are_reported_not_swallowed() -> None:
    telegram = ScriptedTelegram(status(500))
    with pytest.raises(NetworkError):
        await post(telegram)
    assert telegram.calls == 3


async def test_a_send_that_may_have_arrived_is_not_repeated() -> None:
    telegram = ScriptedTelegram(fails(httpx.ReadTimeout), ok)
    with pytest.raises(TimedOut):
        await post(telegram)
    assert telegram.calls == 1


async def test_an_idempotent_call_is_repeated_after_a_lost_answer() -> None:
    telegram = ScriptedTelegram(fails(httpx.ReadError), ok)
    assert await post(telegram, "sendChatAction") is True
    assert telegram.calls == 2


async def test_a_bad_request_is_not_repeated() -> None:
    telegram = ScriptedTelegram(status(400), ok)
    with pytest.raises(BadRequest):
        await post(telegram)
    assert telegram.calls == 1


async def test_get_updates_is_left_to_its_polling_loop() -> None:
    telegram = ScriptedTelegram(status(502), ok)
    with pytest.raises(NetworkError):
        await post(telegram, "getUpdates")
    assert telegram.calls == 1
