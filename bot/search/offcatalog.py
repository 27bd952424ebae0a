"""What the bot may still say about a question it has no procedure for.

When the search decides ``none`` for a real question ("xin visa đi Nhật", "thủ tục ly hôn
thuận tình"), the bot says plainly that it does not have the procedure. It may add the
*field* (lĩnh vực) the question most likely belongs to, never a guessed procedure, and only
when the weak candidates agree on it: the best one scores at least :data:`FIELD_MIN_SCORE`
and the best :data:`AGREEING` candidates all sit in one field. Stray word overlaps ("xin
visa" against "Cấp giấy phép lái xe") score lower or scatter over several fields, so they
name nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.search.decision import Decision
from bot.search.engine import SearchOutcome
from bot.search.intent import Intent

#: best score a weak candidate needs before its field is named (the decision's
#: clarify_min is 0.5; below about 0.4 the overlap is mostly a shared common word)
FIELD_MIN_SCORE = 0.4

#: how many of the best candidates must share the field
AGREEING = 3

FieldOf = Callable[[str], str | None]


def likely_field(outcome: SearchOutcome, field_of: FieldOf) -> str | None:
    """The field of an off-catalog question, or None when nothing points to one.

    `field_of` maps a procedure code to its field (None when the code is unknown).
    """
    if outcome.decision is not Decision.NONE:
        return None
    if outcome.intent not in (Intent.PROCEDURE, Intent.UNKNOWN) or not outcome.results:
        return None
    best = outcome.results[0]
    if best.score < FIELD_MIN_SCORE:
        return None
    fields = {field_of(r.code) for r in outcome.results[:AGREEING]}
    if len(fields) != 1:
        return None
    return fields.pop() or None
