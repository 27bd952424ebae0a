"""`HandoffService`: the life of a hand-off, each method one transaction.

A hand-off is *begun* when the citizen confirms what will be shared; the Telegram adapter
then creates the forum topic and *attaches* it (or *discards* the hand-off when Telegram
refuses). While it is open, the adapter relays messages both ways; the first staff reply is
noted (for the waiting list), staff *close* it, and the citizen may *rate* it once. Nothing
of the conversation's text is stored here: the question is the masked ``query_log`` row.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db import handoffs
from bot.db.models import Handoff, HandoffLesson, QueryLog, utcnow
from bot.db.privacy import Privacy
from bot.office_hours import OfficeHours
from bot.personal_numbers import mask_personal_numbers
from bot.search.querylog import MAX_LOGGED_CHARS, SEARCH_INTENTS

#: A question asked this long before "💬 Hỏi cán bộ" is what the citizen wants help with.
CONTEXT_WINDOW = timedelta(hours=2)
#: ``query_log.intent`` of a question written to staff (/hoicanbo <text>): not a search.
HANDOFF_INTENT = "handoff"
#: Unambiguous letters and digits for the short reference (no 0/O, 1/I/L).
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_REFERENCE_LENGTH = 6


@dataclass(frozen=True, slots=True)
class HandoffContext:
    """What the citizen agrees to share: their question and what the bot answered."""

    question: str = ""
    #: The search decision of the bot's last answer (``answer``, ``clarify``, ``none``).
    decision: str | None = None
    procedure_code: str | None = None
    query_id: int | None = None


@dataclass(frozen=True, slots=True)
class HandoffView:
    id: int
    reference: str
    user_id: int
    support_chat_id: int
    thread_id: int | None
    language: str
    procedure_code: str | None
    is_open: bool
    opened_at: datetime
    first_reply_at: datetime | None
    rating: int | None

    @classmethod
    def of(cls, row: Handoff) -> HandoffView:
        return cls(
            id=row.id,
            reference=row.reference,
            user_id=row.user_id,
            support_chat_id=row.support_chat_id,
            thread_id=row.thread_id,
            language=row.language,
            procedure_code=row.procedure_code,
            is_open=row.state == handoffs.OPEN,
            opened_at=row.opened_at,
            first_reply_at=row.first_reply_at,
            rating=row.rating,
        )


@dataclass(frozen=True, slots=True)
class AlreadyOpen:
    """The citizen has an open hand-off; only one at a time."""

    handoff: HandoffView


@dataclass(frozen=True, slots=True)
class WaitingHandoff:
    reference: str
    opened_at: datetime
    #: Working time (office hours only) since it was opened, without a staff reply.
    waited: timedelta


def new_reference() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(_REFERENCE_LENGTH))


class HandoffService:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        privacy: Privacy,
        office_hours: OfficeHours,
        *,
        support_chat_id: int | None,
        wait_limit: timedelta,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._sessions = sessions
        self._privacy = privacy
        self.office_hours = office_hours
        self.support_chat_id = support_chat_id
        self.wait_limit = wait_limit
        self.clock = clock

    @property
    def enabled(self) -> bool:
        """Whether a support group is configured (else the bot gives the hotline only)."""
        return self.support_chat_id is not None

    async def last_context(self, user_id: int) -> HandoffContext:
        """The citizen's latest search question (masked) and the bot's decision on it."""
        since = self.clock() - CONTEXT_WINDOW
        async with self._sessions() as session:
            row = (
                await session.scalars(
                    select(QueryLog)
                    .where(
                        QueryLog.user_hash == self._privacy.user_hash(user_id),
                        QueryLog.created_at >= since,
                        QueryLog.intent.in_([*SEARCH_INTENTS, HANDOFF_INTENT]),
                    )
                    .order_by(QueryLog.id.desc())
                    .limit(1)
                )
            ).first()
        if row is None:
            return HandoffContext()
        decision = None if row.intent == HANDOFF_INTENT else row.decision
        # A procedure only when the bot answered with it (a "none" keeps its best guess).
        code = row.top_code if decision == "answer" else None
        return HandoffContext(row.query, decision, code, row.id)

    async def write_question(self, user_id: int, text: str) -> HandoffContext:
        """A question written for staff (/hoicanbo <text>), logged masked, as the context."""
        masked = mask_personal_numbers(text.strip())[:MAX_LOGGED_CHARS]
        async with self._sessions.begin() as session:
            row = QueryLog(
                user_hash=self._privacy.user_hash(user_id),
                query=masked,
                intent=HANDOFF_INTENT,
                decision=HANDOFF_INTENT,
            )
            session.add(row)
            await session.flush()
            return HandoffContext(masked, None, None, row.id)

    @staticmethod
    def payload(context: HandoffContext) -> dict[str, Any]:
        """What the consent step keeps (no text: the question stays in the query log)."""
        return {
            "query_id": context.query_id,
            "decision": context.decision,
            "code": context.procedure_code,
        }

    async def from_payload(self, user_id: int, payload: dict[str, Any]) -> HandoffContext:
        """The context a consent step was shown with; the question is read back from the
        user's own query-log row (another user's row id gives no question)."""
        query_id = payload.get("query_id")
        question = ""
        if isinstance(query_id, int):
            async with self._sessions() as session:
                question = str(
                    await session.scalar(
                        select(QueryLog.query).where(
                            QueryLog.id == query_id,
                            QueryLog.user_hash == self._privacy.user_hash(user_id),
                        )
                    )
                    or ""
                )
        decision, code = payload.get("decision"), payload.get("code")
        return HandoffContext(
            question,
            decision if isinstance(decision, str) else None,
            code if isinstance(code, str) else None,
            query_id if question and isinstance(query_id, int) else None,
        )

    async def begin(
        self, user_id: int, language: str, context: HandoffContext
    ) -> HandoffView | AlreadyOpen:
        """Record a new open hand-off (no topic yet), or the one already open."""
        if self.support_chat_id is None:
            raise RuntimeError("no support group is configured (DVC_SUPPORT_CHAT_ID)")
        for _ in range(3):  # a reference already taken: draw another
            try:
                async with self._sessions.begin() as session:
                    existing = await handoffs.open_of(session, user_id)
                    if existing is not None:
                        return AlreadyOpen(HandoffView.of(existing))
                    row = Handoff(
                        reference=new_reference(),
                        user_id=user_id,
                        support_chat_id=self.support_chat_id,
                        language=language,
                        procedure_code=context.procedure_code,
                        query_id=context.query_id,
                        opened_at=self.clock(),
                    )
                    session.add(row)
                    await session.flush()
                    return HandoffView.of(row)
            except IntegrityError:
                continue  # another instance opened one at the same moment, or a reference clash
        async with self._sessions() as session:
            existing = await handoffs.open_of(session, user_id)
        if existing is not None:
            return AlreadyOpen(HandoffView.of(existing))
        raise RuntimeError("could not record the hand-off")

    async def attach_topic(self, handoff_id: int, thread_id: int) -> None:
        async with self._sessions.begin() as session:
            row = await session.get(Handoff, handoff_id)
            if row is not None:
                row.thread_id = thread_id

    async def discard(self, handoff_id: int) -> None:
        """Forget a hand-off whose topic could not be created."""
        async with self._sessions.begin() as session:
            row = await session.get(Handoff, handoff_id)
            if row is not None:
                await session.delete(row)

    async def open_of(self, user_id: int) -> HandoffView | None:
        async with self._sessions() as session:
            row = await handoffs.open_of(session, user_id)
        return HandoffView.of(row) if row is not None and row.thread_id is not None else None

    async def at_topic(self, chat_id: int, thread_id: int) -> HandoffView | None:
        async with self._sessions() as session:
            row = await handoffs.at_topic(session, chat_id, thread_id)
        return HandoffView.of(row) if row is not None else None

    async def get(self, handoff_id: int) -> HandoffView | None:
        async with self._sessions() as session:
            row = await session.get(Handoff, handoff_id)
        return HandoffView.of(row) if row is not None else None

    async def staff_replied(self, handoff_id: int) -> None:
        async with self._sessions.begin() as session:
            await handoffs.mark_first_reply(session, handoff_id, self.clock())

    async def close(self, handoff_id: int, actor: str) -> bool:
        """Close it; False when it was not open (closed already by someone else)."""
        async with self._sessions.begin() as session:
            return await handoffs.close(session, handoff_id, self.clock(), actor)

    async def rate(self, handoff_id: int, user_id: int, good: bool) -> bool:
        """The citizen's 👍/👎 on a closed hand-off of theirs, once; False otherwise."""
        async with self._sessions.begin() as session:
            return await handoffs.rate(session, handoff_id, user_id, 1 if good else -1)

    async def teach(self, handoff_id: int, answer: str, actor: str) -> str | None:
        """Put the hand-off's question, with the staff answer, in the console's inbox;
        the question, or None when there is no such hand-off."""
        async with self._sessions.begin() as session:
            row = await session.get(Handoff, handoff_id)
            if row is None:
                return None
            question = await handoffs.question_of(session, row)
            session.add(
                HandoffLesson(
                    reference=row.reference,
                    user_hash=self._privacy.user_hash(row.user_id),
                    question=question,
                    answer=mask_personal_numbers(answer.strip())[:4000],
                    procedure_code=row.procedure_code,
                    actor=actor,
                    created_at=self.clock(),
                )
            )
            return question

    async def lessons(self, since: datetime, limit: int = 50) -> list[HandoffLesson]:
        async with self._sessions() as session:
            return await handoffs.lessons(session, since=since, limit=limit)

    async def waiting(self) -> list[WaitingHandoff]:
        """Open hand-offs without a staff reply for longer than the limit, in working time."""
        now = self.clock()
        async with self._sessions() as session:
            rows = await handoffs.waiting(session)
        waiting = []
        for row in rows:
            waited = self.office_hours.working_time_between(row.opened_at, now)
            if waited >= self.wait_limit:
                waiting.append(WaitingHandoff(row.reference, row.opened_at, waited))
        return waiting
