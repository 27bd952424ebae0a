"""Repository for staff added at run time (table ``staff_members``) and the staff audit.

Every function takes a session; the caller (`bot.staff.StaffService`,
`bot.console_auth.ConsoleAuth`) owns the transaction. Roles are stored as their lower-case
names (`bot.roles.Role.label`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ConsoleSession, StaffAudit, StaffMember


async def is_member(session: AsyncSession, user_id: int) -> bool:
    return await session.get(StaffMember, user_id) is not None


async def role_name(session: AsyncSession, user_id: int) -> str | None:
    """The stored role of a staff member, or None when the user is not in the table."""
    row = await session.execute(select(StaffMember.role).where(StaffMember.user_id == user_id))
    return row.scalar_one_or_none()


async def put_member(session: AsyncSession, user_id: int, role: str, added_by: str) -> str | None:
    """Add a staff member or change their role; the role they had before (None if new)."""
    member = await session.get(StaffMember, user_id)
    if member is None:
        session.add(StaffMember(user_id=user_id, role=role, added_by=added_by))
        return None
    previous = member.role
    member.role = role
    return previous


async def remove_member(session: AsyncSession, user_id: int) -> str | None:
    """Remove a staff member and end their console sessions; the role they had (None if
    they were not in the table)."""
    member = await session.get(StaffMember, user_id)
    if member is None:
        return None
    await session.delete(member)
    await session.execute(delete(ConsoleSession).where(ConsoleSession.user_id == user_id))
    return member.role


async def members(session: AsyncSession) -> list[StaffMember]:
    rows = await session.execute(select(StaffMember).order_by(StaffMember.user_id))
    return list(rows.scalars())


def record(
    session: AsyncSession, *, actor: str, action: str, source: str, detail: dict[str, Any]
) -> None:
    """One row of ``staff_audit`` (who, what, from where), written with the change."""
    session.add(StaffAudit(actor=actor, action=action, source=source, detail=detail))
