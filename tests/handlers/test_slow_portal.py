"""A portal that hangs: the citizen sees "typing…" while the bot waits, and then hears that
the portal is not answering (or, for /follow, that the dossier is followed anyway) within
ten seconds of asking, instead of waiting on the portal's own timeouts."""

from __future__ import annotations

import asyncio

from bot.portal.status import DossierStatus
from sandbox.portal_sim import build_store
from sandbox.portal_store import PortalStore
from tests.helpers.botrig import BotRig, running_bot

USER = 8401
#: The bound a citizen should notice; the bot aims at eight seconds, the rest is slack for
#: a loaded machine. The portal hangs far longer than this.
BOUND_S = 12.0
HANG_S = 120.0


def hanging_store() -> tuple[PortalStore, str]:
    store = build_store()
    code = next(d.code for d in store.all() if d.status is DossierStatus.PROCESSING)
    store.faults.hang_seconds = HANG_S
    store.faults.timeout_rate = 1.0
    return store, code


def typing_count(rig: BotRig) -> int:
    return rig.state.chats[USER].chat_actions.count("typing")


async def exchange(rig: BotRig, text: str) -> tuple[list[str], int, float]:
    """Send `text`; wait for "typing…" with no answer yet, then for the answer. Returns the
    answer's texts, how often "typing…" was shown and the seconds from question to answer."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    sent = await rig.client.send_text(USER, text)
    async with asyncio.timeout(BOUND_S):  # polls the fake server's record of chat actions
        while True:
            if USER in rig.state.chats and typing_count(rig) > 0:
                break
            await asyncio.sleep(0.05)
    early = await rig.client.replies_since(USER, after=sent.marker)
    assert early.messages == [], "the answer came before any sign of life"
    async with asyncio.timeout(3 * BOUND_S):  # the old bot waited on every portal timeout
        replies = await rig.replies(sent, USER)
    return replies.texts, typing_count(rig), loop.time() - started


async def test_status_on_a_hanging_portal_says_it_is_not_answering(database_url: str) -> None:
    store, code = hanging_store()
    async with running_bot(database_url, portal=store) as rig:
        texts, typing, seconds = await exchange(rig, f"/status {code}")
    assert len(texts) == 1 and "không phản hồi" in texts[0]
    assert typing >= 2  # renewed while waiting: Telegram shows it for five seconds only
    assert seconds < BOUND_S


async def test_follow_on_a_hanging_portal_follows_without_a_status(database_url: str) -> None:
    store, code = hanging_store()
    async with running_bot(database_url, portal=store) as rig:
        texts, _, seconds = await exchange(rig, f"/follow {code}")
    assert len(texts) == 1 and "Đã theo dõi" in texts[0] and "không phản hồi" in texts[0]
    assert seconds < BOUND_S
