"""Test helpers for portal code: manual clocks, recorded sleeps, a seeded simulator store,
and adapters wired to the simulator with a fast, deterministic HTTP policy."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.calendar import VN_TZ
from bot.portal import build_adapter
from bot.portal.adapters.base import PortalAdapter
from bot.portal.http import BreakerPolicy, HttpPolicy, RetryPolicy
from sandbox.portal_sim import build_store
from sandbox.portal_store import PortalStore, SimDossier

#: Simulated "now" for every test store: a Tuesday, no holiday around.
SIM_NOW = datetime(2025, 6, 10, 9, 0, tzinfo=VN_TZ)
CLIENT_ID = "dvc-bot"
CLIENT_SECRET = "sim-secret"
KINDS = ("igate", "onestop")


@dataclass
class ManualTime:
    """A time source that only moves when told to."""

    now: float = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class RecordedSleep:
    """An async sleep that records the delay and yields without waiting."""

    delays: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        await asyncio.sleep(0)


def make_store(
    time: ManualTime | None = None,
    *,
    speed: float = 1.0,
    token_ttl: float = 300.0,
    seed: bool = True,
) -> PortalStore:
    """A seeded simulator store on a manual clock anchored at :data:`SIM_NOW`."""
    return build_store(
        speed=speed,
        step=timedelta(hours=4),
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        token_ttl=token_ttl,
        seed=seed,
        now=SIM_NOW,
        time_source=time or ManualTime(),
    )


def fast_policy(
    clock: ManualTime,
    sleep: RecordedSleep,
    *,
    attempts: int = 3,
    threshold: int = 5,
    cooldown: float = 30.0,
    read_timeout: float = 2.0,
    retry_after_cap: float = 30.0,
) -> HttpPolicy:
    """Deterministic policy: manual clock, recorded sleeps, jitter factor fixed at 0.5."""
    return HttpPolicy(
        connect_timeout=1.0,
        read_timeout=read_timeout,
        write_timeout=1.0,
        pool_timeout=1.0,
        retry=RetryPolicy(
            max_attempts=attempts,
            backoff_base=0.5,
            backoff_max=4.0,
            retry_after_cap=retry_after_cap,
        ),
        breaker=BreakerPolicy(failure_threshold=threshold, cooldown=cooldown),
        clock=clock,
        sleep=sleep,
        random=lambda: 0.5,
    )


def make_adapter(
    kind: str, base_url: str, policy: HttpPolicy, *, secret: str = CLIENT_SECRET
) -> PortalAdapter:
    return build_adapter(
        kind, base_url=base_url, client_id=CLIENT_ID, client_secret=secret, http=policy
    )


def by_status(store: PortalStore) -> dict[int, SimDossier]:
    """The first (static) seeded dossier of each national status."""
    found: dict[int, SimDossier] = {}
    for dossier in store.all():
        if not dossier.plan:
            found.setdefault(int(dossier.status), dossier)
    return found


def personal_values(dossier: SimDossier) -> list[str]:
    """Every personal value the simulator serves for this dossier."""
    owner = dossier.owner
    values = [owner.name, owner.id_number, owner.phone, owner.email, owner.address]
    values.append("Cán bộ Thử Nghiệm")  # staff names in history / accepter
    if dossier.proxy_id_number:
        values.append(dossier.proxy_id_number)
    return values
