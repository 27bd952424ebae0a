"""The learning loop: what citizens asked that the bot did not answer well, and what staff
did about it (core: no web or Telegram imports).

* `bot.learning.logread` reads the query log (numbers already masked) for a period: the
  questions that ended in ``none`` or ``clarify`` and the answers that got a 👎.
* `bot.learning.grouping` groups them by similarity (`bot.learning.keys`: normalised words
  without filler phrases; rapidfuzz on the sorted words), with counts, first/last dates and
  example spellings.
* `bot.learning.changes` turns a group into a catalog change: a colloquial name (alias) of
  one procedure, or a staff synonym — stored as a keyword on the procedures whose names
  contain its meaning, so that every staff change is a catalog version (diffed, audited,
  rolled back) and the search reads one source of words.
* `bot.learning.effect` re-runs logged questions on the catalog with and without the change
  (the bot's own search) and counts what would now be answered and which answers change.
* `bot.learning.triage` records each decision (table ``question_triage``): attached,
  synonym, "not ours" with a short reply, dismissed; `bot.learning.replies` is the bot's
  side of "not ours" (a new question close to such a group gets the staff's reply).
* `bot.learning.service.LearningService` ties them together; every change also writes a
  ``staff_audit`` row.
"""

from bot.learning.service import LearningService

__all__ = ["LearningService"]
