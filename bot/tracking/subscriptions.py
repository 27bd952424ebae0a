"""Repository of followed dossiers: follow (with a per-user limit), list, unfollow, deactivate.

A subscription row is also the dossier's poll schedule (``next_poll_at``) claimed by the
poller with a lease. Following records the status the user has just seen as the baseline, so
the first notification is the first *change*. Unfollowing deletes the row (and with it the
encrypted owner ID number); a subscription that ends on its own (closed dossier, user blocked
the bot) is kept inactive with the owner ID number erased.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.calendar import WorkCalendar
from bot.db.models import Subscription, User
from bot.portal.models import Dossier
from bot.tracking.config import TrackingConfig
from bot.tracking.schedule import PollState, next_poll_at


class FollowStatus(StrEnum):
    FOLLOWED = "followed"
    ALREADY = "already"
    LIMIT = "limit"
    CLOSED = "closed"


@dataclass(frozen=True)
class SubscriptionInfo:
    """What `/mine` and `/unfollow` show about one followed dossier."""

    id: int
    code: str
    last_status: int | None
    last_status_label: str
    last_changed_at: datetime | None
    appointment_at: datetime | None
    closed_at: datetime | None
    last_polled_at: datetime | None
    failures: int

    @classmethod
    def of(cls, row: Subscription) -> SubscriptionInfo:
        return cls(
            id=row.id,
            code=row.dossier_code,
            last_status=row.last_status,
            last_status_label=row.last_status_label,
            last_changed_at=row.last_changed_at,
            appointment_at=row.appointment_at,
            closed_at=row.closed_at,
            last_polled_at=row.last_polled_at,
            failures=row.failures,
        )


@dataclass(frozen=True)
class FollowResult:
    status: FollowStatus
    count: int
    limit: int
    subscription: SubscriptionInfo | None = None


def _baseline(
    row: Subscription,
    dossier: Dossier | None,
    now: datetime,
    config: TrackingConfig,
    calendar: WorkCalendar,
) -> None:
    """Reset a (new or reactivated) row to what the user has just seen."""
    row.active = True
    row.failures = 0
    row.last_error = ""
    row.change_seq = 0
    row.overdue_notified = False
    row.reminder_notified = False
    row.closed_at = None
    row.lease_owner = None
    row.lease_until = None
    row.last_polled_at = now if dossier is not None else None
    if dossier is None:  # the portal was down: the first poll sets the baseline silently
        row.last_status, row.last_status_label, row.last_changed_at = None, "", None
        row.appointment_at = None
        row.next_poll_at = now
        return
    row.last_status = int(dossier.status)
    row.last_status_label = dossier.status_label[:200]
    row.last_changed_at = now
    row.appointment_at = dossier.appointment_at.astimezone(UTC) if dossier.appointment_at else None
    state = PollState(dossier.status, now, row.appointment_at)
    jitter = random.random()
    row.next_poll_at = next_poll_at(state, now, config.schedule, calendar, jitter=jitter) or now


async def follow(
    sessions: async_sessionmaker[AsyncSession],
    *,
    user_id: int,
    code: str,
    portal_kind: str,
    config: TrackingConfig,
    calendar: WorkCalendar,
    now: datetime,
    dossier: Dossier | None = None,
    owner_id_encrypted: bytes | None = None,
) -> FollowResult:
    """Follow ``code`` for ``user_id``; ``dossier`` is the status just shown (the baseline)."""
    limit = config.max_per_user
    if dossier is not None and dossier.is_closed:
        return FollowResult(FollowStatus.CLOSED, 0, limit)
    try:
        async with sessions.begin() as session:
            user = await session.get(User, user_id, with_for_update=True)
            if user is None:
                session.add(User(id=user_id))
                await session.flush()
            else:
                user.blocked = False  # talking to the bot again
            row = await session.scalar(
                select(Subscription).where(
                    Subscription.user_id == user_id, Subscription.dossier_code == code
                )
            )
            count = await _count_active(session, user_id)
            if row is not None and row.active:
                if owner_id_encrypted is not None:
                    row.owner_id_encrypted = owner_id_encrypted
                return FollowResult(FollowStatus.ALREADY, count, limit, SubscriptionInfo.of(row))
            if count >= limit:
                return FollowResult(FollowStatus.LIMIT, count, limit)
            if row is None:
                row = Subscription(user_id=user_id, dossier_code=code, portal_kind=portal_kind)
                session.add(row)
            row.portal_kind = portal_kind
            row.owner_id_encrypted = owner_id_encrypted
            _baseline(row, dossier, now, config, calendar)
            await session.flush()
            return FollowResult(FollowStatus.FOLLOWED, count + 1, limit, SubscriptionInfo.of(row))
    except IntegrityError:  # the same follow raced with itself (a double tap)
        async with sessions() as session:
            count = await _count_active(session, user_id)
        return FollowResult(FollowStatus.ALREADY, count, limit)


async def _count_active(session: AsyncSession, user_id: int) -> int:
    query = select(func.count()).where(Subscription.user_id == user_id, Subscription.active)
    return int(await session.scalar(query) or 0)


async def count_active(sessions: async_sessionmaker[AsyncSession], user_id: int) -> int:
    async with sessions() as session:
        return await _count_active(session, user_id)


async def list_active(
    sessions: async_sessionmaker[AsyncSession], user_id: int
) -> list[SubscriptionInfo]:
    """The user's followed dossiers, oldest first."""
    async with sessions() as session:
        rows = await session.scalars(
            select(Subscription)
            .where(Subscription.user_id == user_id, Subscription.active)
            .order_by(Subscription.created_at, Subscription.id)
        )
        return [SubscriptionInfo.of(row) for row in rows]


async def unfollow(
    sessions: async_sessionmaker[AsyncSession],
    user_id: int,
    *,
    subscription_id: int | None = None,
    code: str | None = None,
) -> str | None:
    """Delete one of the user's subscriptions (by id or code); the code, or None if absent."""
    condition = (
        Subscription.id == subscription_id
        if subscription_id is not None
        else func.upper(Subscription.dossier_code) == (code or "").strip().upper()
    )
    async with sessions.begin() as session:
        removed = await session.scalar(
            delete(Subscription)
            .where(Subscription.user_id == user_id, condition)
            .returning(Subscription.dossier_code)
        )
    return removed


async def deactivate_user(session: AsyncSession, user_id: int) -> int:
    """End every subscription of a user (they blocked the bot) inside the caller's
    transaction; the encrypted owner ID numbers are erased. Returns how many ended."""
    result = await session.execute(
        update(Subscription)
        .where(Subscription.user_id == user_id, Subscription.active)
        .values(active=False, owner_id_encrypted=None, lease_owner=None, lease_until=None)
        .execution_options(synchronize_session=False)
    )
    await session.execute(update(User).where(User.id == user_id).values(blocked=True))
    return int(getattr(result, "rowcount", 0) or 0)
