"""Typed PTB context: the services every handler needs, reached as `context.services`.

`build_application` creates one `Services` object and hangs it on `application.bot_data`;
handlers never import a module-level singleton.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from telegram.ext import Application, CallbackContext, ExtBot

from bot.catalog import CatalogService
from bot.clarify import Clarifier
from bot.config import Settings
from bot.db.group_commit import GroupCommit
from bot.db.models import QueryLog
from bot.db.privacy import Privacy
from bot.db.users import Contact
from bot.flood import FloodLimiter
from bot.life_events import LifeEventMatcher
from bot.pending import PendingSteps
from bot.places.service import PlaceService
from bot.portal.adapters.base import PortalAdapter
from bot.texts import Lang, Texts
from bot.tracking.service import Tracking
from bot.tracking.workdays import WorkCalendar


@dataclass
class Services:
    """Everything built once in the composition root and shared by the handlers."""

    settings: Settings
    texts: Texts
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    privacy: Privacy
    catalog: CatalogService
    flood: FloodLimiter
    portal: PortalAdapter
    calendar: WorkCalendar
    tracking: Tracking
    #: First contacts (user row created if missing) → the user's language, batched.
    user_langs: GroupCommit[Contact, Lang]
    #: Search outcomes → query_log row ids, batched.
    query_log: GroupCommit[QueryLog, int]
    #: Life events (a birth, a death…) recognised in a question → their procedures.
    life_events: LifeEventMatcher
    #: Hà Tĩnh's communes (new and former names) and the user's own commune (/noio).
    places: PlaceService
    #: Plain-word clarifying questions ("how old is the person?") for sibling procedures.
    clarify: Clarifier
    #: Dialogue steps waiting for the user's next message (e.g. a dossier code), in the DB.
    pending: PendingSteps
    extras: dict[str, Any] = field(default_factory=dict)


class BotData:
    """`application.bot_data`: holds the services once `build_application` has set them."""

    def __init__(self) -> None:
        self._services: Services | None = None

    @property
    def services(self) -> Services:
        if self._services is None:
            raise RuntimeError("services are not set; build the app with build_application")
        return self._services

    @services.setter
    def services(self, value: Services) -> None:
        self._services = value


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    """The callback context handlers receive."""

    @property
    def services(self) -> Services:
        return self.bot_data.services


DvcApplication = Application[ExtBot[None], BotContext, dict[Any, Any], dict[Any, Any], BotData, Any]
