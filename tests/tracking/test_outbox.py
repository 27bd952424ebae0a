"""The outbox state machine and the sender's handling of Telegram's answers (no Telegram:
a fake send function raises the python-telegram-bot exceptions)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TimedOut,
)

from bot.db.models import Subscription, User
from bot.portal.status import DossierStatus
from bot.telegram.delivery import named
from bot.texts import Texts
from bot.tracking import outbox
from bot.tracking.delivery import Outcome, Result, SendFn, classify
from bot.tracking.detect import Notice
from bot.tracking.notices import StatusChange
from bot.tracking.outbox import OutboxState
from bot.tracking.sender import Sender
from bot.tracking.subscriptions import unfollow
from sandbox.portal_sim import build_store
from tests.tracking.kit import (
    FakeSend,
    ManualClock,
    add_dossiers,
    database,
    fast_config,
    outbox_rows,
    parse_change,
    subscribe,
    subscription_rows,
)

ORDER = (2, 4, 9, 5)


def change(code: str, n: int) -> Notice:
    payload = StatusChange(code, DossierStatus(ORDER[n % 4]), lookup_url="https://x")
    return Notice(f"chg:test:{code}:{n}", payload)


async def setup(sessions, count: int = 2, per_user: int = 1) -> list[Subscription]:  # type: ignore[no-untyped-def]
    store = build_store(seed=False)
    await subscribe(sessions, add_dossiers(store, count), per_user=per_user)
    return await subscription_rows(sessions)


async def add(sessions, subs: list[Subscription], *notices_per_sub: int) -> None:  # type: ignore[no-untyped-def]
    clock = ManualClock()
    async with sessions.begin() as session:
        rows = [
            (sub.id, sub.user_id, change(sub.dossier_code, n))
            for sub, count in zip(subs, notices_per_sub, strict=False)
            for n in range(count)
        ]
        await outbox.add_notices(session, rows, clock() - timedelta(seconds=1))


def sender(sessions, send: SendFn, clock: ManualClock, **overrides: object) -> Sender:  # type: ignore[no-untyped-def]
    async def no_sleep(seconds: float) -> None:
        clock.advance(seconds=seconds)

    return Sender(
        sessions=sessions,
        send=send,
        texts=Texts(),
        config=fast_config(**overrides),
        clock=clock,
        sleep=no_sleep,
    )


async def test_same_dedup_key_is_stored_once(database_url: str) -> None:
    async with database(database_url) as sessions:
        subs = await setup(sessions, 1)
        await add(sessions, subs, 2)
        await add(sessions, subs, 2)  # recorded again (a replayed poll): nothing new
        assert len(await outbox_rows(sessions)) == 2


async def test_pending_sending_sent(database_url: str) -> None:
    clock = ManualClock()
    async with database(database_url) as sessions:
        subs = await setup(sessions, 2)
        await add(sessions, subs, 1, 1)
        send = FakeSend()
        stats = await sender(sessions, send, clock).run_until_idle()
        rows = await outbox_rows(sessions)
    assert stats.sent == 2 and len(send.sent) == 2
    assert {r.state for r in rows} == {OutboxState.SENT}
    assert all(r.sent_at is not None and r.message_id and r.lease_owner is None for r in rows)


async def test_5xx_and_timeouts_are_retried_with_backoff(database_url: str) -> None:
    clock = ManualClock()
    async with database(database_url) as sessions:
        subs = await setup(sessions, 1)
        await add(sessions, subs, 1)
        send = FakeSend(
            raises=[
                NetworkError("Bad Gateway"),
                TimedOut(),
                NetworkError("Internal Server Error (500)"),
            ]
        )
        stats = await sender(sessions, send, clock).run_until_idle(wait_retries=True)
        (row,) = await outbox_rows(sessions)
    assert stats.retried == 3 and stats.sent == 1 and len(send.sent) == 1
    assert row.state == OutboxState.SENT and row.attempts == 4


async def test_too_many_failures_end_dead_for_staff(database_url: str) -> None:
    clock = ManualClock()
    async with database(database_url) as sessions:
        subs = await setup(sessions, 1)
        await add(sessions, subs, 1)
        send = FakeSend(raises=[NetworkError("Bad Gateway")] * 10)
        stats = await sender(sessions, send, clock, send_max_attempts=3).run_until_idle(
            wait_retries=True
        )
        letters = await outbox.dead_letters(sessions)
        assert await outbox.requeue(sessions, [letters[0].id], clock()) == 1
        assert (await outbox.counts(sessions))[OutboxState.PENDING] == 1
    assert stats.dead == 1 and send.sent == []
    assert letters[0].attempts == 3 and "Bad Gateway" in letters[0].last_error


async def test_429_waits_retry_after_and_does_not_count(database_url: str) -> None:
    clock = ManualClock()
    async with database(database_url) as sessions:
        subs = await setup(sessions, 2)
        await add(sessions, subs, 1, 1)
        send = FakeSend(raises=[RetryAfter(7), RetryAfter(7)])
        start = clock()
        worker = sender(sessions, send, clock, send_max_attempts=1)
        stats = await worker.run_until_idle(wait_retries=True)
        rows = await outbox_rows(sessions)
    assert stats.waited == 2 and stats.sent == 2 and stats.dead == 0
    assert clock() - start >= timedelta(seconds=14)  # the whole sender paused each time
    assert all(r.attempts == 1 for r in rows)


async def test_403_deactivates_the_users_subscriptions(database_url: str) -> None:
    clock = ManualClock()
    async with database(database_url) as sessions:
        subs = await setup(sessions, 4, per_user=2)  # two users with two dossiers each
        await add(sessions, subs, 2, 1, 1, 0)
        blocked_user = subs[0].user_id
        send = FakeSend(raises=[Forbidden("Forbidden: bot was blocked by the user")])
        stats = await sender(sessions, send, clock, send_concurrency=1).run_until_idle()
        rows = await outbox_rows(sessions)
        after = await subscription_rows(sessions)
        async with sessions() as session:
            user = await session.scalar(select(User).where(User.id == blocked_user))
    assert stats.blocked_users == 1
    assert {r.state for r in rows if r.user_id == blocked_user} == {OutboxState.DEAD}
    assert {r.state for r in rows if r.user_id != blocked_user} == {OutboxState.SENT}
    assert [s.active for s in after if s.user_id == blocked_user] == [False, False]
    assert all(s.active for s in after if s.user_id != blocked_user)
    assert user is not None and user.blocked


async def test_400_is_dead_at_once(database_url: str) -> None:
    clock = ManualClock()
    async with database(database_url) as sessions:
        subs = await setup(sessions, 1)
        await add(sessions, subs, 1)
        send = FakeSend(raises=[BadRequest("Bad Request: chat not found")])
        stats = await sender(sessions, send, clock).run_until_idle(wait_retries=True)
    assert stats.dead == 1 and stats.retried == 0


async def test_rows_of_an_unfollowed_dossier_are_cancelled(database_url: str) -> None:
    clock = ManualClock()
    async with database(database_url) as sessions:
        subs = await setup(sessions, 2)
        await add(sessions, subs, 1, 1)
        assert await unfollow(sessions, subs[0].user_id, code=subs[0].dossier_code)
        send = FakeSend()
        stats = await sender(sessions, send, clock).run_until_idle()
    assert stats.cancelled == 1 and stats.sent == 1


async def test_expired_sending_row_is_taken_over_and_fenced(database_url: str) -> None:
    """A sender dies after claiming: the row is sent by the next one; the dead one's late
    outcome is refused."""
    clock = ManualClock()
    async with database(database_url) as sessions:
        subs = await setup(sessions, 1)
        await add(sessions, subs, 1)
        async with sessions.begin() as session:
            (row,) = await outbox.claim(
                session, owner="dead", now=clock(), until=clock() + timedelta(seconds=5), limit=10
            )
        send = FakeSend()
        assert (await sender(sessions, send, clock).run_until_idle()).claimed == 0  # leased
        clock.advance(seconds=6)
        stats = await sender(sessions, send, clock).run_until_idle()
        async with sessions.begin() as session:
            assert not await outbox.mark_sent(session, row.id, "dead", clock(), 1)
        (final,) = await outbox_rows(sessions)
    assert stats.sent == 1 and len(send.sent) == 1
    assert final.state == OutboxState.SENT and final.attempts == 2


async def test_one_users_rows_go_in_order_behind_a_retry(database_url: str) -> None:
    clock = ManualClock()
    async with database(database_url) as sessions:
        subs = await setup(sessions, 1)
        await add(sessions, subs, 3)
        send = FakeSend(raises=[TimedOut()])
        worker = sender(sessions, send, clock)
        await worker.send_batch(asyncio.Event())
        assert send.sent == []  # the first failed: the two later ones wait behind it
        await worker.run_until_idle(wait_retries=True)
    labels = [parse_change(text) for _, text in send.sent]
    assert [pair[1] for pair in labels if pair] == [
        "Đã tiếp nhận",
        "Đang xử lý",
        "Đã có kết quả, chờ trả",
    ]


def _outcome(exc: Exception) -> Outcome:
    """What the outbox decides for a PTB error, through the adapter's naming."""
    return classify(named(exc))


def test_exception_mapping_is_in_one_place() -> None:
    assert _outcome(RetryAfter(3)).result is Result.WAIT
    assert _outcome(RetryAfter(3)).retry_after == 3
    assert _outcome(Forbidden("blocked")).result is Result.BLOCKED
    assert _outcome(BadRequest("can't parse entities")).result is Result.REJECTED
    assert _outcome(ChatMigrated(-100123)).result is Result.REJECTED
    assert _outcome(TimedOut()).result is Result.RETRY
    assert _outcome(NetworkError("Bad Gateway")).result is Result.RETRY
    assert _outcome(TimeoutError()).result is Result.RETRY


async def test_send_cut_off_while_the_rate_limiter_waits_is_a_wait(database_url: str) -> None:
    clock = ManualClock()
    calls: list[int] = []

    async def slow_then_fast(chat_id: int, text: str) -> int:
        calls.append(chat_id)
        if len(calls) == 1:
            await asyncio.sleep(5)  # PTB's limiter sleeping out a long retry_after
        return 1

    async with database(database_url) as sessions:
        subs = await setup(sessions, 1)
        await add(sessions, subs, 1)
        worker = sender(sessions, slow_then_fast, clock, send_timeout=0.05, send_max_attempts=1)
        stats = await worker.run_until_idle(wait_retries=True)
        (row,) = await outbox_rows(sessions)
    assert stats.waited == 1 and stats.sent == 1 and stats.dead == 0
    assert row.state == OutboxState.SENT and row.attempts == 1
