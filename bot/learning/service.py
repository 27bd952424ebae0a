"""The learning loop's use cases: list groups, preview and make changes, decide.

:class:`LearningService` is built once in `bot.services.build_services`; the console page
and the bot use it (the bot only through :attr:`LearningService.replies`). Every method owns
its session. A catalog change goes through `bot.db.catalog_store.import_catalog` as a new
version (author, note, origin), refused when another version became current since the
preview; then the group's decision row and a ``staff_audit`` row are written together.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.catalog import CatalogService
from bot.db import catalog_store as store
from bot.db.models import StaffAudit
from bot.learning import logread, triage
from bot.learning.changes import CatalogChange, ChangeError, ChangeKind, ChangePlan, plan_change
from bot.learning.effect import Effect, measure_effect
from bot.learning.grouping import Grouping, QuestionGroup, group_questions
from bot.learning.keys import QuestionKeys, words_of
from bot.learning.replies import NotOursReplies
from bot.learning.triage import TriageAction, TriageRecord
from bot.search.engine import SearchResult
from bot.search.snapshot import CatalogSnapshot
from procedures_catalog.versions import VersionInfo

#: Periods the console offers (days back from now).
PERIODS: tuple[int, ...] = (7, 30, 90, 365)
DEFAULT_DAYS = 30
#: Distinct logged texts re-run by an effect preview besides the group's own: those sharing
#: the rarest words with the change first, then the most asked.
PREVIEW_LIMIT = 120
MAX_REPLY_CHARS = 500
MAX_NOTE_CHARS = 300
VERSION_SOURCE = "console: what citizens asked"


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Preview:
    """A checked change, what it would do, and the catalog version it was computed on."""

    plan: ChangePlan
    effect: Effect
    version: int | None


@dataclass(frozen=True)
class Applied:
    version: VersionInfo
    changed: bool
    decision: TriageRecord


@dataclass(frozen=True)
class Logged:
    """The questions of a period: (text, times asked), most asked first, and their words."""

    rows: list[tuple[str, int]]
    words: dict[str, frozenset[str]]


class LearningService:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        catalog: CatalogService,
        *,
        clock: Callable[[], datetime] = _now,
        keys: QuestionKeys | None = None,
    ) -> None:
        self._sessions = sessions
        self._catalog = catalog
        self._clock = clock
        self._keys = keys or QuestionKeys()
        #: the bot's "not ours" replies (invalidated here when staff decide)
        self.replies = NotOursReplies(sessions, self._keys)
        self._grouped: dict[int, tuple[tuple[Any, ...], Grouping]] = {}
        #: the logged questions of a period and their words, kept like the grouping
        self._logged: dict[int, tuple[tuple[Any, ...], Logged]] = {}

    # --- reading ------------------------------------------------------------------------

    def since(self, days: int) -> datetime:
        """Where a period of `days` days starts: that many days ago, at the full hour (so
        a grouping stays valid for the hour while nothing new is logged)."""
        start = self._clock() - timedelta(days=days)
        return start.replace(minute=0, second=0, microsecond=0)

    async def groups(self, *, days: int = DEFAULT_DAYS) -> Grouping:
        """The open and handled groups of the last `days` days.

        The grouping of a period is kept until a question or feedback is logged, a decision
        changes or the period's start moves to the next hour (checked with two primary-key
        lookups and the small decision table)."""
        since = self.since(days)
        async with self._sessions() as session:
            stamp = await logread.stamp(session)
            decisions = await triage.active(session)
            key = (since, stamp, tuple(d.id for d in decisions))
            kept = self._grouped.get(days)
            if kept is not None and kept[0] == key:
                return kept[1]
            rows = await logread.unanswered_texts(session, since=since)
        grouping = await asyncio.to_thread(group_questions, rows, self._keys, decisions)
        self._grouped[days] = (key, grouping)
        return grouping

    async def find(self, gid: str, *, days: int = DEFAULT_DAYS) -> QuestionGroup | None:
        return (await self.groups(days=days)).find(gid)

    async def snapshot(self) -> CatalogSnapshot:
        """The current catalog (refreshed from the database when a new version exists)."""
        await self._catalog.refresh()
        return self._catalog.current

    async def suggestions(self, group: QuestionGroup, limit: int = 5) -> list[SearchResult]:
        """Procedures the search ranks best for the group's question (to attach it to)."""
        snapshot = await self.snapshot()
        found: dict[str, SearchResult] = {}
        for example in group.examples[:3]:
            for result in snapshot.search(example.text, limit).results:
                found.setdefault(result.code, result)
        return sorted(found.values(), key=lambda r: -r.score)[:limit]

    # --- catalog changes ----------------------------------------------------------------

    async def preview(
        self, group: QuestionGroup, change: CatalogChange, *, days: int = DEFAULT_DAYS
    ) -> Preview:
        """Check `change` and measure its effect on the questions logged in the period."""
        before = await self.snapshot()
        plan = plan_change(change, before.procedures)
        logged = await self._logged_questions(days)
        effect = await asyncio.to_thread(self._measure, before, plan, group, logged)
        return Preview(plan, effect, before.version)

    async def _logged_questions(self, days: int) -> Logged:
        """Every question of the period with its count and words; read again only when
        something new was logged or the period moved (the same check as `groups`)."""
        since = self.since(days)
        async with self._sessions() as session:
            key = (since, await logread.stamp(session))
            kept = self._logged.get(days)
            if kept is not None and kept[0] == key:
                return kept[1]
            rows = await logread.logged_texts(session, since=since)

        def words() -> Logged:
            return Logged(rows, {text: words_of(self._keys.key(text)) for text, _ in rows})

        logged = await asyncio.to_thread(words)
        self._logged[days] = (key, logged)
        return logged

    def _reach(self, phrase: str) -> frozenset[str]:
        """The phrase's content words and, for every bundled synonym group that shares a
        word with it, the words of its canonical phrase and variants (a question saying
        "cmnd" is searched as "căn cước công dân")."""
        words = words_of(self._keys.key(phrase))
        reach = set(words)
        for entry in self._catalog.synonyms:
            group = [words_of(self._keys.key(v)) for v in (entry.canonical, *entry.variants)]
            if any(g & words for g in group):
                reach.update(*group)
        return frozenset(reach)

    def _measure(
        self,
        before: CatalogSnapshot,
        plan: ChangePlan,
        group: QuestionGroup,
        questions: Logged,
    ) -> Effect:
        after = before.patched(plan.procedures)  # only the changed procedures re-analysed
        change_words = self._reach(plan.change.phrase)
        own = {example.text for example in group.texts}
        logged, said = questions.rows, questions.words
        # a word shared with fewer logged questions tells more about who the change reaches
        spread = Counter(word for words in said.values() for word in words & change_words)
        chosen: list[tuple[float, int, str]] = []
        for text, n in logged:
            shared = said[text] & change_words
            if shared and text not in own:
                chosen.append((-sum(1 / spread[w] for w in shared), -n, text))
        chosen.sort()
        counts = dict(logged)
        texts = [(e.text, counts.get(e.text, e.count)) for e in group.texts]
        texts += [(text, -negative) for _, negative, text in chosen[:PREVIEW_LIMIT]]
        return measure_effect(
            before,
            after,
            texts,
            group=own,
            targets=plan.targets,
            logged_questions=sum(n for _, n in logged),
        )

    async def apply(
        self,
        group: QuestionGroup,
        change: CatalogChange,
        *,
        actor: str,
        note: str = "",
        origin: str = "web",
        expected_version: int | None = None,
    ) -> Applied:
        """Make the change a new catalog version and record the group as handled.

        `expected_version`: the version the preview was computed on; when another version
        is current now, :class:`ChangeError` ("con_q_err_moved") asks for a new preview."""
        before = await self.snapshot()
        if expected_version is not None and before.version != expected_version:
            raise ChangeError("con_q_err_moved")
        plan = plan_change(change, before.procedures)
        note = _short(note, MAX_NOTE_CHARS) or _default_note(plan)
        try:
            result = await store.import_catalog(
                self._sessions,
                plan.procedures,
                author=actor,
                note=note,
                source=VERSION_SOURCE,
                origin=origin,
                expected_current=before.version,
            )
        except store.CatalogChangedError:
            raise ChangeError("con_q_err_moved") from None
        action = (
            TriageAction.ATTACH if plan.change.kind is ChangeKind.ATTACH else TriageAction.SYNONYM
        )
        detail: dict[str, Any] = {
            "phrase": plan.change.phrase,
            "targets": list(plan.targets),
            "version": result.version.id,
            "note": note,
        }
        if plan.change.kind is ChangeKind.SYNONYM:
            detail["meaning"] = plan.change.meaning
        record = await self._decide(
            group,
            action,
            actor=actor,
            origin=origin,
            detail=detail,
            procedure_code=plan.targets[0] if action is TriageAction.ATTACH else None,
            catalog_version=result.version.id,
        )
        await self._catalog.refresh()
        return Applied(result.version, result.changed, record)

    # --- decisions without a catalog change ---------------------------------------------

    async def not_ours(
        self,
        group: QuestionGroup,
        *,
        reply_vi: str,
        reply_en: str = "",
        actor: str,
        origin: str = "web",
    ) -> TriageRecord:
        """Mark the group "not a procedure we handle"; the bot gives `reply_vi`/`reply_en`
        to questions that match it closely."""
        vi, en = reply_vi.strip(), reply_en.strip()
        if not vi:
            raise ChangeError("con_q_err_reply")
        if len(vi) > MAX_REPLY_CHARS or len(en) > MAX_REPLY_CHARS:
            raise ChangeError("con_q_err_too_long", limit=MAX_REPLY_CHARS)
        record = await self._decide(
            group,
            TriageAction.NOT_OURS,
            actor=actor,
            origin=origin,
            detail={"reply_vi": vi, "reply_en": en},
            reply_vi=vi,
            reply_en=en,
        )
        self.replies.invalidate()
        return record

    async def dismiss(
        self, group: QuestionGroup, *, actor: str, note: str = "", origin: str = "web"
    ) -> TriageRecord:
        """Hide the group from the list (kept, with who dismissed it and why)."""
        note = _short(note, MAX_NOTE_CHARS)
        return await self._decide(
            group, TriageAction.DISMISS, actor=actor, origin=origin, detail={"note": note}
        )

    async def _decide(
        self,
        group: QuestionGroup,
        action: TriageAction,
        *,
        actor: str,
        origin: str,
        detail: dict[str, Any],
        reply_vi: str = "",
        reply_en: str = "",
        procedure_code: str | None = None,
        catalog_version: int | None = None,
    ) -> TriageRecord:
        """Record the decision on `group` and its audit entry, in one transaction."""
        async with self._sessions.begin() as session:
            record = await triage.add(
                session,
                group_key=group.key,
                action=action,
                members=group.members,
                actor=actor,
                reply_vi=reply_vi,
                reply_en=reply_en,
                procedure_code=procedure_code,
                catalog_version=catalog_version,
            )
            audited = {"group": group.key, "questions": group.count, "decision": record.id}
            session.add(
                StaffAudit(
                    actor=actor,
                    action=f"questions.{action.value}",
                    source=origin,
                    detail={**audited, **detail},
                )
            )
        return record

    async def reopen(self, triage_id: int, *, actor: str, origin: str = "web") -> bool:
        """Withdraw a decision: its group is open again (a "not ours" reply stops). The
        catalog change an attach or synonym made stays; roll the version back for that."""
        async with self._sessions.begin() as session:
            record = await triage.get(session, triage_id)
            if record is None or not await triage.deactivate(session, triage_id):
                return False
            session.add(
                StaffAudit(
                    actor=actor,
                    action="questions.reopen",
                    source=origin,
                    detail={
                        "decision": triage_id,
                        "was": record.action.value,
                        "group": record.group_key,
                    },
                )
            )
        self.replies.invalidate()
        return True


def _short(text: str, limit: int) -> str:
    return " ".join(text.split())[:limit]


def _default_note(plan: ChangePlan) -> str:
    if plan.change.kind is ChangeKind.ATTACH:
        return f"questions: “{plan.change.phrase}” → {plan.targets[0]}"
    return f"questions: synonym “{plan.change.phrase}” = “{plan.change.meaning}”"
