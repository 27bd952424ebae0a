"""`Dossiers`: the one object adapters call for the dossier flow (``services.dossiers``).

Typical calls from an adapter::

    result = await dossiers.check(user_id, read_code(text))       # /status, free text
    awaited = await dossiers.take_answer(user_id, text, private=True)
    if awaited is not None:
        ...delete the message if awaited.holds_owner_id...
        result = await dossiers.answer(user_id, awaited)
    reply = await dossiers.follow(user_id, read_code(text))       # /follow, 🔔
"""

from __future__ import annotations

from bot.db.privacy import Privacy
from bot.dossiers.dialogue import Dialogue
from bot.dossiers.follow import DossierFollowing
from bot.dossiers.lookup import DossierLookup
from bot.dossiers.results import (
    AwaitedAnswer,
    FollowReply,
    LookupResult,
    MyDossiers,
    NotACode,
    OwnerAsk,
    OwnerIdNeeded,
    Unfollowed,
)
from bot.pending import PendingSteps, StepKind
from bot.portal.adapters.base import PortalAdapter
from bot.portal.codes import CodeProblem, DossierCode
from bot.tracking.service import Tracking


class Dossiers:
    """Look-ups, following and the dialogue steps between them, for every adapter."""

    def __init__(
        self,
        *,
        portal: PortalAdapter,
        tracking: Tracking,
        pending: PendingSteps,
        privacy: Privacy,
    ) -> None:
        self.dialogue = Dialogue(pending, privacy)
        self.lookup = DossierLookup(portal, self.dialogue)
        self.following = DossierFollowing(portal, tracking, self.dialogue, privacy)

    async def check(self, user_id: int, parsed: DossierCode | CodeProblem | None) -> LookupResult:
        """Look a code up (or explain why not, or ask for the owner's ID number)."""
        return await self.lookup.check(user_id, parsed)

    async def await_code(self, user_id: int) -> None:
        """The user is about to type a dossier code ("✍️ Nhập mã hồ sơ")."""
        await self.dialogue.await_code(user_id)

    async def take_answer(self, user_id: int, text: str, *, private: bool) -> AwaitedAnswer | None:
        """The message as the code or ID number the bot waits for; None for a question."""
        return await self.dialogue.take_answer(user_id, text, private=private)

    async def answer(self, user_id: int, awaited: AwaitedAnswer) -> LookupResult | FollowReply:
        """Go on with the flow the awaited answer belongs to."""
        code = awaited.code
        if awaited.kind == StepKind.DOSSIER_CODE:
            if not isinstance(code, DossierCode):
                await self.dialogue.await_code(user_id)  # the corrected code is taken too
            return await self.lookup.check(user_id, code)
        if not isinstance(code, DossierCode):
            return NotACode()
        if awaited.owner_id is None:  # a personal number, but no ID number to use: ask again
            await self.dialogue.await_owner_id(user_id, code, follow=awaited.follow)
            return OwnerIdNeeded(code, OwnerAsk.REQUIRED, follow=awaited.follow)
        if awaited.follow:
            return await self.following.with_owner(user_id, code, awaited.owner_id)
        return await self.lookup.with_owner(user_id, code, awaited.owner_id)

    async def follow(self, user_id: int, parsed: DossierCode | CodeProblem | None) -> FollowReply:
        """/follow or 🔔: follow the dossier (asking for the owner's ID number if needed)."""
        return await self.following.follow(user_id, parsed)

    async def mine(self, user_id: int) -> MyDossiers:
        return await self.following.mine(user_id)

    async def unfollow_code(
        self, user_id: int, parsed: DossierCode | CodeProblem | None, text: str
    ) -> Unfollowed:
        """/unfollow CODE."""
        return await self.following.unfollow(user_id, parsed=parsed, text=text)

    async def unfollow_subscription(self, user_id: int, subscription_id: int) -> Unfollowed:
        """❌ in the /unfollow list."""
        return await self.following.unfollow(user_id, subscription_id=subscription_id)
