"""Fixtures for the dossier use cases: the portal simulator over loopback (the portal tests'
fixtures), a migrated database, and `Dossiers` wired to both as in ``build_services``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.calendar import WorkCalendar
from bot.db.engine import session_factory
from bot.db.privacy import Privacy
from bot.dossiers import Dossiers
from bot.pending import PendingSteps
from bot.texts import Texts
from bot.tracking.service import Tracking
from tests.helpers.botrig import make_settings
from tests.portal.conftest import (  # noqa: F401  (fixtures used through the factory)
    AdapterFactory,
    adapter_factory,
    client_clock,
    portal_sim,
    portal_store,
    sim_time,
    sleeps,
)

SECRET = b"dossier-tests-secret-key-0123456789"


@dataclass
class Kit:
    """One bot instance's dossier use case and what it is built on."""

    dossiers: Dossiers
    pending: PendingSteps
    tracking: Tracking
    sessions: async_sessionmaker[AsyncSession]
    privacy: Privacy


KitFactory = Callable[[str], Kit]


@pytest.fixture
def kit_factory(
    engine: AsyncEngine,
    database_url: str,
    adapter_factory: AdapterFactory,  # noqa: F811
) -> KitFactory:
    """`make(kind)`: a `Dossiers` on the simulator's `kind` portal; every call is another
    instance on the same database (nothing shared in memory)."""

    def make(kind: str) -> Kit:
        settings = make_settings(database_url, portal_kind=kind)
        sessions = session_factory(engine)
        privacy = Privacy(SECRET)
        pending = PendingSteps(sessions)
        tracking = Tracking(
            settings=settings,
            sessions=sessions,
            privacy=privacy,
            texts=Texts(),
            calendar=WorkCalendar(),
        )
        portal = adapter_factory(kind)
        dossiers = Dossiers(portal=portal, tracking=tracking, pending=pending, privacy=privacy)
        return Kit(dossiers, pending, tracking, sessions, privacy)

    return make
