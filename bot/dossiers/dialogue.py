"""What the bot waits for in the dossier flow, kept in the database (bot/pending.py).

* After "✍️ Nhập mã hồ sơ" (or the menu's "📋 Tra cứu hồ sơ") the next code-like message is
  taken as the dossier code.
* When a portal needs the owner's ID number, the next message in the private chat that holds
  a personal number (bot/personal_numbers.py: any spelling, "038-095-001-234" too) ends
  the step, for the code (and the follow flag) kept in the step's payload: the whole
  message as one ID number, or the one ID number in a sentence, is used; a message with
  only other personal numbers (a phone number) is still deleted, and the ID is asked again.
* After a look-up with an ID number, that number is kept — encrypted with
  ``Privacy.encrypt`` — so the card's 🔔 button can follow the dossier without asking again.

Every instance reads the same rows, so the question may be asked by one and answered on
another. Ordinary messages cost no database read: only a message that looks like the
answer (a code's share of digits, a personal number) is checked against the step.
"""

from __future__ import annotations

from bot.db.privacy import Privacy
from bot.dossiers.codes import code_from_payload, code_to_payload, read_code
from bot.dossiers.results import AwaitedAnswer
from bot.pending import PendingSteps, StepKind
from bot.personal_numbers import (
    OWNER_ID_KINDS,
    find_personal_numbers,
    holds_personal_number,
    normalise_owner_id,
)
from bot.portal.adapters.base import normalize_owner_id
from bot.portal.codes import DossierCode
from bot.portal.errors import OwnerVerificationRequired

# A message that may be the code the bot waits for: short, with a code's share of digits.
CODE_REPLY_MAX_WORDS = 8
CODE_REPLY_MIN_DIGITS = 6


def may_be_code(text: str) -> bool:
    digits = sum(ch.isdigit() for ch in text)
    return digits >= CODE_REPLY_MIN_DIGITS and len(text.split()) <= CODE_REPLY_MAX_WORDS


def owner_id_candidate(text: str) -> str | None:
    """The owner's ID number in `text` (canonical): the whole message as one ID card, tax
    code or passport number, or else the only such number in a sentence."""
    whole = normalise_owner_id(text)
    if whole is not None:
        return whole
    found = {n.value for n in find_personal_numbers(text) if n.kind in OWNER_ID_KINDS}
    return found.pop() if len(found) == 1 else None


class Dialogue:
    """The dossier flow's pending steps for one bot (all instances share the rows)."""

    def __init__(self, pending: PendingSteps, privacy: Privacy) -> None:
        self._pending = pending
        self._privacy = privacy

    async def await_code(self, user_id: int) -> None:
        """Take the user's next code-like message as a dossier code."""
        await self._pending.expect(user_id, StepKind.DOSSIER_CODE)

    async def await_owner_id(self, user_id: int, code: DossierCode, *, follow: bool) -> None:
        """Take the user's next ID-like message as the owner's ID number for `code`."""
        payload = {"code": code_to_payload(code), "follow": follow}
        await self._pending.expect(user_id, StepKind.OWNER_ID, payload=payload)

    async def remember_owner(self, user_id: int, dossier_code: str, owner_id: str) -> None:
        """Keep the ID number of a successful look-up, encrypted, for the card's 🔔."""
        try:
            clean = normalize_owner_id(owner_id)
        except OwnerVerificationRequired:
            return
        await self._pending.expect(
            user_id,
            StepKind.FOLLOW_OWNER,
            payload={"code": dossier_code.upper()},
            secret=self._privacy.encrypt(clean),
        )

    async def remembered_owner(self, user_id: int, code: str) -> bytes | None:
        """The encrypted ID number of the last look-up, if it was for `code`."""
        step = await self._pending.current(user_id)
        if step is None or step.kind != StepKind.FOLLOW_OWNER or step.secret is None:
            return None
        return step.secret if step.payload.get("code") == code.upper() else None

    async def take_answer(self, user_id: int, text: str, *, private: bool) -> AwaitedAnswer | None:
        """The message as the answer the bot waits for, or None (then it is a question).

        The step is ended here, once, whichever instance gets the message. An ID number is
        only taken in the private chat; there any message holding a personal number ends
        the owner-ID step (and is deleted), with or without an ID number to use.
        """
        owner_id = owner_id_candidate(text) if private else None
        personal = owner_id is not None or (private and holds_personal_number(text))
        kinds = [StepKind.OWNER_ID] if personal else []
        if may_be_code(text):
            kinds.append(StepKind.DOSSIER_CODE)
        if not kinds:
            return None  # no database read for ordinary questions
        step = await self._pending.take(user_id, *kinds)
        if step is None:
            return None
        if step.kind == StepKind.DOSSIER_CODE:
            return AwaitedAnswer(StepKind.DOSSIER_CODE, holds_owner_id=False, code=read_code(text))
        # A payload that is not a code (never written by this version) leaves `code` None:
        # the ID number is still deleted, and the user is told the code is not understood.
        # `owner_id` is None for a message with no usable ID number: deleted, asked again.
        code = code_from_payload(step.payload.get("code"))
        follow = bool(step.payload.get("follow"))
        return AwaitedAnswer(
            StepKind.OWNER_ID, holds_owner_id=True, code=code, owner_id=owner_id, follow=follow
        )
