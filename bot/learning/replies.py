"""Staff-defined "not a procedure we handle" replies, as the bot uses them.

When staff mark a group of questions "not ours" (`bot.learning.service`), the bot answers a
new question that matches the group closely with the staff's short reply instead of its
generic "I don't have this procedure". A question matches when its content key
(`bot.learning.keys`) is one of the group's members, or says all of a member's words and at
most :data:`MAX_EXTRA_WORDS` more ("xin visa đi Nhật Bản" for "xin visa đi Nhật"), or its
sorted words score at least :data:`MATCH_SIMILARITY` (rapidfuzz ``ratio``) against a
member's — stricter than the grouping itself, since a wrong match would hide what the bot
would otherwise say. Only questions
the search could not answer are candidates (:func:`applies`): a confident answer always
wins, so a procedure added to the catalog later is never shadowed by an old reply.

The replies live in the database (``question_triage``); :class:`NotOursReplies` keeps them
in memory and reloads them at most every :data:`RELOAD_SECONDS` (one small query, only when
a question was not answered), or at once after :meth:`~NotOursReplies.invalidate`. When the
database cannot be read, the replies known so far are used and the error is logged.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.learning import triage
from bot.learning.keys import QuestionKeys, comparable, words_of
from bot.learning.triage import TriageAction, TriageRecord
from bot.outage import DATABASE_ERRORS
from bot.render.not_found import render_contacts
from bot.search.decision import Decision
from bot.search.engine import SearchOutcome
from bot.search.intent import Intent
from bot.texts import Lang, Texts
from bot.texts.markup import Html, lines

log = logging.getLogger(__name__)
MATCH_SIMILARITY = 88.0
MAX_EXTRA_WORDS = 2
RELOAD_SECONDS = 30.0


def applies(outcome: SearchOutcome) -> bool:
    """Whether a staff reply may replace the bot's own answer to `outcome`."""
    return outcome.decision is not Decision.ANSWER and outcome.intent in (
        Intent.PROCEDURE,
        Intent.UNKNOWN,
    )


@dataclass(frozen=True)
class _Table:
    exact: dict[str, TriageRecord]
    forms: list[str]
    words: list[frozenset[str]]
    owners: list[TriageRecord]


class NotOursReplies:
    """The active "not ours" decisions, matched against new questions."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        keys: QuestionKeys,
        *,
        reload_seconds: float = RELOAD_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._sessions = sessions
        self._keys = keys
        self._reload = reload_seconds
        self._clock = clock
        self._table: _Table | None = None
        self._loaded_at = 0.0
        self._lock = asyncio.Lock()

    def invalidate(self) -> None:
        """Reload on the next match (called after staff change a decision)."""
        self._table = None

    async def _current(self) -> _Table:
        table = self._table
        if table is not None and self._clock() - self._loaded_at < self._reload:
            return table
        async with self._lock:
            if self._table is not None and self._clock() - self._loaded_at < self._reload:
                return self._table
            try:
                async with self._sessions() as session:
                    records = await triage.active(session, TriageAction.NOT_OURS)
            except DATABASE_ERRORS:  # the bot answers anyway, with what it knew
                log.exception("could not load the staff's 'not ours' replies")
                self._loaded_at = self._clock()
                self._table = table or _Table({}, [], [], [])
                return self._table
            exact: dict[str, TriageRecord] = {}
            forms: list[str] = []
            words: list[frozenset[str]] = []
            owners: list[TriageRecord] = []
            for record in reversed(records):  # the newest decision first
                for member in record.members:
                    exact.setdefault(member, record)
                    forms.append(comparable(member))
                    words.append(words_of(member))
                    owners.append(record)
            self._table = _Table(exact, forms, words, owners)
            self._loaded_at = self._clock()
            return self._table

    async def match(self, text: str) -> TriageRecord | None:
        """The decision whose reply answers `text`, or None."""
        key = self._keys.key(text)
        if not key:
            return None
        table = await self._current()
        if not table.forms:
            return None
        found = table.exact.get(key)
        if found is not None:
            return found
        said = words_of(key)
        for member, owner in zip(table.words, table.owners, strict=True):
            if member <= said and len(said) - len(member) <= MAX_EXTRA_WORDS:
                return owner
        best = process.extractOne(
            comparable(key), table.forms, scorer=fuzz.ratio, score_cutoff=MATCH_SIMILARITY
        )
        return table.owners[best[2]] if best is not None else None

    async def reply_for(self, outcome: SearchOutcome) -> TriageRecord | None:
        """The staff decision for an outcome the search could not answer, if any."""
        if not applies(outcome):
            return None
        return await self.match(outcome.query)


def render_staff_reply(decided: TriageRecord, hotline: str, lang: Lang, texts: Texts) -> Html:
    """The staff's reply (escaped: it is their plain text) and where a person can help."""
    return lines(
        [
            texts.get(lang, "staff_not_ours_reply", reply=decided.reply(lang)),
            Html(),
            render_contacts(hotline, lang, texts),
        ]
    )
