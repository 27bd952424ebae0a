"""Personal commands in a group post nothing personal: they answer "send this to me
privately" with a button that opens the private chat (`/start <payload>`), which then
shows what was asked for."""

from __future__ import annotations

import pytest

from bot.portal.status import DossierStatus
from sandbox.portal_sim import build_store
from sandbox.portal_store import PortalStore
from sandbox.telegram_client import ChatMessage
from tests.helpers.botrig import BotRig, running_bot

USER = 9301
GROUP = -100930
PRIVATELY = "tin nhắn riêng"


def processing_code(store: PortalStore) -> str:
    return next(d.code for d in store.all() if d.status is DossierStatus.PROCESSING and not d.plan)


def deep_link(rig: BotRig, payload: str) -> str:
    return f"https://t.me/{rig.application.bot.username}?start={payload}"


async def in_group(rig: BotRig, text: str) -> ChatMessage:
    """`text` sent to the group by USER; the bot's only reply."""
    replies = await rig.send(USER, text, chat_id=GROUP)
    (reply,) = replies.messages
    return reply


async def group_text(rig: BotRig) -> str:
    return "\n".join(m.body for m in await rig.client.chat(GROUP))


@pytest.mark.parametrize(
    ("command", "payload"),
    [
        ("/mine", "mine"),
        ("/mydata", "mydata"),
        ("/forget", "forget"),
        ("/unfollow", "unfollow"),
        ("/follow {code}", "follow"),
    ],
)
async def test_personal_commands_in_a_group_link_to_the_private_chat(
    database_url: str, command: str, payload: str
) -> None:
    store = build_store()
    code = processing_code(store)
    async with running_bot(database_url, portal=store) as rig:
        (followed,) = await rig.ask(USER, f"/follow {code}")
        assert "Đã theo dõi" in followed
        await rig.client.create_group(GROUP, "Tổ dân phố")
        reply = await in_group(rig, command.format(code=code))
        assert PRIVATELY in reply.body
        (button,) = reply.buttons
        assert button.url == deep_link(rig, payload) and button.callback_data is None
        said = await group_text(rig)
        # nothing personal: no dossier code, status, stored data or confirmation
        assert reply.body.count(code) == 0 and said.count(code) == command.count("{code}")
        for personal in ("Đang xử lý", "Dữ liệu bot lưu", "chắc chắn", "Đã theo dõi", "❌"):
            assert personal not in said


async def test_the_deep_link_opens_the_command_privately(database_url: str) -> None:
    store = build_store()
    code = processing_code(store)
    async with running_bot(database_url, portal=store) as rig:
        await rig.ask(USER, f"/follow {code}")
        (mine,) = await rig.ask(USER, "/start mine")
        assert code in mine
        (mydata,) = await rig.ask(USER, "/start mydata")
        assert "Dữ liệu bot lưu về bạn" in mydata and "Hồ sơ đang theo dõi: 1" in mydata
        forget = (await rig.send(USER, "/start forget")).last
        assert "chắc chắn" in forget.body and forget.buttons
        unfollow = (await rig.send(USER, "/start unfollow")).last
        assert any(code in b.text for b in unfollow.buttons)
        (follow,) = await rig.ask(USER, "/start follow")
        assert "/follow" in follow


async def test_status_in_a_group_on_the_one_stop_portal_links_to_the_private_chat(
    database_url: str,
) -> None:
    store = build_store()
    code = processing_code(store)
    async with running_bot(database_url, portal=store, portal_kind="onestop") as rig:
        await rig.client.create_group(GROUP, "Tổ dân phố")
        reply = await in_group(rig, f"/status {code}")
        assert PRIVATELY in reply.body and "CCCD" not in reply.body
        assert [b.url for b in reply.buttons] == [deep_link(rig, "status")]
        username = rig.application.bot.username
        reply = await in_group(rig, f"@{username} hồ sơ {code} sao rồi")
        assert PRIVATELY in reply.body
        (guide,) = await rig.ask(USER, "/start status")
        assert "mã hồ sơ" in guide.lower()


async def test_status_in_a_group_still_works_on_igate_without_the_follow_button(
    database_url: str,
) -> None:
    store = build_store()
    code = processing_code(store)
    async with running_bot(database_url, portal=store) as rig:
        await rig.client.create_group(GROUP, "Tổ dân phố")
        reply = await in_group(rig, f"/status {code}")
        assert code in reply.body and "Đang xử lý" in reply.body
        assert not any(b.callback_data for b in reply.buttons)  # no 🔔 for the whole group


async def test_menu_buttons_for_personal_data_open_the_private_chat(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        await rig.client.create_group(GROUP, "Tổ dân phố")
        menu = await in_group(rig, f"/start@{rig.application.bot.username}")
        pressed = await rig.client.press_button(USER, "📌", menu.message_id, chat_id=GROUP)
        await rig.settled(pressed)
        answer = await rig.client.callback_answer(pressed.callback_query_id)
        assert answer is not None and answer["url"] == deep_link(rig, "mine")
        assert (await rig.replies(pressed, GROUP)).messages == []
