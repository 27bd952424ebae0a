"""Dialogue steps that wait for the user's next message, kept in the database.

The bot sometimes asks for something and takes the next message as the answer: after the
"✍️ Nhập mã hồ sơ" button it waits for a dossier code; when a portal needs the owner's ID
number it waits for that, remembering which dossier it was for. That state must survive a
restart and be seen by every instance behind a webhook, so it lives in the table
`pending_steps` with an expiry, never in PTB's per-process `user_data` (DESIGN.md).

A step has a `kind`, a JSON `payload` (what it is about: a dossier code, never personal data
in the clear) and an optional `secret` that the caller has already encrypted with
``Privacy.encrypt``. One step per user: asking something new replaces what was asked before.
`PendingSteps` is built once in the composition root; each method owns its transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db import pending_steps
from bot.db.models import utcnow


class StepKind(StrEnum):
    """What the bot waits for (stored in ``pending_steps.kind``)."""

    #: The code of a dossier, after the "✍️ Nhập mã hồ sơ" or "📋 Tra cứu hồ sơ" button.
    DOSSIER_CODE = "dossier_code"
    #: The owner's ID number for a look-up (payload: the code, and whether to follow it).
    OWNER_ID = "owner_id"
    #: Not a question: the owner ID of the last successful look-up (encrypted, in
    #: ``secret``), so the status card's 🔔 button can follow without asking again.
    FOLLOW_OWNER = "follow_owner"
    #: Not a question: what the citizen was shown before "✅ Gửi cho cán bộ" (payload: the
    #: query-log id, decision and procedure of the question to hand over; bot/handoff/).
    HANDOFF_CONSENT = "handoff_consent"


#: Kept for callers that name the step by its old constant.
DOSSIER_CODE = StepKind.DOSSIER_CODE
#: How long the bot takes a fitting message as the answer: time to find the receipt.
STEP_TTL = timedelta(minutes=30)


@dataclass(frozen=True, slots=True)
class Step:
    """A pending step as read from the database."""

    kind: str
    payload: dict[str, Any] = field(default_factory=dict)
    #: Encrypted with ``Privacy.encrypt`` by whoever stored it.
    secret: bytes | None = None


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

    async def expect(
        self,
        user_id: int,
        kind: str,
        *,
        payload: dict[str, Any] | None = None,
        secret: bytes | None = None,
    ) -> None:
        """Take the user's next fitting message as the answer to `kind` (for a while).

        `secret` must already be encrypted; it is stored as given.
        """
        async with self._sessions.begin() as session:
            await pending_steps.set_step(
                session,
                user_id,
                kind,
                self._clock() + self._ttl,
                payload=payload,
                secret=secret,
            )

    async def current(self, user_id: int) -> Step | None:
        """The user's step if one has not expired, without ending it."""
        async with self._sessions() as session:
            row = await pending_steps.current_step(session, user_id, self._clock())
        return Step(row.kind, row.payload or {}, row.secret) if row is not None else None

    async def take(self, user_id: int, *kinds: str) -> Step | None:
        """The step (once) when the bot waits for one of `kinds` from the user and has not
        given up; None otherwise. Only one of several instances gets it."""
        now = self._clock()
        async with self._sessions() as session:  # a read first: most messages answer nothing
            waiting = await pending_steps.waiting_for(session, user_id, now)
        if waiting is None or waiting not in kinds:
            return None
        async with self._sessions.begin() as session:
            row = await pending_steps.take_step(session, user_id, kinds, now)
        return Step(row.kind, row.payload or {}, row.secret) if row is not None else None

    async def clear(self, user_id: int) -> None:
        """Forget whatever the bot waited for from the user."""
        async with self._sessions.begin() as session:
            await pending_steps.clear(session, user_id)
