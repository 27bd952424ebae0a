"""What a catalog change would do to the answers: re-run logged questions on both catalogs.

:func:`measure_effect` searches each logged text with the current snapshot and with one
with the change applied (`CatalogSnapshot.patched`: the bot's own search, answering exactly
as a full build of the changed catalog, with only the changed procedures analysed again)
and counts, weighted by how often each text was asked, how many questions are answered
before and after, and every answer that changes (before → after, with counts, most
frequent first).

Which texts are re-run is chosen by the caller (`bot.learning.service`): the group's own
questions, and the logged questions that share a word with the change (or with a bundled
synonym group it touches), the rarest shared words first. A change only adds a name or
keyword to some procedures; a question sharing no word with it can only move by the tiny
shift in word rarity, which the preview does not chase. For the same reason a text is
searched on the old catalog only when a changed procedure is among its results on the new
one: a procedure the change does not bring into the results ranked no higher before, and
the rest of the ranking is the same. CPU work of milliseconds per text: run it in a worker
thread.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from bot.search.decision import Decision
from bot.search.engine import SearchOutcome
from bot.search.snapshot import CatalogSnapshot


@dataclass(frozen=True, slots=True, order=True)
class Answer:
    """What the bot does with a question: ``answer`` (with the procedure's code),
    ``clarify`` (asks back) or ``none``."""

    decision: str
    code: str = ""

    @property
    def answered(self) -> bool:
        return self.decision == Decision.ANSWER.value


def answer_of(outcome: SearchOutcome) -> Answer:
    if outcome.decision is Decision.ANSWER and outcome.top is not None:
        return Answer(Decision.ANSWER.value, outcome.top.code)
    if outcome.decision is Decision.CLARIFY:
        return Answer(Decision.CLARIFY.value)
    return Answer(Decision.NONE.value)


@dataclass(frozen=True, slots=True)
class AnswerChange:
    before: Answer
    after: Answer
    count: int  # logged questions
    example: str  # the most asked text among them (numbers masked as logged)


@dataclass(frozen=True)
class Effect:
    """Counts are logged questions (a text asked five times counts five)."""

    #: distinct texts and questions re-run, out of all logged search questions
    rerun_texts: int
    rerun_questions: int
    logged_questions: int
    answered_before: int
    answered_after: int
    #: questions not answered before that are answered after
    newly_answered: int
    changes: tuple[AnswerChange, ...]
    #: the group's own questions, and how many the change answers with a target procedure
    group_questions: int
    group_answered: int

    @property
    def changed(self) -> int:
        return sum(c.count for c in self.changes)


def measure_effect(
    before: CatalogSnapshot,
    after: CatalogSnapshot,
    texts: Sequence[tuple[str, int]],
    *,
    group: Collection[str],
    targets: Collection[str],
    logged_questions: int,
) -> Effect:
    """Re-run `texts` ((text, times asked)) on both snapshots; `group` are the texts of
    the group being handled and `targets` the codes the change gives a new name to."""
    answered_before = answered_after = newly = group_total = group_answered = 0
    moved: Counter[tuple[Answer, Answer]] = Counter()
    example: dict[tuple[Answer, Answer], str] = {}
    for text, n in texts:
        outcome = after.search(text)
        if any(result.code in targets for result in outcome.results):
            old = answer_of(before.search(text))
        else:  # the changed procedures are not in play: the old catalog ranks the same
            old = answer_of(outcome)
        new = answer_of(outcome)
        answered_before += n * old.answered
        answered_after += n * new.answered
        newly += n * (new.answered and not old.answered)
        if text in group:
            group_total += n
            group_answered += n * (new.answered and new.code in targets)
        if old != new:
            moved[old, new] += n
            example.setdefault((old, new), text)
    changes = tuple(
        AnswerChange(old, new, count, example[old, new])
        for (old, new), count in sorted(moved.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    return Effect(
        rerun_texts=len(texts),
        rerun_questions=sum(n for _, n in texts),
        logged_questions=logged_questions,
        answered_before=answered_before,
        answered_after=answered_after,
        newly_answered=newly,
        changes=changes,
        group_questions=group_total,
        group_answered=group_answered,
    )
