"""A hostile world: the portal fails 20% of requests (503 and malformed bodies) and the fake
Telegram server answers 429, 500 and 502 at random. Every change still arrives exactly once.

In process: the poller and the sender share a clock that skips their waits (retry_after,
backoff), so nothing sleeps for real; Telegram is reached through python-telegram-bot with
its AIORateLimiter (without its own retries, so the sender's 429 handling is exercised).
"""

from __future__ import annotations

import httpx
from sqlalchemy import update
from telegram.ext import AIORateLimiter, ExtBot
from telegram.request import HTTPXRequest

from bot.calendar import WorkCalendar
from bot.db.models import Subscription
from bot.db.privacy import Privacy
from bot.portal.status import DossierStatus as S
from bot.telegram.delivery import bot_sender
from bot.texts import Texts
from bot.tracking.outbox import OutboxState
from bot.tracking.poller import Poller
from bot.tracking.sender import Sender
from sandbox.portal_sim import build_store
from sandbox.telegram_limits import FaultConfig
from sandbox.telegram_server import create_telegram_app
from sandbox.telegram_state import TelegramState
from tests.tracking.kit import (
    SECRET,
    SkewClock,
    add_dossiers,
    database,
    fast_config,
    outbox_rows,
    parse_change,
    sim_adapter,
    subscribe,
    subscription_rows,
)
from tests.tracking.world import TOKEN, bot_texts, start_chats

DOSSIERS = 25
ROUNDS = (S.PROCESSING, S.SUPPLEMENT_REQUIRED, S.PROCESSING, S.RESULT_READY)
LABELS = ["Đang xử lý", "Cần bổ sung hồ sơ", "Đang xử lý", "Đã có kết quả, chờ trả"]


async def test_every_change_arrives_once_despite_faults(database_url: str) -> None:
    store = build_store(seed=False)
    dossiers = add_dossiers(store, DOSSIERS, S.RECEIVED)
    store.faults.error_rate = 0.15
    store.faults.malformed_rate = 0.05
    state = TelegramState(TOKEN)
    state.faults.configure(FaultConfig(p_500=0.1, p_502=0.1, p_429=0.1, retry_after=3, seed=11))
    clock = SkewClock()
    config = fast_config(send_max_attempts=30, max_poll_failures=1000)
    bot = ExtBot(
        TOKEN,
        base_url="http://telegram.sandbox/bot",
        request=HTTPXRequest(
            httpx_kwargs={"transport": httpx.ASGITransport(app=create_telegram_app(state))}
        ),
        rate_limiter=AIORateLimiter(max_retries=0),
    )
    async with database(database_url) as sessions, bot:
        owners = await subscribe(sessions, dossiers)
        start_chats(state, list(owners.values()))
        adapter, _ = sim_adapter(store, sessions=sessions)
        poller = Poller(
            sessions=sessions,
            portal=adapter,
            privacy=Privacy(SECRET),
            config=config,
            calendar=WorkCalendar(),
            clock=clock,
        )
        sender = Sender(
            sessions=sessions,
            send=bot_sender(bot),
            texts=Texts(),
            config=config,
            clock=clock,
            sleep=clock.sleep,
        )
        for status in ROUNDS:
            for dossier in dossiers:
                store.transition(dossier, status)
            async with sessions.begin() as session:  # a new cycle: everyone due
                await session.execute(update(Subscription).values(next_poll_at=clock()))
            for _ in range(40):
                await poller.run_until_idle()
                await sender.run_until_idle(wait_retries=True)
                subs = await subscription_rows(sessions)
                if all(s.last_status == int(status) for s in subs):
                    break
                await clock.sleep(5)  # failed polls become due again (backoff)
                async with sessions.begin() as session:  # …and the others are not due
                    await session.execute(
                        update(Subscription)
                        .where(Subscription.last_status == int(status))
                        .values(next_poll_at=clock().replace(year=2100))
                    )
            else:
                raise AssertionError(f"the portal never showed {status.name} for everyone")
        rows = await outbox_rows(sessions)
        await adapter.aclose()
    assert store.stats["fault_error"] + store.stats["fault_malformed"] > 20
    assert sender.stats.waited > 0 and sender.stats.retried > 0
    assert poller.stats.failures > 0
    assert {row.state for row in rows} == {OutboxState.SENT}
    assert len(rows) == DOSSIERS * len(ROUNDS)
    for dossier in dossiers:
        got = [parse_change(text) for text in bot_texts(state, owners[dossier.code])]
        assert [label for _, label in filter(None, got)] == LABELS, dossier.code
