"""Record what the bot answered to each question, for feedback and the staff reports.

`SearchLog` is built once in `bot.services.build_services` on the batched writer of
``query_log`` rows (`Services.query_log`, a `GroupCommit`). The user id is hashed and
ID/phone numbers are masked before the row is written (`bot.search.querylog.log_row`).
"""

from __future__ import annotations

import logging

from bot.db.group_commit import GroupCommit
from bot.db.models import QueryLog
from bot.db.privacy import Privacy
from bot.outage import DATABASE_ERRORS, OutageLog
from bot.search.engine import SearchOutcome
from bot.search.querylog import log_row

log = logging.getLogger(__name__)


class SearchLog:
    def __init__(self, rows: GroupCommit[QueryLog, int], privacy: Privacy) -> None:
        self._rows = rows
        self._privacy = privacy
        self._outage = OutageLog(
            log,
            "could not record the search outcome",
            "search outcomes are recorded again",
            level=logging.ERROR,
        )

    async def record(self, outcome: SearchOutcome, user_id: int) -> int | None:
        """The ``query_log`` row id of the outcome; None when it could not be written.

        A failed write is logged (once while the database is down), not raised: the answer
        is in memory and is given anyway (feedback on it is then stored without the
        question)."""
        row = log_row(outcome, user_hash=self._privacy.user_hash(user_id))
        try:
            row_id = await self._rows.submit(row)
        except DATABASE_ERRORS as exc:  # logged once per outage, not once per question
            self._outage.failed(exc)
            return None
        self._outage.succeeded()
        return row_id
