"""Dossier tracking as one service: follow/unfollow for the handlers, poller + sender tasks.

Built once in the composition root (``build_services``) and reached as
``context.services.tracking``. By default ``bot/telegram/runtime.py`` starts the poller and
the sender inside the bot process (``in_process``); ``run_bot.py worker`` runs them in a process of
their own instead (``run_bot.py run --no-tracking`` then leaves them out of the bot). Any
number of processes may run them at once: they share the work through leases.

The poller talks to the portal through its *own* adapter (built at ``start``), whose HTTP
transport takes a slot of the shared request budget before every request and whose circuit
breaker pauses the sweep; interactive look-ups (``/status``) keep the bot's adapter.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.calendar import WorkCalendar
from bot.config import Settings
from bot.db.privacy import Privacy
from bot.portal.adapters import NATIONAL_LOOKUP_URL, build_adapter
from bot.portal.adapters.base import PortalAdapter
from bot.portal.http import BreakerPolicy, HttpPolicy, RetryPolicy
from bot.portal.models import Dossier
from bot.texts import Texts
from bot.tracking import subscriptions
from bot.tracking.budget import PacedTransport, RequestBudget
from bot.tracking.config import Clock, TrackingConfig, utc_now
from bot.tracking.delivery import SendFn
from bot.tracking.poller import Poller
from bot.tracking.sender import Sender
from bot.tracking.subscriptions import FollowResult, SubscriptionInfo

log = logging.getLogger(__name__)


class Tracking:
    """Subscriptions, the poller and the sender of one process."""

    def __init__(
        self,
        *,
        settings: Settings,
        sessions: async_sessionmaker[AsyncSession],
        privacy: Privacy,
        texts: Texts,
        calendar: WorkCalendar,
        config: TrackingConfig | None = None,
        portal_transport: httpx.AsyncBaseTransport | None = None,
        clock: Clock = utc_now,
    ) -> None:
        self.settings = settings
        self.sessions = sessions
        self.privacy = privacy
        self.texts = texts
        self.calendar = calendar
        self.config = config or TrackingConfig.from_settings(settings)
        self.clock = clock
        #: Start the poller and the sender with the bot (False: a separate worker does it).
        self.in_process = True
        self.poller: Poller | None = None
        self.sender: Sender | None = None
        self._portal_transport = portal_transport
        self._portal: PortalAdapter | None = None
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    # -- for the handlers -----------------------------------------------------------------

    async def follow(
        self,
        user_id: int,
        code: str,
        dossier: Dossier | None,
        *,
        owner_id_encrypted: bytes | None = None,
    ) -> FollowResult:
        return await subscriptions.follow(
            self.sessions,
            user_id=user_id,
            code=code,
            portal_kind=self.settings.portal_kind.value,
            config=self.config,
            calendar=self.calendar,
            now=self.clock(),
            dossier=dossier,
            owner_id_encrypted=owner_id_encrypted,
        )

    async def mine(self, user_id: int) -> list[SubscriptionInfo]:
        return await subscriptions.list_active(self.sessions, user_id)

    async def unfollow(
        self, user_id: int, *, subscription_id: int | None = None, code: str | None = None
    ) -> str | None:
        return await subscriptions.unfollow(
            self.sessions, user_id, subscription_id=subscription_id, code=code
        )

    # -- workers --------------------------------------------------------------------------

    def build_portal(self) -> PortalAdapter:
        """The poller's adapter: paced by the shared budget, with its own breaker."""
        settings, config = self.settings, self.config
        size = max(config.poll_concurrency + 4, 8)
        inner = self._portal_transport or httpx.AsyncHTTPTransport(
            limits=httpx.Limits(max_connections=size, max_keepalive_connections=size)
        )
        name = f"{settings.portal_kind.value}:{settings.portal_url}"[:100]
        budget = RequestBudget(config.portal_rps, portal=name, sessions=self.sessions)
        transport = PacedTransport(inner, budget, owns_inner=self._portal_transport is None)
        policy = HttpPolicy(
            transport=transport,
            max_connections=size,
            max_keepalive_connections=size,
            retry=RetryPolicy(max_attempts=config.portal_attempts),
            breaker=BreakerPolicy(cooldown=config.breaker_cooldown),
        )
        return build_adapter(
            settings.portal_kind.value,
            base_url=settings.portal_url,
            client_id=settings.portal_client_id,
            client_secret=settings.portal_client_secret.get_secret_value(),
            http=policy,
            token_url=settings.portal_token_url,
            realm=settings.portal_realm,
            lookup_url=settings.portal_lookup_url or NATIONAL_LOOKUP_URL,
        )

    @property
    def running(self) -> bool:
        return any(not task.done() for task in self._tasks)

    async def start(
        self,
        send: SendFn | None = None,
        *,
        poll: bool = True,
        deliver: bool = True,
    ) -> None:
        """Start the poller and/or the sender as tasks of the running event loop."""
        if self.running:
            return
        self._stop = asyncio.Event()
        if deliver:
            if send is None:
                raise ValueError("the sender needs a send function")
            self.sender = Sender(
                sessions=self.sessions,
                send=send,
                texts=self.texts,
                config=self.config,
                hotline=self.settings.hotline,
                clock=self.clock,
            )
            self._tasks.append(asyncio.create_task(self.sender.run(self._stop), name="sender"))
        if poll:
            self._portal = self.build_portal()
            self.poller = Poller(
                sessions=self.sessions,
                portal=self._portal,
                privacy=self.privacy,
                config=self.config,
                calendar=self.calendar,
                clock=self.clock,
                on_notices=self.wake_sender,
            )
            self._tasks.append(asyncio.create_task(self.poller.run(self._stop), name="poller"))
        log.info("tracking started (poller: %s, sender: %s)", poll, deliver)

    def wake_sender(self) -> None:
        if self.sender is not None:
            self.sender.wake()

    async def stop(self) -> None:
        """Stop gracefully: claimed but unstarted work is given back, in-flight work gets
        ``stop_grace`` seconds; anything still running after that is cancelled and its
        leases simply expire (another instance takes the rows over)."""
        if not self._tasks:
            return
        self._stop.set()
        grace = self.config.stop_grace + self.config.send_timeout
        _, late = await asyncio.wait(self._tasks, timeout=grace)
        for task in late:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks = []
        if self._portal is not None:
            await self._portal.aclose()
            self._portal = None
        log.info("tracking stopped")
