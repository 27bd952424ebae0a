"""Staff roles and who a signed-in staff member is (core; no web or Telegram imports).

Roles are ordered: a viewer reads, an editor also changes the catalog and triages
questions, an admin also manages the staff list and rolls the catalog back. Compare them
with ``>=`` (``identity.role >= Role.EDITOR``). In the database a role is its lower-case
name (``staff_members.role``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from bot.texts import Lang


class Role(IntEnum):
    VIEWER = 1
    EDITOR = 2
    ADMIN = 3

    @property
    def label(self) -> str:
        """The stored and typed name: ``viewer``, ``editor``, ``admin``."""
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Role:
        """The role named `value` (any case); ValueError for anything else."""
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown role {value!r} (viewer, editor or admin)") from None


#: The names accepted by `Role.parse`, lowest first.
ROLE_NAMES: tuple[str, ...] = tuple(role.label for role in Role)


def actor_of(user_id: int) -> str:
    """How a Telegram staff member appears as the actor of an audit row."""
    return f"tg:{user_id}"


@dataclass(frozen=True, slots=True)
class StaffIdentity:
    """A signed-in staff member: Telegram user id, role (read from the database on every
    request) and the console language kept in the session."""

    user_id: int
    role: Role
    lang: Lang = "vi"

    @property
    def actor(self) -> str:
        return actor_of(self.user_id)

    def can(self, role: Role) -> bool:
        return self.role >= role
