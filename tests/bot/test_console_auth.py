"""Console sign-in (`ConsoleAuth`): one-time links kept as hashes, ten minutes, usable once
even when two requests race; sessions that end, that lose access with the staff role, and
their CSRF tokens."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.console_auth import ConsoleAuth, LinkRefusal, SignIn
from bot.db.engine import session_factory
from bot.db.models import ConsoleLink, ConsoleSession, StaffAudit
from bot.roles import Role
from bot.staff import Source, StaffService

pytestmark = pytest.mark.db

ADMIN, EDITOR = 1, 2


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def make(engine: AsyncEngine) -> tuple[ConsoleAuth, StaffService, Clock]:
    sessions = session_factory(engine)
    staff = StaffService(sessions, frozenset({ADMIN}))
    clock = Clock()
    return ConsoleAuth(sessions, staff, b"k" * 32, clock=clock), staff, clock


async def test_a_link_opens_one_session_once(engine: AsyncEngine) -> None:
    auth, _, clock = make(engine)
    token = await auth.create_link(ADMIN)
    assert token and len(token) >= 40
    async with session_factory(engine)() as session:
        (link,) = (await session.execute(select(ConsoleLink))).scalars()
    assert token not in link.token_hash and link.user_id == ADMIN  # only the hash is kept
    assert link.expires_at == clock.now + timedelta(minutes=10)

    signed = await auth.redeem(token, lang="en")
    assert isinstance(signed, SignIn) and signed.user_id == ADMIN
    assert signed.expires_at == clock.now + timedelta(hours=8)
    assert await auth.redeem(token) is LinkRefusal.USED
    assert await auth.redeem("not-a-token") is LinkRefusal.UNKNOWN

    me = await auth.session(signed.session_id)
    assert me is not None and (me.user_id, me.role, me.lang) == (ADMIN, Role.ADMIN, "en")
    async with session_factory(engine)() as session:
        (row,) = (await session.execute(select(ConsoleSession))).scalars()
        actions = [r.action for r in (await session.execute(select(StaffAudit))).scalars()]
    assert row.session_hash != signed.session_id
    assert actions == ["console_link", "console_signin"]


async def test_two_racing_requests_get_one_session(engine: AsyncEngine) -> None:
    auth, _, _ = make(engine)
    token = await auth.create_link(ADMIN)
    assert token
    results = await asyncio.gather(*(auth.redeem(token) for _ in range(5)))
    assert sum(isinstance(r, SignIn) for r in results) == 1
    assert [r for r in results if not isinstance(r, SignIn)] == [LinkRefusal.USED] * 4


async def test_a_link_expires_after_ten_minutes(engine: AsyncEngine) -> None:
    auth, _, clock = make(engine)
    token = await auth.create_link(ADMIN)
    assert token
    clock.now += timedelta(minutes=10)
    assert await auth.redeem(token) is LinkRefusal.EXPIRED
    clock.now -= timedelta(seconds=1)  # it was never used: still good just before
    assert isinstance(await auth.redeem(token), SignIn)


async def test_only_staff_get_links_and_sessions(engine: AsyncEngine) -> None:
    auth, staff, _ = make(engine)
    assert await auth.create_link(EDITOR) is None
    await staff.add(EDITOR, Role.EDITOR, actor="tg:1", source=Source.WEB)
    token = await auth.create_link(EDITOR)
    assert token
    signed = await auth.redeem(token)
    assert isinstance(signed, SignIn)
    me = await auth.session(signed.session_id)
    assert me is not None and me.role is Role.EDITOR

    await staff.add(EDITOR, Role.VIEWER, actor="tg:1", source=Source.WEB)
    me = await auth.session(signed.session_id)  # the role is read on every request
    assert me is not None and me.role is Role.VIEWER
    await staff.remove(EDITOR, actor="tg:1", source=Source.WEB)
    assert await auth.session(signed.session_id) is None  # access lost at once

    await staff.add(EDITOR, Role.EDITOR, actor="tg:1", source=Source.WEB)
    late = await auth.create_link(EDITOR)
    assert late
    await staff.remove(EDITOR, actor="tg:1", source=Source.WEB)
    assert await auth.redeem(late) is LinkRefusal.NOT_STAFF


async def test_sessions_expire_end_and_keep_the_language(engine: AsyncEngine) -> None:
    auth, _, clock = make(engine)
    token = await auth.create_link(ADMIN)
    assert token
    signed = await auth.redeem(token)
    assert isinstance(signed, SignIn)
    await auth.set_lang(signed.session_id, "en")
    me = await auth.session(signed.session_id)
    assert me is not None and me.lang == "en"
    assert await auth.session("") is None and await auth.session("forged") is None

    clock.now += timedelta(hours=8)
    assert await auth.session(signed.session_id) is None

    clock.now -= timedelta(hours=1)
    assert await auth.session(signed.session_id) is not None
    await auth.sign_out(signed.session_id)
    assert await auth.session(signed.session_id) is None


async def test_old_links_and_sessions_are_purged(engine: AsyncEngine) -> None:
    auth, _, clock = make(engine)
    old = await auth.create_link(ADMIN)
    assert old
    clock.now += timedelta(days=2)
    await auth.create_link(ADMIN)
    async with session_factory(engine)() as session:
        links = list((await session.execute(select(ConsoleLink))).scalars())
    assert len(links) == 1


def test_csrf_token_belongs_to_the_session() -> None:
    auth = ConsoleAuth(None, None, b"k" * 32)  # type: ignore[arg-type]
    token = auth.csrf_token("session-a")
    assert token == auth.csrf_token("session-a") != auth.csrf_token("session-b")
    assert auth.csrf_ok("session-a", token)
    assert not auth.csrf_ok("session-b", token)
    assert not auth.csrf_ok("", auth.csrf_token(""))
    assert not auth.csrf_ok("session-a", "")
