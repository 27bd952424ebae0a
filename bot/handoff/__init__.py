"""Hand-off to a person: a citizen's conversation passed to the one-stop centre's staff in a
Telegram support group, one forum topic per conversation (core: no Telegram import).

* `bot.handoff.service.HandoffService`: consent, one open hand-off per citizen, the topic
  it lives in, staff replies, closing, rating, "the bot should know this", waiting lists.
* `bot.office_hours.OfficeHours`: when staff are at their desks.

The Telegram side (forum topics, relaying messages) is in handlers/handoff.py.
"""

from bot.handoff.service import (
    AlreadyOpen,
    HandoffContext,
    HandoffService,
    HandoffView,
    WaitingHandoff,
)

__all__ = ["AlreadyOpen", "HandoffContext", "HandoffService", "HandoffView", "WaitingHandoff"]
