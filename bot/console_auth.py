"""Sign-in to the staff console with the Telegram identity, no passwords (core).

A staff member sends /console to the bot and gets a one-time link with a random token
(`secrets.token_urlsafe`). Only its SHA-256 is stored, with the user id, and it can be used
once within `LINK_TTL` (a conditional UPDATE marks it used). Using it opens a server-side
session: the cookie holds a random session id, the table its SHA-256, the user id, the
console language and the expiry (`SESSION_TTL`). The role is not kept in the session: it
is read again on every request (`session`), so a removed staff member loses access at
once. The CSRF token of a session is an HMAC of the session id under the secret key.

Link creation, sign-in and sign-out are recorded in ``staff_audit``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db import console_auth as store
from bot.db import staff as staff_store
from bot.roles import StaffIdentity, actor_of
from bot.staff import Source, StaffService
from bot.texts import Lang

LINK_TTL = timedelta(minutes=10)
SESSION_TTL = timedelta(hours=8)
#: Expired links and sessions are deleted this long after they expire.
KEEP_EXPIRED = timedelta(days=1)


class LinkRefusal(StrEnum):
    """Why a sign-in link did not open a session."""

    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"
    NOT_STAFF = "not_staff"


@dataclass(frozen=True, slots=True)
class SignIn:
    """A new session: the id for the cookie (never stored in the clear) and its expiry."""

    session_id: str
    user_id: int
    expires_at: datetime


def _now() -> datetime:
    return datetime.now(UTC)


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


class ConsoleAuth:
    """Links, sessions and CSRF tokens of the staff console. `clock` may be replaced (tests
    move time forward)."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        staff: StaffService,
        secret: bytes,
        *,
        clock: Callable[[], datetime] = _now,
        link_ttl: timedelta = LINK_TTL,
        session_ttl: timedelta = SESSION_TTL,
    ) -> None:
        self._sessions = sessions
        self._staff = staff
        self._secret = secret
        self.clock = clock
        self.link_ttl = link_ttl
        self.session_ttl = session_ttl

    async def create_link(self, user_id: int, *, source: Source = Source.TELEGRAM) -> str | None:
        """A new one-time token for `user_id`, or None when they are not staff."""
        if await self._staff.role_of(user_id) is None:
            return None
        token = secrets.token_urlsafe(32)
        now = self.clock()
        async with self._sessions.begin() as session:
            await store.purge(session, now - KEEP_EXPIRED)
            store.add_link(session, _digest(token), user_id, now, now + self.link_ttl)
            staff_store.record(
                session,
                actor=actor_of(user_id),
                action="console_link",
                source=source.value,
                detail={"expires_in_s": int(self.link_ttl.total_seconds())},
            )
        return token

    async def redeem(self, token: str, *, lang: Lang = "vi") -> SignIn | LinkRefusal:
        """Use the link once: a new session for a staff member, or why it was refused."""
        token_hash = _digest(token)
        now = self.clock()
        async with self._sessions.begin() as session:
            user_id = await store.use_link(session, token_hash, now)
        if user_id is None:
            async with self._sessions() as session:
                row = await store.link(session, token_hash)
            if row is None:
                return LinkRefusal.UNKNOWN
            return LinkRefusal.USED if row.used_at is not None else LinkRefusal.EXPIRED
        if await self._staff.role_of(user_id) is None:
            return LinkRefusal.NOT_STAFF
        session_id = secrets.token_urlsafe(32)
        until = now + self.session_ttl
        async with self._sessions.begin() as session:
            store.add_session(session, _digest(session_id), user_id, lang, now, until)
            staff_store.record(
                session,
                actor=actor_of(user_id),
                action="console_signin",
                source=Source.WEB.value,
                detail={},
            )
        return SignIn(session_id, user_id, until)

    async def session(self, session_id: str) -> StaffIdentity | None:
        """Who holds this session, with their current role; None when the session is
        unknown or expired or the user is no longer staff."""
        if not session_id:
            return None
        async with self._sessions() as session:
            row = await store.live_session(session, _digest(session_id), self.clock())
        if row is None:
            return None
        role = await self._staff.role_of(row.user_id)
        if role is None:
            return None
        lang: Lang = "en" if row.lang == "en" else "vi"
        return StaffIdentity(row.user_id, role, lang)

    async def set_lang(self, session_id: str, lang: Lang) -> None:
        async with self._sessions.begin() as session:
            await store.set_lang(session, _digest(session_id), lang)

    async def sign_out(self, session_id: str) -> None:
        async with self._sessions.begin() as session:
            user_id = await store.end_session(session, _digest(session_id))
            if user_id is not None:
                staff_store.record(
                    session,
                    actor=actor_of(user_id),
                    action="console_signout",
                    source="web",
                    detail={},
                )

    def csrf_token(self, session_id: str) -> str:
        """The session's CSRF token (the same for the whole session)."""
        mac = hmac.new(self._secret, b"console-csrf:" + session_id.encode("utf-8"), "sha256")
        return mac.hexdigest()

    def csrf_ok(self, session_id: str, given: str) -> bool:
        if not session_id or not given:
            return False
        return hmac.compare_digest(self.csrf_token(session_id), given)
