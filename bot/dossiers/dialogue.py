"""What the bot waits for in the dossier flow, kept in the database (bot/pending.py).

* After "✍️ Nhập mã hồ sơ" (or the menu's "📋 Tra cứu hồ sơ") the next code-like message is
  taken as the dossier code.
* When a portal needs the owner's ID number, the next ID-like message in the private chat is
  taken as that number, for the code (and the follow flag) kept in the step's payload.
* After a look-up with an ID number, that number is kept — encrypted with
  ``Privacy.encrypt`` — so the card's 🔔 button can follow the dossier without asking again.

Every instance reads the same rows, so the question may be asked by one and answered on
another. Ordinary messages cost no database read: only a message that looks like the
answer (a code's share of digits, an ID number's shape) is checked against the step.
"""

from __future__ import annotations

import re

from bot.db.privacy import Privacy
from bot.dossiers.codes import code_from_payload, code_to_payload, read_code
from bot.dossiers.results import AwaitedAnswer
from bot.pending import PendingSteps, StepKind
from bot.portal.adapters.base import normalize_owner_id
from bot.portal.codes import DossierCode
from bot.portal.errors import OwnerVerificationRequired

# CCCD (12 digits), old CMND (9), tax code (10 or 13), passport (a letter and 7–8 digits).
OWNER_ID = re.compile(r"^(?:\d{9}|\d{10}|\d{12}|\d{13}|[A-Za-z]\d{7,8})$")
# A message that may be the code the bot waits for: short, with a code's share of digits.
CODE_REPLY_MAX_WORDS = 8
CODE_REPLY_MIN_DIGITS = 6


def may_be_code(text: str) -> bool:
    digits = sum(ch.isdigit() for ch in text)
    return digits >= CODE_REPLY_MIN_DIGITS and len(text.split()) <= CODE_REPLY_MAX_WORDS


def owner_id_candidate(text: str) -> str | None:
    """`text` without spaces and dots when it has the shape of an ID number."""
    candidate = re.sub(r"[\s.]", "", text)
    return candidate if OWNER_ID.match(candidate) else None


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
        only taken in the private chat.
        """
        owner_id = owner_id_candidate(text) if private else None
        kinds = [StepKind.OWNER_ID] if owner_id is not None else []
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
        code = code_from_payload(step.payload.get("code"))
        follow = bool(step.payload.get("follow"))
        return AwaitedAnswer(
            StepKind.OWNER_ID, holds_owner_id=True, code=code, owner_id=owner_id, follow=follow
        )
