"""Where the citizen lives: look names up, remember the user's commune, ask for it.

`PlaceService` is built once in the composition root. Lookups are pure and in memory; the
user's commune and a pending "which commune?" question live in the database (table
`user_places`), so every instance sees them. Each method owns its transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db import user_places
from bot.db.models import utcnow
from bot.places.data import CommuneDirectory, NewUnit, load_communes
from bot.places.match import Lookup, PlaceMatcher, Prefer
from bot.places.question import place_question

#: How long the bot takes the next short message as the commune's name after asking.
ASK_TTL = timedelta(minutes=10)


class PlaceService:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        directory: CommuneDirectory | None = None,
        *,
        clock: Callable[[], datetime] = utcnow,
        ask_ttl: timedelta = ASK_TTL,
    ) -> None:
        self._sessions = sessions
        self.directory = directory or load_communes()
        self.matcher = PlaceMatcher(self.directory)
        self._clock = clock
        self._ask_ttl = ask_ttl

    def lookup(self, text: str, prefer: Prefer = "any") -> Lookup:
        return self.matcher.lookup(text, prefer)

    def question(self, text: str) -> Lookup | None:
        """The place a "xã X cũ giờ là xã nào?" question asks about; None for other text."""
        return place_question(text, self.matcher)

    def unit(self, code: str) -> NewUnit | None:
        return self.directory.get(code)

    async def home(self, user_id: int) -> NewUnit | None:
        """The commune the user told the bot, if any (and still in the data)."""
        async with self._sessions() as session:
            code = await user_places.commune_code(session, user_id)
        return self.directory.get(code) if code else None

    async def remember(self, user_id: int, code: str) -> NewUnit:
        unit = self.directory.get(code)
        if unit is None:
            raise KeyError(code)
        async with self._sessions.begin() as session:
            await user_places.set_commune(session, user_id, code)
        return unit

    async def ask(self, user_id: int) -> None:
        """Take the user's next short message as the commune's name (for a while)."""
        async with self._sessions.begin() as session:
            await user_places.set_asking(session, user_id, self._clock() + self._ask_ttl)

    async def take_pending(self, user_id: int) -> bool:
        """True (once) when the bot asked for the commune and is still waiting."""
        now = self._clock()
        async with self._sessions() as session:  # a read first: most messages answer nothing
            until = await user_places.asking_until(session, user_id)
        if until is None or until <= now:
            return False
        async with self._sessions.begin() as session:
            return await user_places.take_asking(session, user_id, now)
