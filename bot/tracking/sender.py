"""The sender: delivers outbox rows through the bot, each change exactly once where possible.

Loop: claim a batch of due rows with a lease (``pending`` → ``sending``), render each one in
its user's language, send it (users in parallel, one user's rows in order), and record the
outcome at once in its own small transaction fenced on the lease (bot/tracking/outbox.py).

The guarantee, and its one limit
--------------------------------
*No loss.* A row leaves ``sending`` only through a recorded outcome. If the process dies
anywhere (SIGKILL, power loss) the row stays ``sending`` until its lease expires, then any
instance takes it over and sends it. A status change is in the outbox as soon as it is in
the subscription (same transaction, bot/tracking/poller.py), so no change is lost either.

*No duplicate*, except in one window that no Telegram client can close: Telegram's
``sendMessage`` has no idempotency key and the bot cannot read its own chat history, so if
the process dies (or the connection breaks, ``TimedOut``) **after Telegram accepted the
message and before the ``sent`` mark is committed**, the take-over sends it again. We keep
that window as small as possible — the mark is one UPDATE committed right after the answer,
never batched — and bounded: at most ``send_concurrency`` messages are in flight per
instance, so a crash repeats at most that many. We prefer a rare repeat to a lost message
("your result is ready" must arrive). A kill before the request reaches Telegram, between
sends, during the portal sweep, or while a request is held unprocessed by the server is
handled exactly once (tests/tracking/test_crash_recovery.py).

*No double send by two live instances*: a row is sent only by its lease holder, a send
starts only when at least ``send_timeout`` + margin of the lease is left, and the send is
cut off at ``send_timeout``; so a lease never expires while its holder may still be sending
(assuming the instances' clocks agree within the margin).

429 (``RetryAfter``): the bot's rate limiter first waits and retries inside the send; if it
still fails the row goes back to ``pending`` until ``retry_after`` (not counted as an attempt)
and the whole sender pauses that long. 5xx / network errors: backoff ``base × 2^n`` with
jitter, dead after ``send_max_attempts``. 403: the row is dead and the user's subscriptions
end. Rows whose subscription or user is gone are cancelled, not sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import OutboxMessage, Subscription, User
from bot.texts import Texts
from bot.tracking import leases, outbox
from bot.tracking.config import Clock, TrackingConfig, utc_now
from bot.tracking.delivery import Outcome, Result, SendFn, deliver
from bot.tracking.notices import NoticeKind, parse_payload
from bot.tracking.notify import render_notice
from bot.tracking.subscriptions import deactivate_user

log = logging.getLogger(__name__)
Sleep = Callable[[float], Awaitable[None]]


@dataclass
class SenderStats:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    waited: int = 0
    dead: int = 0
    cancelled: int = 0
    blocked_users: int = 0
    given_back: int = 0
    lost_leases: int = 0


@dataclass(frozen=True)
class _Job:
    row_id: int
    user_id: int
    kind: str
    payload: dict[str, object]
    attempts: int


class Sender:
    """Delivers outbox rows; ``run(stop)`` until ``stop`` is set, or ``run_until_idle()``."""

    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        send: SendFn,
        texts: Texts,
        config: TrackingConfig,
        hotline: str = "18001096",
        owner: str | None = None,
        clock: Clock = utc_now,
        sleep: Sleep = asyncio.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.sessions = sessions
        self.send = send
        self.texts = texts
        self.config = config
        self.hotline = hotline
        self.owner = owner or leases.new_owner_id("sender")
        self.clock = clock
        self.sleep = sleep
        self.rng = rng or random.Random()
        self.stats = SenderStats()
        self._wake = asyncio.Event()
        self._paused_until: datetime | None = None

    def wake(self) -> None:
        """New rows were written (by this process): look for them now."""
        self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        """Send until ``stop`` is set; a send in flight is finished first."""
        while not stop.is_set():
            pause = self._pause_left()
            if pause > 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), pause)
                continue
            try:
                claimed = await self.send_batch(stop)
            except Exception:
                log.exception("sending notifications failed; retrying")
                claimed = 0
            if claimed == 0:
                await _wait_any(stop, self._wake, self.config.tick)

    async def run_until_idle(self, *, wait_retries: bool = False) -> SenderStats:
        """Send until nothing is due; with ``wait_retries`` also wait for rows that are
        waiting for a later retry, until every row is sent, dead or cancelled."""
        stop = asyncio.Event()
        while True:
            pause = self._pause_left()
            if pause > 0:
                await self.sleep(pause)
            if await self.send_batch(stop) > 0:
                continue
            if not wait_retries:
                return self.stats
            states = await outbox.counts(self.sessions)
            if states[outbox.OutboxState.PENDING] + states[outbox.OutboxState.SENDING] == 0:
                return self.stats
            await self.sleep(min(self.config.tick, 0.1))

    def _pause_left(self) -> float:
        if self._paused_until is None:
            return 0.0
        return max(0.0, (self._paused_until - self.clock()).total_seconds())

    async def send_batch(self, stop: asyncio.Event) -> int:
        """Claim one batch and deliver it; returns how many rows were claimed."""
        now = self.clock()
        until = now + self.config.send_lease
        async with self.sessions.begin() as session:
            rows = await outbox.claim(
                session, owner=self.owner, now=now, until=until, limit=self.config.send_batch
            )
            jobs = [
                _Job(row.id, row.user_id, row.kind, dict(row.payload), row.attempts) for row in rows
            ]
        if not jobs:
            return 0
        self.stats.claimed += len(jobs)
        by_user: dict[int, list[_Job]] = {}
        for job in jobs:
            by_user.setdefault(job.user_id, []).append(job)
        languages, live = await self._context(jobs)
        pool = asyncio.Semaphore(max(1, self.config.send_concurrency))

        async def one_user(user_jobs: list[_Job]) -> None:
            async with pool:
                await self._send_user(user_jobs, until, languages, live, stop)

        await asyncio.gather(*(one_user(user_jobs) for user_jobs in by_user.values()))
        return len(jobs)

    async def _context(self, jobs: list[_Job]) -> tuple[dict[int, str], set[int]]:
        """Users' languages and which rows still have a live subscription."""
        user_ids = {job.user_id for job in jobs}
        async with self.sessions() as session:
            users = await session.execute(
                select(User.id, User.language).where(User.id.in_(user_ids))
            )
            languages = {uid: lang for uid, lang in users.all()}
            rows = await session.execute(
                select(OutboxMessage.id)
                .join(Subscription, Subscription.id == OutboxMessage.subscription_id)
                .where(OutboxMessage.id.in_([j.row_id for j in jobs]), Subscription.active)
            )
            live = set(rows.scalars().all())
        return languages, live

    async def _send_user(
        self,
        jobs: list[_Job],
        until: datetime,
        languages: dict[int, str],
        live: set[int],
        stop: asyncio.Event,
    ) -> None:
        for index, job in enumerate(jobs):
            rest = [j.row_id for j in jobs[index:]]
            margin = timedelta(seconds=self.config.send_timeout) + self.config.send_lease / 10
            if stop.is_set() or self._pause_left() > 0 or until - self.clock() < margin:
                await self._give_back(rest)
                return
            language = languages.get(job.user_id)
            # "following ended" is sent even though the subscription is no longer active
            if language is None or (job.kind != NoticeKind.ENDED and job.row_id not in live):
                await self._record(job, Outcome(Result.REJECTED), cancel=True)
                continue
            try:
                payload = parse_payload(job.kind, job.payload)
                text = render_notice(payload, language, self.texts, hotline=self.hotline)
            except Exception as exc:  # a bug or a bad payload: retrying cannot help
                log.exception("cannot render outbox row %d", job.row_id)
                await self._record(job, Outcome(Result.REJECTED, error=f"render: {exc}"))
                continue
            outcome = await deliver(self.send, job.user_id, text, limit=self.config.send_timeout)
            await self._record(job, outcome)
            if outcome.result is Result.BLOCKED:
                await self._bury([j.row_id for j in jobs[index + 1 :]], "user blocked the bot")
                return
            if outcome.result is not Result.SENT:
                await self._give_back([j.row_id for j in jobs[index + 1 :]])
                return

    async def _bury(self, ids: list[int], reason: str) -> None:
        async with self.sessions.begin() as session:
            for row_id in ids:
                self.stats.dead += await outbox.mark_dead(session, row_id, self.owner, reason)

    async def _give_back(self, ids: list[int]) -> None:
        if not ids:
            return
        async with self.sessions.begin() as session:
            self.stats.given_back += await outbox.give_back(session, ids, self.owner)

    async def _record(self, job: _Job, outcome: Outcome, *, cancel: bool = False) -> None:
        now = self.clock()
        async with self.sessions.begin() as session:
            if cancel:
                ok = await outbox.cancel(session, job.row_id, self.owner, "subscription ended")
                self.stats.cancelled += ok
            elif outcome.result is Result.SENT:
                ok = await outbox.mark_sent(
                    session, job.row_id, self.owner, now, outcome.message_id
                )
                self.stats.sent += ok
            elif outcome.result is Result.WAIT:
                wait = max(outcome.retry_after, 0.5)
                self._paused_until = now + timedelta(seconds=wait)
                at = now + timedelta(seconds=wait)
                ok = await outbox.retry_later(
                    session, job.row_id, self.owner, at, outcome.error, counts=False
                )
                self.stats.waited += ok
            elif outcome.result is Result.RETRY and job.attempts < self.config.send_max_attempts:
                at = now + timedelta(seconds=self._backoff(job.attempts))
                ok = await outbox.retry_later(session, job.row_id, self.owner, at, outcome.error)
                self.stats.retried += ok
            elif outcome.result is Result.BLOCKED:
                ok = await outbox.mark_dead(session, job.row_id, self.owner, outcome.error)
                if ok:
                    ended = await deactivate_user(session, job.user_id)
                    await outbox.kill_pending_of_user(session, job.user_id, "user blocked the bot")
                    log.info("user blocked the bot: %d subscriptions ended", ended)
                    self.stats.blocked_users += 1
                    self.stats.dead += 1
            else:
                ok = await outbox.mark_dead(session, job.row_id, self.owner, outcome.error)
                self.stats.dead += ok
                log.warning("outbox row %d is dead: %s", job.row_id, outcome.error)
        if not ok:
            self.stats.lost_leases += 1
            log.warning("outbox row %d: lease lost before its outcome was recorded", job.row_id)

    def _backoff(self, attempts: int) -> float:
        cap = self.config.send_backoff_cap
        full = min(cap, self.config.send_backoff_base * 2 ** max(attempts - 1, 0))
        return full * (0.5 + 0.5 * self.rng.random())


async def _wait_any(stop: asyncio.Event, wake: asyncio.Event, seconds: float) -> None:
    """Wait until ``stop`` or ``wake`` is set, or ``seconds`` pass; then clear ``wake``."""
    if not wake.is_set():
        stop_task = asyncio.ensure_future(stop.wait())
        wake_task = asyncio.ensure_future(wake.wait())
        try:
            await asyncio.wait(
                {stop_task, wake_task}, timeout=seconds, return_when=asyncio.FIRST_COMPLETED
            )
        finally:
            for task in (stop_task, wake_task):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
    wake.clear()
