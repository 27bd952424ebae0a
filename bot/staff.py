"""Staff and their roles; what staff ask the bot for: unanswered questions, usage statistics.

`StaffService` is built once in `bot.services.build_services`. Staff are the ids in
``DVC_STAFF_IDS`` (always admins, even when not in the table) plus the rows of
``staff_members`` with their role (`bot.roles.Role`). Adding, changing and removing staff
goes through here from every adapter (CLI, console, Telegram) and is recorded in
``staff_audit`` with the actor and the source. Each method owns its session; the queries
are in `bot.db.staff`, `bot.search.querylog` and `bot.stats`.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.calendar import VN_TZ, vn_date
from bot.db import staff
from bot.roles import Role, actor_of
from bot.search.querylog import UnansweredQuery, top_unanswered
from bot.stats import UsageStats, usage_stats

#: How many unanswered questions /unanswered lists.
UNANSWERED_LIMIT = 30


class Source(StrEnum):
    """Where a change was made (``staff_audit.source``)."""

    WEB = "web"
    CLI = "cli"
    TELEGRAM = "telegram"


class StaffRefusal(StrEnum):
    """Why a change to the staff list was refused (a text key suffix for the adapters)."""

    SEEDED = "seeded"  # an admin by DVC_STAFF_IDS: change the setting instead
    SELF = "self"  # nobody changes or removes their own role (no locking oneself out)
    INVALID_ID = "invalid_id"


class StaffError(Exception):
    def __init__(self, reason: StaffRefusal) -> None:
        super().__init__(reason.value)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class StaffEntry:
    """One staff member as listed: from DVC_STAFF_IDS (`seeded`) or from the table."""

    user_id: int
    role: Role
    added_by: str
    created_at: datetime | None
    seeded: bool


def _now() -> datetime:
    return datetime.now(UTC)


class StaffService:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        staff_ids: frozenset[int],
        *,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self._sessions = sessions
        self._staff_ids = staff_ids
        self._clock = clock

    @property
    def seeded_admins(self) -> frozenset[int]:
        return self._staff_ids

    async def role_of(self, user_id: int) -> Role | None:
        """The user's role: admin for DVC_STAFF_IDS, else the table's; None if not staff."""
        if user_id in self._staff_ids:
            return Role.ADMIN
        async with self._sessions() as session:
            name = await staff.role_name(session, user_id)
        if name is None:
            return None
        try:
            return Role.parse(name)
        except ValueError:  # a value written by hand: the least rights
            return Role.VIEWER

    async def is_staff(self, user_id: int) -> bool:
        """Whether the user is in DVC_STAFF_IDS or was added to the staff table."""
        return await self.role_of(user_id) is not None

    def _check_change(self, user_id: int, actor: str) -> None:
        if not 0 < user_id < 2**63:
            raise StaffError(StaffRefusal.INVALID_ID)
        if user_id in self._staff_ids:
            raise StaffError(StaffRefusal.SEEDED)
        if actor == actor_of(user_id):
            raise StaffError(StaffRefusal.SELF)

    async def add(self, user_id: int, role: Role, *, actor: str, source: Source) -> Role | None:
        """Make `user_id` staff with `role` (or change their role); the role they had before.

        Raises `StaffError` for an admin of DVC_STAFF_IDS or for the actor themselves."""
        self._check_change(user_id, actor)
        async with self._sessions.begin() as session:
            previous = await staff.put_member(session, user_id, role.label, actor)
            staff.record(
                session,
                actor=actor,
                action="staff_add" if previous is None else "staff_role",
                source=source.value,
                detail={"user_id": user_id, "role": role.label, "previous": previous},
            )
        return None if previous is None else Role.parse(previous)

    async def remove(self, user_id: int, *, actor: str, source: Source) -> bool:
        """Remove `user_id` from the staff table (their console sessions end); False when
        they were not in it. Raises `StaffError` as `add` does."""
        self._check_change(user_id, actor)
        async with self._sessions.begin() as session:
            previous = await staff.remove_member(session, user_id)
            if previous is None:
                return False
            staff.record(
                session,
                actor=actor,
                action="staff_remove",
                source=source.value,
                detail={"user_id": user_id, "previous": previous},
            )
        return True

    async def unanswered(
        self, days: int, *, limit: int = UNANSWERED_LIMIT
    ) -> list[UnansweredQuery]:
        """The most frequent questions of the last `days` days that ended in none/clarify."""
        since = self._clock() - timedelta(days=days)
        async with self._sessions() as session:
            return await top_unanswered(session, since=since, limit=limit)

    async def usage(self, days: int) -> UsageStats:
        """Figures for whole Vietnamese days: today and the `days - 1` days before it."""
        until = self._clock()
        first = vn_date(until) - timedelta(days=days - 1)
        # In UTC, like the stored timestamps: SQLite compares them as text.
        since = datetime.combine(first, time(), tzinfo=VN_TZ).astimezone(UTC)
        async with self._sessions() as session:
            return await usage_stats(session, since=since, until=until)

    async def list(self) -> builtins.list[StaffEntry]:
        """Every staff member, by user id: the seeded admins and the table's rows."""
        async with self._sessions() as session:
            rows = await staff.members(session)
        entries = {
            uid: StaffEntry(uid, Role.ADMIN, "DVC_STAFF_IDS", None, True) for uid in self._staff_ids
        }
        for row in rows:
            if row.user_id not in entries:
                try:
                    role = Role.parse(row.role)
                except ValueError:
                    role = Role.VIEWER
                entries[row.user_id] = StaffEntry(
                    row.user_id, role, row.added_by, row.created_at, False
                )
        return [entries[uid] for uid in sorted(entries)]
