"""Helpers for the tracking tests: database, simulator-backed subscriptions, fakes.

Nothing here sleeps for real beyond fractions of a second: clocks are injected where the
code under test allows it (:class:`ManualClock`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.calendar import VN_TZ
from bot.db import migrate
from bot.db.engine import create_engine, session_factory
from bot.db.models import OutboxMessage, Subscription, User
from bot.db.privacy import Privacy
from bot.portal.adapters import build_adapter
from bot.portal.adapters.base import PortalAdapter
from bot.portal.http import BreakerPolicy, HttpPolicy, RetryPolicy
from bot.portal.status import DossierStatus
from bot.telegram.delivery import named
from bot.tracking.budget import PacedTransport, RequestBudget
from bot.tracking.config import TrackingConfig
from sandbox.portal_seed import new_dossier
from sandbox.portal_sim import create_portal_app
from sandbox.portal_store import PortalStore, SimDossier

SECRET = b"test-secret-key-0123456789"
#: "🔔 <b>Hồ sơ CODE</b> có cập nhật … Trạng thái mới: <b>LABEL</b>" → (code, label)
_CHANGE = re.compile(
    r"(?:Hồ sơ|Dossier) ([^<]+)</b>.*?(?:Trạng thái mới|New status): <b>([^<]+)</b>", re.S
)


class ManualClock:
    """An aware-UTC clock moved by the test."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 3, 10, 2, 0, tzinfo=UTC)  # Tuesday 09:00 in Vietnam

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@asynccontextmanager
async def database(url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(url)
    await migrate.upgrade(engine)
    try:
        yield session_factory(engine)
    finally:
        await engine.dispose()


def add_dossiers(
    store: PortalStore, count: int, status: DossierStatus = DossierStatus.RECEIVED
) -> list[SimDossier]:
    """``count`` new static dossiers in ``status`` (no plan: they move only when told)."""
    made = []
    for index in range(count):
        dossier = new_dossier(store, submitted_at=store.clock.now(), procedure_index=index)
        dossier.processing_days = 15
        if status is not DossierStatus.SUBMITTED:
            store.transition(dossier, status)
        made.append(dossier)
    return made


async def subscribe(
    sessions: async_sessionmaker[AsyncSession],
    dossiers: Sequence[SimDossier],
    *,
    first_user: int = 50_000,
    per_user: int = 1,
    portal_kind: str = "igate",
    now: datetime | None = None,
    language: str = "vi",
    privacy: Privacy | None = None,
) -> dict[str, int]:
    """Users and subscriptions for ``dossiers`` with their current status as baseline, due
    now. Returns code → user id."""
    now = now or datetime.now(UTC)
    owners: dict[str, int] = {}
    users: dict[int, dict[str, object]] = {}
    subs = []
    for index, dossier in enumerate(dossiers):
        user_id = first_user + index // per_user
        owners[dossier.code] = user_id
        users[user_id] = {
            "id": user_id,
            "language": language,
            "blocked": False,
            "created_at": now,
            "updated_at": now,
        }
        subs.append(
            {
                "user_id": user_id,
                "dossier_code": dossier.code,
                "portal_kind": portal_kind,
                "owner_id_encrypted": privacy.encrypt(dossier.owner.id_number) if privacy else None,
                "last_status": int(dossier.status),
                "last_status_label": dossier.status.label_vi,
                "last_changed_at": now,
                "change_seq": 0,
                "overdue_notified": False,
                "reminder_notified": False,
                "active": True,
                "next_poll_at": now,
                "failures": 0,
                "last_error": "",
                "created_at": now,
            }
        )
    async with sessions.begin() as session:
        await session.execute(insert(User), list(users.values()))
        await session.execute(insert(Subscription), subs)
    return owners


def sim_adapter(
    store: PortalStore,
    *,
    kind: str = "igate",
    rps: float = 1000.0,
    sessions: async_sessionmaker[AsyncSession] | None = None,
    attempts: int = 3,
    cooldown: float = 0.5,
) -> tuple[PortalAdapter, PacedTransport]:
    """An adapter on the in-process simulator, paced like the poller's."""
    budget = RequestBudget(rps, portal=f"{kind}:sim", sessions=sessions)
    transport = PacedTransport(httpx.ASGITransport(app=create_portal_app(store)), budget)
    policy = HttpPolicy(
        transport=transport,
        retry=RetryPolicy(max_attempts=attempts, backoff_base=0.01, backoff_max=0.05),
        breaker=BreakerPolicy(cooldown=cooldown),
    )
    adapter = build_adapter(
        kind,
        base_url="http://portal.sim",
        client_id=store.client_id,
        client_secret=store.client_secret,
        http=policy,
    )
    return adapter, transport


def fast_config(**overrides: object) -> TrackingConfig:
    from dataclasses import replace

    return replace(TrackingConfig(portal_rps=1000.0).fast(0.2, lease=5.0), **overrides)  # type: ignore[arg-type]


@dataclass
class FakeSend:
    """A send function that records deliveries and raises queued exceptions first.

    Queued PTB errors are named as the Telegram adapter's sender names them, so tests can
    queue what Telegram really raises."""

    raises: list[BaseException] = field(default_factory=list)
    sent: list[tuple[int, str]] = field(default_factory=list)

    async def __call__(self, chat_id: int, text: str) -> int:
        if self.raises:
            exc = self.raises.pop(0)
            raise named(exc) if isinstance(exc, Exception) else exc
        self.sent.append((chat_id, text))
        return len(self.sent)


def parse_change(text: str) -> tuple[str, str] | None:
    """(code, status label) of a status-change notification, else None."""
    match = _CHANGE.search(text)
    return (match.group(1).strip(), match.group(2).strip()) if match else None


def duplicates(texts: Sequence[str]) -> Counter[tuple[str, str]]:
    """Status-change notifications delivered more than once (code, label) → count."""
    counts = Counter(key for key in map(parse_change, texts) if key is not None)
    return Counter({key: n for key, n in counts.items() if n > 1})


async def outbox_rows(sessions: async_sessionmaker[AsyncSession]) -> list[OutboxMessage]:
    async with sessions() as session:
        return list((await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all())


async def subscription_rows(sessions: async_sessionmaker[AsyncSession]) -> list[Subscription]:
    async with sessions() as session:
        return list((await session.scalars(select(Subscription).order_by(Subscription.id))).all())


def vn(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN_TZ)


class SkewClock:
    """Real time plus the sleeps it skipped: waits cost nothing, order is kept."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    async def sleep(self, seconds: float) -> None:
        self.offset += timedelta(seconds=max(seconds, 0.0))
        import asyncio

        await asyncio.sleep(0)
