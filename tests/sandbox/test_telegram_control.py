"""Control API, raw Bot API answers, fault knobs and the loopback server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import NetworkError, RetryAfter

from sandbox.telegram_client import ControlApiError, TelegramSandboxClient
from sandbox.telegram_server import serve_loopback
from sandbox.telegram_state import TelegramState
from tests.sandbox.conftest import TOKEN

USER = 55


@pytest.fixture
async def raw(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://tg") as http:
        yield http


async def test_raw_error_bodies_are_telegrams(raw: httpx.AsyncClient) -> None:
    response = await raw.post("/bot000:bad/getMe")
    assert response.status_code == 401
    assert response.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    response = await raw.get(f"/bot{TOKEN}/fooBar")
    assert response.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
    response = await raw.post(f"/bot{TOKEN}/sendMessage", json={"chat_id": 1, "text": "x"})
    assert response.json()["description"] == "Bad Request: chat not found"
    response = await raw.get(f"/bot{TOKEN}/getme")  # method names ignore case
    assert response.json()["result"]["is_bot"] is True


async def test_json_and_query_string_bodies(
    raw: httpx.AsyncClient, client: TelegramSandboxClient
) -> None:
    await client.send_text(USER, "hi")
    markup = {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}
    body = {"chat_id": USER, "text": "<i>x</i>", "parse_mode": "HTML", "reply_markup": markup}
    response = await raw.post(f"/bot{TOKEN}/sendMessage", json=body)
    result = response.json()["result"]
    assert result["entities"] == [{"offset": 0, "length": 1, "type": "italic"}]
    assert result["reply_markup"] == markup
    response = await raw.get(f"/bot{TOKEN}/sendMessage?chat_id={USER}&text=q")
    assert response.json()["result"]["text"] == "q"


async def test_wait_for_replies_counts_and_quiet(bot: Bot, client: TelegramSandboxClient) -> None:
    sent = await client.send_text(USER, "hello")
    nothing = await client.wait_for_replies(USER, after=sent.marker, timeout=0.2)
    assert nothing.timed_out and nothing.messages == []

    async def reply_later() -> None:
        await asyncio.sleep(0.05)
        await bot.send_message(USER, "one")
        await asyncio.sleep(0.05)
        await bot.send_message(USER, "two")

    task = asyncio.create_task(reply_later())
    replies = await client.wait_for_replies(USER, after=sent.marker, quiet=0.2, timeout=5)
    await task
    assert replies.texts == ["one", "two"] and not replies.timed_out
    more = await client.wait_for_replies(USER, after=replies.marker, min_count=0, quiet=0.05)
    assert more.messages == [] and not more.timed_out


async def test_press_button_errors_and_index(bot: Bot, client: TelegramSandboxClient) -> None:
    await client.send_text(USER, "hello")
    with pytest.raises(ControlApiError, match="no bot message with buttons"):
        await client.press_button(USER, "x")
    row = [
        InlineKeyboardButton("A", callback_data="a"),
        InlineKeyboardButton("B", callback_data="b"),
    ]
    portal = [InlineKeyboardButton("Cổng DVC", url="https://dichvucong.gov.vn")]
    markup = InlineKeyboardMarkup([row, portal])
    sent = await bot.send_message(USER, "Chọn", reply_markup=markup)
    assert (await client.press_button(USER, index=1)).button.callback_data == "b"
    assert (await client.press_button(USER, index=(0, 0))).button.text == "A"
    press = await client.press_button(USER, data="b", message_id=sent.message_id)
    assert press.message_id == sent.message_id
    with pytest.raises(ControlApiError) as caught:
        await client.press_button(USER, "Z")
    assert caught.value.status == 404 and caught.value.details["buttons"] == ["A", "B", "Cổng DVC"]
    with pytest.raises(ControlApiError, match="does not send a callback"):
        await client.press_button(USER, "Cổng DVC")


async def test_block_sends_my_chat_member_and_polling_semantics(
    bot: Bot, client: TelegramSandboxClient
) -> None:
    first = await client.send_text(USER, "hi")
    await client.block(USER)
    updates = await bot.get_updates(timeout=0)
    assert updates[0].update_id == first.update_id
    member = updates[-1].my_chat_member
    assert member is not None and member.new_chat_member.status == "kicked"
    # confirming with offset forgets earlier updates
    assert await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0) == ()
    # allowed_updates filters update types
    await client.unblock(USER)
    await client.send_text(USER, "again")
    only_messages = await bot.get_updates(timeout=0, allowed_updates=["message"])
    assert [u.message.text for u in only_messages if u.message] == ["again"]
    assert all(u.message for u in only_messages)


async def test_long_poll_wakes_up_on_new_update(bot: Bot, client: TelegramSandboxClient) -> None:
    async def later() -> None:
        await asyncio.sleep(0.1)
        await client.send_text(USER, "wake up")

    task = asyncio.create_task(later())
    loop = asyncio.get_running_loop()
    started = loop.time()
    updates = await bot.get_updates(timeout=20)
    await task
    assert updates and updates[0].message and updates[0].message.text == "wake up"
    assert loop.time() - started < 10  # woke up long before the 20 s poll ended


async def test_fault_knobs_are_seeded(bot: Bot, client: TelegramSandboxClient) -> None:
    await client.send_text(USER, "hi")
    await client.set_faults(p_500=1.0)
    with pytest.raises(NetworkError, match="Internal Server Error"):
        await bot.send_message(USER, "x")
    assert (await bot.get_me()).is_bot  # getMe is spared unless listed
    await client.set_faults(p_429=1.0, retry_after=3)
    with pytest.raises(RetryAfter):
        await bot.send_message(USER, "x")

    async def outcomes() -> list[str]:
        await client.set_faults(p_500=0.3, p_502=0.3, seed=7)
        result = []
        for _ in range(20):
            try:
                await bot.send_message(USER, "x")
                result.append("ok")
            except NetworkError as exc:
                result.append(str(exc))
        return result

    first, second = await outcomes(), await outcomes()
    assert first == second and "ok" in first and len(set(first)) == 3
    stats = await client.stats()
    assert stats["method_counts"]["sendMessage"] == 42
    await client.reset()
    assert (await client.stats())["users"] == 0


async def test_loopback_server_with_real_sockets() -> None:
    state = TelegramState(TOKEN)
    async with serve_loopback(state) as url:
        bot = Bot(TOKEN, base_url=f"{url}/bot", base_file_url=f"{url}/file/bot")
        await bot.initialize()
        async with TelegramSandboxClient.connect(url) as client:
            poll = asyncio.create_task(bot.get_updates(timeout=10))
            sent = await client.send_text(USER, "/start")
            updates = await asyncio.wait_for(poll, 5)
            assert updates[0].update_id == sent.update_id
            await bot.send_message(USER, "<b>xin chào</b>", parse_mode="HTML")
            assert (await client.chat(USER))[-1].text == "xin chào"
            upload = await client.upload_document(USER, b"abc", "a.txt", "text/plain")
            assert upload.file_id is not None
            file = await bot.get_file(upload.file_id)
            assert bytes(await file.download_as_bytearray()) == b"abc"
        lingering = asyncio.create_task(bot.get_updates(offset=10**6, timeout=30))
        await asyncio.sleep(0.05)
    # stopping the server released the open long poll instead of waiting 30 s
    assert await asyncio.wait_for(lingering, 5) == ()
    await bot.shutdown()
