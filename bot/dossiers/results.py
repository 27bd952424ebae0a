"""What the dossier use cases answer: typed results that an adapter renders and nothing more.

A look-up ends in one of :data:`LookupResult`, following in one of :data:`FollowReply`; a
message the bot was waiting for is first recognised (:class:`AwaitedAnswer`) so the adapter
can delete an ID number from the chat *before* the portal is asked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum

from bot.portal.codes import CodeProblem, DossierCode
from bot.portal.models import Dossier
from bot.tracking.subscriptions import FollowStatus, SubscriptionInfo


class OwnerAsk(StrEnum):
    """Why the bot asks for the owner's ID number."""

    #: The portal only answers with it; nothing was sent yet.
    FIRST = "first"
    #: The portal refused without it, or the text was no ID number.
    REQUIRED = "required"
    #: The number given does not match the dossier's owner.
    MISMATCH = "mismatch"


class Failure(StrEnum):
    """Why the portal gave no dossier; the text key is ``status_err_<value>``."""

    INVALID_CODE = "invalid_code"
    NOT_FOUND = "not_found"
    UNAVAILABLE = "unavailable"
    BAD_RESPONSE = "bad_response"
    AUTH = "auth"
    GENERIC = "generic"

    @property
    def text_key(self) -> str:
        return f"status_err_{self.value}"


@dataclass(frozen=True, slots=True)
class NotACode:
    """The text is no dossier code at all."""


@dataclass(frozen=True, slots=True)
class MalformedCode:
    """The text is almost a code; `problem` says what is wrong with it."""

    problem: CodeProblem


@dataclass(frozen=True, slots=True)
class OwnerIdNeeded:
    """The bot now waits (in the database) for the owner's ID number for `code`."""

    code: DossierCode
    why: OwnerAsk
    #: The ID number is for following the dossier, not only for looking it up.
    follow: bool = False


@dataclass(frozen=True, slots=True)
class LookupFailed:
    """The portal gave no dossier."""

    code: DossierCode
    failure: Failure
    #: The official page to check by hand; None when offering it would not help.
    lookup_url: str | None


@dataclass(frozen=True, slots=True)
class StatusFound:
    """The dossier, for the status card."""

    dossier: Dossier
    lookup_url: str

    @property
    def followable(self) -> bool:
        """Whether the card offers 🔔 (a finished dossier has nothing left to follow)."""
        return not self.dossier.is_closed


@dataclass(frozen=True, slots=True)
class Followed:
    """The outcome of following `code` (followed, already, limit reached, closed)."""

    code: str
    status: FollowStatus
    count: int
    limit: int
    #: None when the portal could not be reached: the poller sets the baseline later.
    dossier: Dossier | None


@dataclass(frozen=True, slots=True)
class MyDossiers:
    """The dossiers a user follows (/mine), and how long a finished one is still followed."""

    items: tuple[SubscriptionInfo, ...]
    limit: int
    end_after: timedelta


@dataclass(frozen=True, slots=True)
class Unfollowed:
    """/unfollow: the code that is no longer followed, None when nothing matched."""

    code: str | None


@dataclass(frozen=True, slots=True)
class AwaitedAnswer:
    """A message taken as the answer to a step the bot was waiting for."""

    #: What the message is the answer to: a dossier code, or the owner's ID number.
    kind: str
    #: The message is the answer to the owner-ID step and holds a personal number (an ID
    #: number, or another one such as a phone number): the adapter deletes it first.
    holds_owner_id: bool
    #: The recognised code (for a code), or the code the ID number is for.
    code: DossierCode | CodeProblem | None
    #: The ID number in canonical form (bot/personal_numbers.py); None when the message
    #: held no usable one. Never stored in plain text, never logged.
    owner_id: str | None = field(default=None, repr=False)
    follow: bool = False


LookupResult = NotACode | MalformedCode | OwnerIdNeeded | LookupFailed | StatusFound
FollowReply = NotACode | MalformedCode | OwnerIdNeeded | LookupFailed | Followed
