"""Dialogue steps that wait for the user's next message, kept in the database.

The bot sometimes asks for something and takes the next message as the answer: after the
"✍️ Nhập mã hồ sơ" button it waits for a dossier code. That state must survive a restart
and be seen by every instance behind a webhook, so it lives in the table `pending_steps`
with an expiry, never in PTB's per-process `user_data` (DESIGN.md). `PendingSteps` is
built once in the composition root; each method owns its transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db import pending_steps
from bot.db.models import utcnow

#: The bot waits for the code of a dossier (after the "✍️ Nhập mã hồ sơ" button).
DOSSIER_CODE = "dossier_code"
#: How long the bot takes a code-like message as the answer: time to find the receipt.
STEP_TTL = timedelta(minutes=30)


class PendingSteps:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        clock: Callable[[], datetime] = utcnow,
        ttl: timedelta = STEP_TTL,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._ttl = ttl

    async def expect(self, user_id: int, kind: str) -> None:
        """Take the user's next fitting message as the answer to `kind` (for a while)."""
        async with self._sessions.begin() as session:
            await pending_steps.set_step(session, user_id, kind, self._clock() + self._ttl)

    async def take(self, user_id: int, kind: str) -> bool:
        """True (once) when the bot waits for `kind` from the user and has not given up."""
        now = self._clock()
        async with self._sessions() as session:  # a read first: most messages answer nothing
            waiting = await pending_steps.waiting_for(session, user_id, now)
        if waiting != kind:
            return False
        async with self._sessions.begin() as session:
            return await pending_steps.take_step(session, user_id, kind, now)
