"""Following dossiers in Telegram, through the real PTB application and the fake server:
the card's 🔔 button, /follow, /mine, /unfollow, the limit, a change on the portal arriving
once, the one-stop owner ID kept encrypted, and blocking the bot ending the subscriptions."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any

from sqlalchemy import select

from bot.db.models import Subscription
from bot.portal.status import DossierStatus as S
from bot.telegram.delivery import bot_sender
from bot.tracking.config import TrackingConfig
from sandbox.portal_seed import new_dossier
from sandbox.portal_sim import build_store
from sandbox.portal_store import PortalStore, SimDossier
from tests.helpers.botrig import BotRig, running_bot

USER = 8201


@asynccontextmanager
async def tracked_bot(
    database_url: str, store: PortalStore, **overrides: Any
) -> AsyncIterator[BotRig]:
    """The bot with its in-process poller and sender restarted on a fast schedule."""
    limit = overrides.pop("max_per_user", 20)
    async with running_bot(database_url, portal=store, **overrides) as rig:
        tracking = rig.application.bot_data.services.tracking
        await tracking.stop()
        config = TrackingConfig(portal_rps=200.0).fast(0.2, lease=5.0)
        tracking.config = replace(config, max_per_user=limit)
        await tracking.start(bot_sender(rig.application.bot))
        yield rig


def static(store: PortalStore, status: S = S.PROCESSING, n: int = 1) -> list[SimDossier]:
    """``n`` dossiers in ``status`` that do not move on their own (seeded ones first)."""
    found = [d for d in store.all() if d.status is status and not d.plan and "0011" not in d.code]
    while len(found) < n:
        made = new_dossier(store, submitted_at=store.clock.now())
        made.processing_days = 15
        store.transition(made, S.RECEIVED)
        if status is not S.RECEIVED:
            store.transition(made, status)
        found.append(made)
    return found[:n]


async def say(rig: BotRig, text: str, user: int = USER) -> list[str]:
    return await rig.ask(user, text)


async def press(rig: BotRig, text: str, user: int = USER) -> list[str]:
    return (await rig.press(user, text)).texts


async def notifications(rig: BotRig, code: str, user: int = USER) -> list[str]:
    return [
        m.body
        for m in await rig.client.bot_messages(user)
        if "cập nhật" in m.body and code in m.body
    ]


async def wait_for(rig: BotRig, code: str, count: int, user: int = USER) -> list[str]:
    for _ in range(200):
        found = await notifications(rig, code, user)
        if len(found) >= count:
            return found
        await asyncio.sleep(0.05)
    return await notifications(rig, code, user)


async def looked_up(rig: BotRig, times: int) -> None:
    """Wait until the poller has asked the portal about dossiers `times` more times (it has
    compared and stored at least `times - 1` answers by then), instead of sleeping."""
    target = rig.portal.stats["igate_search"] + times
    for _ in range(400):
        if rig.portal.stats["igate_search"] >= target:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"the poller did not look up dossiers {times} more times")


async def subscriptions(rig: BotRig) -> list[Subscription]:
    async with rig.application.bot_data.services.sessions() as session:
        return list((await session.scalars(select(Subscription))).all())


async def test_follow_from_the_card_and_a_change_arrives_once(database_url: str) -> None:
    store = build_store()
    (dossier,) = static(store)
    async with tracked_bot(database_url, store) as rig:
        await say(rig, f"/status {dossier.code}")
        (reply,) = await press(rig, "🔔 Theo dõi hồ sơ này")
        assert "Đã theo dõi hồ sơ" in reply and dossier.code in reply and "1/20" in reply
        await looked_up(rig, 2)  # several polls: no change, no message
        assert await notifications(rig, dossier.code) == []
        store.transition(dossier, S.RESULT_READY)
        (note,) = await wait_for(rig, dossier.code, 1)
        await looked_up(rig, 2)  # more polls must not repeat it
        assert await notifications(rig, dossier.code) == [note]
        assert rig.state.api_errors == []
    assert "Đã có kết quả, chờ trả" in note and "Kết quả đã sẵn sàng" in note
    assert "/unfollow" in note


async def test_follow_command_mine_and_already(database_url: str) -> None:
    store = build_store()
    first, second = static(store, S.PROCESSING, 1) + static(store, S.SUPPLEMENT_REQUIRED, 1)
    async with tracked_bot(database_url, store) as rig:
        (ok,) = await say(rig, f"/follow {first.code}")
        (ok2,) = await say(rig, f"/follow {second.code}")
        (again,) = await say(rig, f"/follow {first.code}")
        (mine,) = await say(rig, "/mine")
        (usage,) = await say(rig, "/follow")
    assert "Đã theo dõi" in ok and "2/20" in ok2
    assert "đã theo dõi hồ sơ" in again
    assert first.code in mine and second.code in mine
    assert "Đang xử lý" in mine and "Cần bổ sung hồ sơ" in mine and "(2/20)" in mine
    assert "/follow" in usage


async def test_unfollow_with_a_button_per_dossier(database_url: str) -> None:
    store = build_store()
    dossiers = static(store, S.PROCESSING, 2)
    async with tracked_bot(database_url, store) as rig:
        for dossier in dossiers:
            await say(rig, f"/follow {dossier.code}")
        replies = await rig.send(USER, "/unfollow")
        labels = [b.text for b in replies.last.buttons]
        assert labels == [f"❌ {d.code}" for d in dossiers]
        texts = await press(rig, f"❌ {dossiers[0].code}")
        (mine,) = await say(rig, "/mine")
        (by_code,) = await say(rig, f"/unfollow {dossiers[1].code}")
        (empty,) = await say(rig, "/mine")
    assert any("Đã bỏ theo dõi" in t and dossiers[0].code in t for t in texts)
    assert dossiers[0].code not in mine and dossiers[1].code in mine
    assert "Đã bỏ theo dõi" in by_code
    assert "chưa theo dõi hồ sơ nào" in empty


async def test_limit_message(database_url: str) -> None:
    store = build_store()
    dossiers = static(store, S.PROCESSING, 3)
    async with tracked_bot(database_url, store, max_per_user=2) as rig:
        for dossier in dossiers[:2]:
            await say(rig, f"/follow {dossier.code}")
        (refused,) = await say(rig, f"/follow {dossiers[2].code}")
        assert len(await subscriptions(rig)) == 2
    assert "tối đa" in refused and "/unfollow" in refused


async def test_english_notification_and_closed_dossier(database_url: str) -> None:
    store = build_store()
    (dossier,) = static(store)
    (done,) = static(store, S.RESULT_RETURNED)
    async with tracked_bot(database_url, store) as rig:
        await say(rig, "/lang en")
        (ok,) = await say(rig, f"/follow {dossier.code}")
        (closed,) = await say(rig, f"/follow {done.code}")
        store.transition(dossier, S.SUPPLEMENT_REQUIRED)
        for _ in range(200):
            bodies = [
                m.body for m in await rig.client.bot_messages(USER) if "has an update" in m.body
            ]
            if bodies:
                break
            await asyncio.sleep(0.05)
    assert "You are now following" in ok
    assert "finished" in closed
    assert bodies and "More documents required" in bodies[0] and "On the portal:" in bodies[0]


async def test_blocking_the_bot_ends_the_subscriptions(database_url: str) -> None:
    store = build_store()
    dossiers = static(store, S.PROCESSING, 2)
    async with tracked_bot(database_url, store) as rig:
        for dossier in dossiers:
            await say(rig, f"/follow {dossier.code}")
        await rig.client.block(USER)
        store.transition(dossiers[0], S.RESULT_READY)
        for _ in range(200):
            rows = await subscriptions(rig)
            if not any(row.active for row in rows):
                break
            await asyncio.sleep(0.05)
    assert rows and not any(row.active for row in rows)
    assert all(row.owner_id_encrypted is None for row in rows)


async def test_one_stop_owner_id_is_kept_only_encrypted(database_url: str) -> None:
    store = build_store()
    (dossier,) = static(store)
    owner = dossier.owner.id_number
    async with tracked_bot(database_url, store, portal_kind="onestop") as rig:
        (ask,) = await say(rig, f"/status {dossier.code}")
        assert "CCCD" in ask
        await say(rig, owner)  # the card comes back; the ID message is deleted
        (followed,) = await press(rig, "🔔 Theo dõi hồ sơ này")
        (row,) = await subscriptions(rig)
        store.transition(dossier, S.PAYMENT_REQUIRED)
        (note,) = await wait_for(rig, dossier.code, 1)
        # /follow on another dossier asks for the ID number, then follows.
        (other,) = static(store, S.RECEIVED)
        (ask_again,) = await say(rig, f"/follow {other.code}")
        (followed_other,) = await say(rig, other.owner.id_number)
        chat = await rig.client.chat(USER)
    assert "Đã theo dõi" in followed and "Đã theo dõi" in followed_other
    assert "CCCD" in ask_again
    assert row.owner_id_encrypted is not None and owner.encode() not in row.owner_id_encrypted
    privacy = rig.application.bot_data.services.privacy
    assert privacy.decrypt(row.owner_id_encrypted) == owner
    assert "Chờ nộp phí" in note
    id_messages = [m for m in chat if not m.from_bot and m.text and m.text.strip().isdigit()]
    assert id_messages and all(m.deleted for m in id_messages)
