"""What staff decided about a group of questions (table ``question_triage``, migration 0006).

Each decision is one row: the group's content key and member keys (normalised, numbers
masked), the action, the reply for ``not_ours``, the procedure or catalog version a catalog
change made, who decided. Rows are never deleted (the audit trail points at them); reopening
a group clears ``active``. Every function takes a session; `bot.learning.service` owns the
transactions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import QuestionTriage

#: Member keys kept per decision (the most frequent first).
MAX_MEMBERS = 200


class TriageAction(StrEnum):
    ATTACH = "attach"  # the group became a colloquial name (alias) of a procedure
    SYNONYM = "synonym"  # a word citizens use was added to the procedures it means
    NOT_OURS = "not_ours"  # not a procedure we handle: the bot gives a short staff reply
    DISMISS = "dismiss"  # nothing to do; hidden from the list


@dataclass(frozen=True, slots=True)
class TriageRecord:
    """One decision, detached from the session."""

    id: int
    group_key: str
    action: TriageAction
    members: tuple[str, ...]
    reply_vi: str
    reply_en: str
    procedure_code: str | None
    catalog_version: int | None
    actor: str
    active: bool
    created_at: datetime

    def reply(self, lang: str) -> str:
        """The staff reply in `lang` (Vietnamese when there is no English one)."""
        return self.reply_en if lang == "en" and self.reply_en else self.reply_vi


def _record(row: QuestionTriage) -> TriageRecord:
    created = row.created_at
    return TriageRecord(
        id=row.id,
        group_key=row.group_key,
        action=TriageAction(row.action),
        members=tuple(row.members or ()),
        reply_vi=row.reply_vi,
        reply_en=row.reply_en,
        procedure_code=row.procedure_code,
        catalog_version=row.catalog_version,
        actor=row.actor,
        active=row.active,
        created_at=created.replace(tzinfo=created.tzinfo or UTC),
    )


async def add(
    session: AsyncSession,
    *,
    group_key: str,
    action: TriageAction,
    members: Sequence[str],
    actor: str,
    reply_vi: str = "",
    reply_en: str = "",
    procedure_code: str | None = None,
    catalog_version: int | None = None,
) -> TriageRecord:
    row = QuestionTriage(
        group_key=group_key[:300],
        action=action.value,
        members=list(dict.fromkeys(members))[:MAX_MEMBERS],
        reply_vi=reply_vi,
        reply_en=reply_en,
        procedure_code=procedure_code,
        catalog_version=catalog_version,
        actor=actor,
        active=True,
    )
    session.add(row)
    await session.flush()
    return _record(row)


async def active(session: AsyncSession, action: TriageAction | None = None) -> list[TriageRecord]:
    """Decisions in force, oldest first (optionally of one action)."""
    query = select(QuestionTriage).where(QuestionTriage.active.is_(True))
    if action is not None:
        query = query.where(QuestionTriage.action == action.value)
    rows = (await session.execute(query.order_by(QuestionTriage.id))).scalars()
    return [_record(row) for row in rows]


async def get(session: AsyncSession, triage_id: int) -> TriageRecord | None:
    row = await session.get(QuestionTriage, triage_id)
    return _record(row) if row is not None else None


async def deactivate(session: AsyncSession, triage_id: int) -> bool:
    """Reopen: the decision stays recorded but no longer applies. False when unknown or
    already inactive."""
    result = await session.execute(
        update(QuestionTriage)
        .where(QuestionTriage.id == triage_id, QuestionTriage.active.is_(True))
        .values(active=False)
    )
    return bool(getattr(result, "rowcount", 0))
