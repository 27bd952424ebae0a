"""The services the bot's adapters share, built once from the settings.

`build_services(settings)` is called by the Telegram composition root
(`bot.telegram.app.build_application`) and can be called by any other entry point (the
staff console, a worker) so that every adapter goes through the same services.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.audit import AuditService
from bot.calendar import WorkCalendar
from bot.catalog import CatalogService
from bot.catalog_admin import CatalogAdmin
from bot.checklists import ChecklistService
from bot.clarify import Clarifier
from bot.config import Settings
from bot.console_auth import ConsoleAuth
from bot.dashboard import DashboardService
from bot.db import users
from bot.db.engine import create_engine, session_factory
from bot.db.group_commit import GroupCommit
from bot.db.models import QueryLog
from bot.db.privacy import Privacy
from bot.db.users import Contact
from bot.dossiers import Dossiers
from bot.feedback import FeedbackService
from bot.flood import FloodLimiter
from bot.handoff import HandoffService
from bot.languages import Languages
from bot.learning import LearningService
from bot.life_events import LifeEventMatcher
from bot.office_hours import OfficeHours, parse_sessions
from bot.pending import PendingSteps
from bot.personal_data import PersonalDataService
from bot.places.service import PlaceService
from bot.portal.adapters.base import PortalAdapter
from bot.portal_setup import build_portal
from bot.search import querylog
from bot.search_log import SearchLog
from bot.staff import StaffService
from bot.texts import Lang, Texts
from bot.tracking.service import Tracking
from procedures_catalog.clarify import load_bundled_clarify
from procedures_catalog.life_events import load_bundled_life_events


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
    #: Each user's language, from the database on every update (/lang holds everywhere).
    languages: Languages
    #: Dossier look-ups and following (/status, /follow, /mine, /unfollow, 🔔).
    dossiers: Dossiers
    #: Search outcomes recorded (user hashed, numbers masked) → query_log row ids.
    search_log: SearchLog
    #: 👍/👎 on answers, stored against the logged question.
    feedback: FeedbackService
    #: Documents ticked as ready on a procedure's checklist.
    checklists: ChecklistService
    #: /mydata and /forget.
    personal_data: PersonalDataService
    #: Who is staff; unanswered questions and usage statistics for them.
    staff: StaffService
    #: The staff console's one-time sign-in links, sessions and CSRF tokens.
    console_auth: ConsoleAuth
    #: The console's dashboard figures and the staff audit trail.
    dashboard: DashboardService
    audit: AuditService
    #: What citizens asked that the bot did not answer, staff decisions on it, and the
    #: staff's "not ours" replies the bot gives (``learning.replies``).
    learning: LearningService
    #: The console's catalog work: list, edit with preview, import, export, versions.
    catalog_admin: CatalogAdmin
    #: Conversations handed to the staff support group (bot/handoff/).
    handoff: HandoffService
    extras: dict[str, Any] = field(default_factory=dict)


# Used only when no secret key is configured (the demo and tests); `run` refuses to start
# without DVC_SECRET_KEY.
DEMO_SECRET_KEY = b"dvc-bot-demo-secret-key-not-for-production"


def build_services(
    settings: Settings, portal_transport: httpx.AsyncBaseTransport | None = None
) -> Services:
    engine = create_engine(settings.database_url)
    secret = settings.secret_key.get_secret_value().encode() or DEMO_SECRET_KEY
    sessions = session_factory(engine)
    texts = Texts()
    privacy = Privacy(secret)
    calendar = WorkCalendar()
    query_log = GroupCommit(sessions, querylog.write_rows, name="query_log")
    portal = build_portal(settings, portal_transport)
    # Poller and sender: started with the bot by bot/telegram/runtime.py, unless a worker
    # process runs them.
    tracking = Tracking(
        settings=settings,
        sessions=sessions,
        privacy=privacy,
        texts=texts,
        calendar=calendar,
        portal_transport=portal_transport,
    )
    pending = PendingSteps(sessions)
    user_langs = GroupCommit(sessions, users.ensure_users, name="users")
    staff = StaffService(sessions, settings.staff_ids)
    catalog = CatalogService(sessions)
    return Services(
        settings=settings,
        texts=texts,
        engine=engine,
        sessions=sessions,
        privacy=privacy,
        catalog=catalog,
        flood=FloodLimiter(),
        portal=portal,
        calendar=calendar,
        tracking=tracking,
        user_langs=user_langs,
        query_log=query_log,
        life_events=LifeEventMatcher(load_bundled_life_events()),
        places=PlaceService(sessions),
        pending=pending,
        clarify=Clarifier(load_bundled_clarify()),
        languages=Languages(sessions, user_langs),
        dossiers=Dossiers(portal=portal, tracking=tracking, pending=pending, privacy=privacy),
        search_log=SearchLog(query_log, privacy),
        feedback=FeedbackService(sessions, privacy),
        checklists=ChecklistService(sessions),
        personal_data=PersonalDataService(sessions, privacy),
        staff=staff,
        console_auth=ConsoleAuth(sessions, staff, secret),
        dashboard=DashboardService(
            sessions,
            live_breaker=lambda: tracking.poller.portal.breaker_state if tracking.poller else None,
        ),
        audit=AuditService(sessions),
        learning=LearningService(sessions, catalog),
        catalog_admin=CatalogAdmin(sessions, catalog, texts, secret),
        handoff=HandoffService(
            sessions,
            privacy,
            OfficeHours(calendar, parse_sessions(settings.office_hours)),
            support_chat_id=settings.support_chat_id,
            wait_limit=timedelta(hours=settings.handoff_wait_hours),
        ),
    )
