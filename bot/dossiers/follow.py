"""Following a dossier: a look-up for the baseline status, then a subscription (tracking).

On a portal that needs the owner's ID number, the number of the user's last look-up of the
same dossier is used (kept encrypted in the database); otherwise the bot asks for it and
the answer comes back through :meth:`DossierFollowing.with_owner`. The number is stored in
the subscription only encrypted (``Privacy.encrypt``) and erased when it ends.

The portal's error policy differs from a look-up in one place: when the portal cannot be
reached, or does not answer within ``LOOKUP_DEADLINE_S`` (bot/dossiers/lookup.py), the
dossier is followed anyway (without a baseline, which the poller sets later); an unknown or
invalid code is refused.
"""

from __future__ import annotations

import logging

from bot.db.privacy import Privacy
from bot.dossiers.dialogue import Dialogue
from bot.dossiers.lookup import LOOKUP_DEADLINE_S, failure_of, fetch_dossier, owner_ask_of
from bot.dossiers.results import (
    Followed,
    FollowReply,
    LookupFailed,
    MalformedCode,
    MyDossiers,
    NotACode,
    OwnerAsk,
    OwnerIdNeeded,
    Unfollowed,
)
from bot.portal.adapters.base import PortalAdapter, normalize_owner_id
from bot.portal.codes import CodeProblem, DossierCode, InvalidDossierCode
from bot.portal.errors import DossierNotFound, OwnerVerificationRequired, PortalError
from bot.portal.models import Dossier
from bot.tracking.service import Tracking

log = logging.getLogger(__name__)


class DossierFollowing:
    """/follow, the card's 🔔, /mine and /unfollow for one user at a time."""

    def __init__(
        self,
        portal: PortalAdapter,
        tracking: Tracking,
        dialogue: Dialogue,
        privacy: Privacy,
        *,
        deadline: float = LOOKUP_DEADLINE_S,
    ) -> None:
        self._portal = portal
        self._deadline = deadline
        self._tracking = tracking
        self._dialogue = dialogue
        self._privacy = privacy

    async def follow(
        self,
        user_id: int,
        parsed: DossierCode | CodeProblem | None,
        *,
        owner_encrypted: bytes | None = None,
    ) -> FollowReply:
        """Look the dossier up (for the baseline status) and follow it."""
        if parsed is None:
            return NotACode()
        if isinstance(parsed, CodeProblem):
            return MalformedCode(parsed)
        code = parsed
        needs_owner = self._portal.requires_owner_id
        if needs_owner and owner_encrypted is None:
            owner_encrypted = await self._dialogue.remembered_owner(user_id, code.code)
        if needs_owner and owner_encrypted is None:
            await self._dialogue.await_owner_id(user_id, code, follow=True)
            return OwnerIdNeeded(code, OwnerAsk.FIRST, follow=True)
        owner = self._privacy.decrypt(owner_encrypted) if owner_encrypted else None
        dossier: Dossier | None = None
        try:
            dossier = await fetch_dossier(self._portal, code.code, owner, deadline=self._deadline)
        except OwnerVerificationRequired as exc:
            await self._dialogue.await_owner_id(user_id, code, follow=True)
            return OwnerIdNeeded(code, owner_ask_of(exc), follow=True)
        except (DossierNotFound, InvalidDossierCode) as exc:
            return LookupFailed(code, failure_of(exc), None)
        except PortalError as exc:  # portal down: follow anyway, the poller sets the baseline
            log.info("follow without a baseline: %s", type(exc).__name__)
        key = dossier.code if dossier is not None else code.code
        result = await self._tracking.follow(
            user_id, key, dossier, owner_id_encrypted=owner_encrypted
        )
        return Followed(key, result.status, result.count, result.limit, dossier)

    async def with_owner(self, user_id: int, code: DossierCode, owner_id: str) -> FollowReply:
        """The owner's ID number arrived for a pending follow of `code`."""
        try:
            clean = normalize_owner_id(owner_id)
        except OwnerVerificationRequired as exc:
            await self._dialogue.await_owner_id(user_id, code, follow=True)
            return OwnerIdNeeded(code, owner_ask_of(exc), follow=True)
        encrypted = self._privacy.encrypt(clean)
        return await self.follow(user_id, code, owner_encrypted=encrypted)

    async def mine(self, user_id: int) -> MyDossiers:
        config = self._tracking.config
        items = await self._tracking.mine(user_id)
        return MyDossiers(tuple(items), config.max_per_user, config.end_after)

    async def unfollow(
        self,
        user_id: int,
        *,
        parsed: DossierCode | CodeProblem | None = None,
        text: str = "",
        subscription_id: int | None = None,
    ) -> Unfollowed:
        """Stop following one dossier: by subscription id (a button) or by code (typed)."""
        if subscription_id is not None:
            removed = await self._tracking.unfollow(user_id, subscription_id=subscription_id)
        else:
            # A code as the portal spells it, else the text as typed (an opaque code).
            key = parsed.code if isinstance(parsed, DossierCode) else text
            removed = await self._tracking.unfollow(user_id, code=key)
        return Unfollowed(removed)
