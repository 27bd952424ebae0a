"""Looking a dossier up: the portal's error policy and the owner-ID step of a look-up.

=========================================  ===========================================
the portal raises                          the result
=========================================  ===========================================
(nothing: this portal needs the owner ID)  ``OwnerIdNeeded(FIRST)``, before any request
``OwnerMismatch``                          ``OwnerIdNeeded(MISMATCH)``, asked again
``OwnerVerificationRequired``              ``OwnerIdNeeded(REQUIRED)``, asked again
``InvalidDossierCode``                     ``LookupFailed(INVALID_CODE)``
``DossierNotFound``                        ``LookupFailed(NOT_FOUND)``
``PortalUnavailable`` / ``CircuitOpen``    ``LookupFailed(UNAVAILABLE)``
(no answer within ``LOOKUP_DEADLINE_S``)   ``LookupFailed(UNAVAILABLE)``
``PortalBadResponse``                      ``LookupFailed(BAD_RESPONSE)``
``PortalAuthError``                        ``LookupFailed(AUTH)``
=========================================  ===========================================

A citizen waits at most ``LOOKUP_DEADLINE_S`` for the portal, its retries included
(:func:`fetch_dossier`); then the look-up ends as "the portal is not answering", so the
reply reaches the chat within ten seconds. The tracking poller keeps its own timeouts.

A failed look-up always carries the official lookup page. The ID number given for a
successful look-up is kept, encrypted, for the card's 🔔 button (bot/dossiers/dialogue.py).
"""

from __future__ import annotations

import asyncio
import logging

from bot.dossiers.dialogue import Dialogue
from bot.dossiers.results import (
    Failure,
    LookupFailed,
    LookupResult,
    MalformedCode,
    NotACode,
    OwnerAsk,
    OwnerIdNeeded,
    StatusFound,
)
from bot.portal.adapters.base import PortalAdapter
from bot.portal.codes import CodeProblem, DossierCode, InvalidDossierCode
from bot.portal.errors import (
    DossierNotFound,
    OwnerMismatch,
    OwnerVerificationRequired,
    PortalAuthError,
    PortalBadResponse,
    PortalError,
    PortalUnavailable,
)
from bot.portal.models import Dossier

log = logging.getLogger(__name__)

#: Seconds a citizen's look-up may take, retries included; the reply still has to be sent.
LOOKUP_DEADLINE_S = 8.0

_FAILURES: tuple[tuple[type[PortalError], Failure], ...] = (
    (InvalidDossierCode, Failure.INVALID_CODE),
    (DossierNotFound, Failure.NOT_FOUND),
    (PortalUnavailable, Failure.UNAVAILABLE),
    (PortalBadResponse, Failure.BAD_RESPONSE),
    (PortalAuthError, Failure.AUTH),
)


def failure_of(exc: PortalError) -> Failure:
    """The failure a portal error stands for."""
    return next((failure for kind, failure in _FAILURES if isinstance(exc, kind)), Failure.GENERIC)


def owner_ask_of(exc: OwnerVerificationRequired) -> OwnerAsk:
    return OwnerAsk.MISMATCH if isinstance(exc, OwnerMismatch) else OwnerAsk.REQUIRED


async def fetch_dossier(
    portal: PortalAdapter, code: str, owner_id: str | None, *, deadline: float
) -> Dossier:
    """``portal.get_dossier``, given up as :class:`PortalUnavailable` after `deadline` s."""
    try:
        async with asyncio.timeout(deadline):
            return await portal.get_dossier(code, owner_id)
    except TimeoutError:
        raise PortalUnavailable(f"no answer within {deadline:g} s") from None


class DossierLookup:
    """One look-up: a code in, a :data:`LookupResult` out."""

    def __init__(
        self, portal: PortalAdapter, dialogue: Dialogue, *, deadline: float = LOOKUP_DEADLINE_S
    ) -> None:
        self._portal = portal
        self._dialogue = dialogue
        self._deadline = deadline

    async def check(self, user_id: int, parsed: DossierCode | CodeProblem | None) -> LookupResult:
        """Look `parsed` up, or say why it cannot be (asking for the owner ID if needed)."""
        if parsed is None:
            return NotACode()
        if isinstance(parsed, CodeProblem):
            return MalformedCode(parsed)
        if self._portal.requires_owner_id:
            await self._dialogue.await_owner_id(user_id, parsed, follow=False)
            return OwnerIdNeeded(parsed, OwnerAsk.FIRST)
        return await self._fetch(user_id, parsed, None)

    async def with_owner(self, user_id: int, code: DossierCode, owner_id: str) -> LookupResult:
        """The owner's ID number arrived for `code`: use it for this one look-up."""
        return await self._fetch(user_id, code, owner_id)

    async def _fetch(self, user_id: int, code: DossierCode, owner_id: str | None) -> LookupResult:
        lookup_url = self._portal.official_lookup_url(code.code)
        try:
            dossier = await fetch_dossier(
                self._portal, code.code, owner_id, deadline=self._deadline
            )
        except OwnerVerificationRequired as exc:
            await self._dialogue.await_owner_id(user_id, code, follow=False)
            return OwnerIdNeeded(code, owner_ask_of(exc))
        except PortalError as exc:
            log.info("dossier lookup failed: %s", type(exc).__name__)
            return LookupFailed(code, failure_of(exc), lookup_url)
        if owner_id is not None:
            await self._dialogue.remember_owner(user_id, dossier.code, owner_id)
        return StatusFound(dossier, lookup_url)
