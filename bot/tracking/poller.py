"""The poller: claims due subscriptions, asks the portal, records changes with their notices.

Pipeline inside one process::

    claimer ──queue──▶ N poll workers ──results──▶ writer (one transaction per batch)

* The **claimer** leases due rows (bot/tracking/leases.py) when the queue runs low, at most
  two rounds of the pool and never more than the request budget serves within a third of
  the lease (so other instances share the work); it pauses while the portal's circuit
  breaker is open (no claims, no requests) and sleeps ``tick`` when nothing is due.
* **Workers** (``poll_concurrency`` of them: the bounded pool) take one row each, skip it if
  too little of its lease is left, and call the portal; every HTTP request waits for a slot of
  the shared request budget (bot/tracking/budget.py, ``portal_rps`` for all instances).
* The **writer** records a batch of outcomes in ONE transaction: it first re-checks that this
  instance still holds each lease (fencing), then updates the subscriptions (status, next poll
  time, lease cleared) and inserts the outbox rows with ``ON CONFLICT (dedup_key) DO
  NOTHING``. A status change and its notification are therefore committed together or not at
  all; a crash before the commit loses only the poll, which is repeated once the lease expires.

Graceful stop: claiming stops, queued rows are given back at once, in-flight polls get
``stop_grace`` seconds, and the writer flushes what finished.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.calendar import WorkCalendar
from bot.db.models import Subscription
from bot.db.privacy import Privacy
from bot.portal.adapters.base import PortalAdapter
from bot.portal.errors import PortalError, PortalUnavailable
from bot.portal.http import BreakerState
from bot.portal.models import Dossier
from bot.tracking import leases, outbox
from bot.tracking.config import Clock, TrackingConfig, utc_now
from bot.tracking.detect import (
    Decision,
    SubscriptionView,
    after_poll,
    end_is_due,
    end_notice,
    end_values,
)
from bot.tracking.notices import EndReason

log = logging.getLogger(__name__)
_WRITE_BATCH = 200
_WRITE_DELAY = 0.05
#: Marker for "time to write what is pending" (never stored).
_FLUSH = Decision({})


@dataclass
class PollerStats:
    claimed: int = 0
    polled: int = 0
    changes: int = 0
    notices: int = 0
    failures: int = 0
    skipped: int = 0
    fenced_out: int = 0
    released: int = 0
    write_errors: int = 0


def view_of(row: Subscription) -> SubscriptionView:
    return SubscriptionView(
        id=row.id,
        user_id=row.user_id,
        dossier_code=row.dossier_code,
        last_status=row.last_status,
        last_status_label=row.last_status_label,
        last_changed_at=row.last_changed_at,
        change_seq=row.change_seq,
        appointment_at=row.appointment_at,
        closed_at=row.closed_at,
        overdue_notified=row.overdue_notified,
        reminder_notified=row.reminder_notified,
        failures=row.failures,
        owner_id_encrypted=row.owner_id_encrypted,
    )


class Poller:
    """Polls due subscriptions; ``run(stop)`` until ``stop`` is set, or ``run_until_idle()``."""

    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        portal: PortalAdapter,
        privacy: Privacy,
        config: TrackingConfig,
        calendar: WorkCalendar,
        owner: str | None = None,
        clock: Clock = utc_now,
        rng: random.Random | None = None,
        on_notices: Callable[[], None] | None = None,
    ) -> None:
        self.sessions = sessions
        self.portal = portal
        self.privacy = privacy
        self.config = config
        self.calendar = calendar
        self.owner = owner or leases.new_owner_id("poller")
        self.clock = clock
        self.rng = rng or random.Random()
        self.on_notices = on_notices
        self.stats = PollerStats()
        self._queue: asyncio.Queue[tuple[SubscriptionView, datetime] | None] = asyncio.Queue()
        self._results: asyncio.Queue[tuple[SubscriptionView, Decision] | None] = asyncio.Queue()
        self._busy = 0
        self._idle_exit = False
        self._abandoned: list[int] = []

    # -- the loop -------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        """Poll until ``stop`` is set, then stop gracefully."""
        workers = [
            asyncio.create_task(self._worker(), name=f"poll-worker-{i}")
            for i in range(max(1, self.config.poll_concurrency))
        ]
        writer = asyncio.create_task(self._writer(), name="poll-writer")
        try:
            await self._claimer(stop)
        finally:
            await self._shutdown(workers, writer)

    async def run_until_idle(self) -> PollerStats:
        """Poll everything that is due now (and due again while running), then return."""
        self._idle_exit = True
        try:
            await self.run(asyncio.Event())
        finally:
            self._idle_exit = False
        return self.stats

    def _claim_limit(self) -> int:
        """Claim only what this process will start soon: two rounds of its pool, and no more
        than the request budget serves within a third of the lease (other instances get the
        rest)."""
        lease = self.config.poll_lease.total_seconds()
        by_budget = int(self.config.portal_rps * lease / 3)
        by_pool = 2 * max(1, self.config.poll_concurrency)
        return max(1, min(self.config.poll_batch, by_pool, by_budget))

    async def _claimer(self, stop: asyncio.Event) -> None:
        low = max(1, self.config.poll_concurrency)
        while not stop.is_set():
            state = self.portal.breaker_state
            if state is BreakerState.OPEN:
                await _wait(stop, min(self.config.tick, self.config.breaker_cooldown))
                continue
            if self._queue.qsize() >= low:
                await _wait(stop, 0.005)
                continue
            limit = 1 if state is BreakerState.HALF_OPEN else self._claim_limit()
            claimed = await self._claim(limit)
            if claimed:
                continue
            idle = self._queue.empty() and self._busy == 0 and self._results.empty()
            if self._idle_exit and idle:
                return
            await _wait(stop, self.config.tick if not self._idle_exit else 0.02)

    async def _claim(self, limit: int) -> int:
        if limit <= 0:
            return 0
        now = self.clock()
        until = now + self.config.poll_lease
        try:
            async with self.sessions.begin() as session:
                rows = await leases.claim(
                    session,
                    Subscription,
                    due=(Subscription.active.is_(True)) & (Subscription.next_poll_at <= now),
                    order_by=[Subscription.next_poll_at, Subscription.id],
                    limit=limit,
                    owner=self.owner,
                    until=until,
                    now=now,
                )
                views = [view_of(row) for row in rows]
        except Exception:
            log.exception("claiming subscriptions failed")
            return 0
        for view in views:
            self._queue.put_nowait((view, until))
        self.stats.claimed += len(views)
        return len(views)

    # -- polling --------------------------------------------------------------------------

    async def _worker(self) -> None:
        while True:
            item = await self._queue.get()
            if item is None:
                return
            view, lease_until = item
            self._busy += 1
            try:
                try:
                    decision = await self._decide(view, lease_until)
                except asyncio.CancelledError:
                    self._abandoned.append(view.id)
                    raise
                if decision is None:
                    self.stats.skipped += 1
                    await self._results.put((view, Decision({}, [])))
                else:
                    await self._results.put((view, decision))
            finally:
                self._busy -= 1

    def _margin(self) -> timedelta:
        return min(self.config.poll_lease / 3, timedelta(seconds=30))

    async def _decide(self, view: SubscriptionView, lease_until: datetime) -> Decision | None:
        now = self.clock()
        if lease_until - now < self._margin():
            return None  # too late for this lease: give the row back untouched
        if end_is_due(view, now, self.config):
            return Decision(end_values(now), [end_notice(view, EndReason.CLOSED)])
        outcome = await self._fetch(view, lease_until - now - self._margin() / 2)
        self.stats.polled += 1
        if isinstance(outcome, PortalError):
            self.stats.failures += 1
        return after_poll(
            view,
            outcome,
            self.clock(),
            self.config,
            self.calendar,
            lookup_url=self.portal.official_lookup_url(view.dossier_code),
            jitter=self.rng.random(),
        )

    async def _fetch(self, view: SubscriptionView, budget: timedelta) -> Dossier | PortalError:
        owner_id = None
        if view.owner_id_encrypted is not None:
            owner_id = self.privacy.decrypt(view.owner_id_encrypted)
        try:
            async with asyncio.timeout(max(budget.total_seconds(), 0.1)):
                return await self.portal.get_dossier(view.dossier_code, owner_id)
        except PortalError as exc:
            return exc
        except TimeoutError:
            return PortalUnavailable("the poll did not finish within its lease")

    # -- recording ------------------------------------------------------------------------

    async def _writer(self) -> None:
        pending: list[tuple[SubscriptionView, Decision]] = []
        while True:
            try:
                item = await asyncio.wait_for(
                    self._results.get(), _WRITE_DELAY if pending else None
                )
            except TimeoutError:
                item = None if not pending else (pending[-1][0], _FLUSH)
            if item is None and not pending:
                return
            if item is not None and item[1] is not _FLUSH:
                pending.append(item)
                if len(pending) < _WRITE_BATCH:
                    continue
            batch, pending = pending, []
            await self._write(batch)
            if item is None:
                return

    async def _write(self, batch: list[tuple[SubscriptionView, Decision]]) -> None:
        now = self.clock()
        released = [view.id for view, decision in batch if not decision.values]
        outcomes = [(view, decision) for view, decision in batch if decision.values]
        try:
            async with self.sessions.begin() as session:
                owned = await leases.keep(
                    session,
                    Subscription,
                    [view.id for view, _ in outcomes],
                    owner=self.owner,
                    until=now + self.config.poll_lease,
                )
                mine = [(view, decision) for view, decision in outcomes if view.id in owned]
                await _update_rows(session, mine)
                notices = [
                    (view.id, view.user_id, notice)
                    for view, decision in mine
                    for notice in decision.notices
                ]
                await outbox.add_notices(session, notices, now)
                if released:
                    await leases.release(session, Subscription, released, owner=self.owner)
        except Exception:
            self.stats.write_errors += 1
            log.exception("recording %d poll results failed; they will be polled again", len(batch))
            return
        self.stats.fenced_out += len(outcomes) - len(mine)
        self.stats.released += len(released)
        self.stats.changes += sum(1 for _, decision in mine if decision.changed)
        self.stats.notices += len(notices)
        if notices and self.on_notices is not None:
            self.on_notices()

    async def _shutdown(
        self, workers: list[asyncio.Task[None]], writer: asyncio.Task[None]
    ) -> None:
        unstarted: list[int] = []
        while not self._queue.empty():
            item = self._queue.get_nowait()
            if item is not None:
                unstarted.append(item[0].id)
        for _ in workers:
            self._queue.put_nowait(None)
        _, late = await asyncio.wait(workers, timeout=self.config.stop_grace)
        for task in late:
            task.cancel()
        for task in late:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self._results.put(None)
        await writer
        unstarted += self._abandoned
        self._abandoned = []
        if unstarted:
            with contextlib.suppress(Exception):
                async with self.sessions.begin() as session:
                    await leases.release(session, Subscription, unstarted, owner=self.owner)
            self.stats.released += len(unstarted)


async def _update_rows(
    session: AsyncSession, rows: list[tuple[SubscriptionView, Decision]]
) -> None:
    """Bulk UPDATE by primary key, grouped by the set of columns written."""
    groups: dict[frozenset[str], list[dict[str, Any]]] = {}
    for view, decision in rows:
        values = {**decision.values, "lease_owner": None, "lease_until": None}
        groups.setdefault(frozenset(values), []).append({"id": view.id, **values})
    for params in groups.values():
        await session.execute(update(Subscription), params)


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
