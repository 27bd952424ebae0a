"""Staff roles (`StaffService`): DVC_STAFF_IDS are admins, the table holds the others;
add, change, remove and list, each recorded in the staff audit with actor and source."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import session_factory
from bot.db.models import StaffAudit, StaffMember
from bot.roles import Role, StaffIdentity
from bot.staff import Source, StaffError, StaffRefusal, StaffService

pytestmark = pytest.mark.db


def test_roles_are_ordered_and_parsed() -> None:
    assert Role.VIEWER < Role.EDITOR < Role.ADMIN
    assert Role.parse(" Editor ") is Role.EDITOR and Role.ADMIN.label == "admin"
    with pytest.raises(ValueError):
        Role.parse("owner")
    me = StaffIdentity(5, Role.EDITOR)
    assert me.actor == "tg:5" and me.can(Role.VIEWER) and not me.can(Role.ADMIN)


async def test_seeded_admins_and_table_roles(engine: AsyncEngine) -> None:
    staff = StaffService(session_factory(engine), frozenset({1}))
    assert await staff.role_of(1) is Role.ADMIN  # not in the table, still an admin
    assert await staff.role_of(2) is None and not await staff.is_staff(2)

    assert await staff.add(2, Role.EDITOR, actor="cli:ops", source=Source.CLI) is None
    assert await staff.role_of(2) is Role.EDITOR and await staff.is_staff(2)
    before = await staff.add(2, Role.VIEWER, actor="tg:1", source=Source.WEB)
    assert before is Role.EDITOR and await staff.role_of(2) is Role.VIEWER

    listed = await staff.list()
    assert [(e.user_id, e.role, e.seeded) for e in listed] == [
        (1, Role.ADMIN, True),
        (2, Role.VIEWER, False),
    ]
    assert listed[1].added_by == "cli:ops"

    assert await staff.remove(2, actor="tg:1", source=Source.WEB)
    assert await staff.role_of(2) is None
    assert not await staff.remove(2, actor="tg:1", source=Source.WEB)  # nothing recorded

    async with session_factory(engine)() as session:
        rows = (await session.execute(select(StaffAudit).order_by(StaffAudit.id))).scalars()
        audit = [(r.actor, r.action, r.source, r.detail) for r in rows]
    assert audit == [
        ("cli:ops", "staff_add", "cli", {"user_id": 2, "role": "editor", "previous": None}),
        ("tg:1", "staff_role", "web", {"user_id": 2, "role": "viewer", "previous": "editor"}),
        ("tg:1", "staff_remove", "web", {"user_id": 2, "previous": "viewer"}),
    ]


async def test_refused_changes(engine: AsyncEngine) -> None:
    staff = StaffService(session_factory(engine), frozenset({1}))
    cases = [
        (1, "tg:9", StaffRefusal.SEEDED),  # change DVC_STAFF_IDS instead
        (3, "tg:3", StaffRefusal.SELF),  # nobody changes their own role
        (0, "tg:9", StaffRefusal.INVALID_ID),
    ]
    for user_id, actor, reason in cases:
        with pytest.raises(StaffError) as refused:
            await staff.add(user_id, Role.VIEWER, actor=actor, source=Source.WEB)
        assert refused.value.reason is reason
        with pytest.raises(StaffError):
            await staff.remove(user_id, actor=actor, source=Source.WEB)


async def test_rows_from_before_roles_are_viewers(engine: AsyncEngine) -> None:
    sessions = session_factory(engine)
    async with sessions.begin() as session:
        session.add(StaffMember(user_id=4, added_by="old"))
    assert await StaffService(sessions, frozenset()).role_of(4) is Role.VIEWER
