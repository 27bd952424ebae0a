"""Pick the one plain question that tells the offered procedures apart.

When the search asks back, the candidates are often siblings that differ in one thing: the
age of the person ("dưới 14 tuổi" / "từ đủ 14 tuổi"), whether a foreigner is involved, a
first time or a redo, online or at the counter. A person at the counter would ask that one
question instead of reading out official titles. The questions are data
(`procedures_catalog/data/clarify.yaml`, see `procedures_catalog.clarify`); this module
chooses one for a set of offered codes. An attribute fits when

* every offered code is in at most one of its options,
* the offered codes fall into at least two of its options, and
* the best offered code (the first) is one of them: the question never hides the best guess.

Among the attributes that fit, the one covering the most offered codes wins; then the one
covering the better-ranked codes, then the one with fewer options (the more specific
question), then the earlier in the file. None when nothing fits: the list of titles stays.

Options whose codes are all missing from the current catalog are not shown; offered codes
no option covers are returned as `others` (shown as plain titles below the answers).
Pure and immutable; no Telegram.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from procedures_catalog.clarify import ClarifyAttribute, ClarifyOption

Known = Callable[[str], bool]


@dataclass(frozen=True, slots=True)
class ShownOption:
    """An answer to show: its place in the attribute and its codes the catalog has."""

    index: int  # position among the attribute's options (goes into the button data)
    option: ClarifyOption
    codes: tuple[str, ...]  # in file order; at least one


@dataclass(frozen=True, slots=True)
class ClarifyQuestion:
    """The question to ask, the answers to offer and the offered codes it leaves out."""

    attribute: ClarifyAttribute
    options: tuple[ShownOption, ...]
    others: tuple[str, ...] = ()  # offered codes no option covers, best first


def _known_codes(option: ClarifyOption, known: Known | None) -> tuple[str, ...]:
    return tuple(c for c in option.codes if known is None or known(c))


def _fit(
    attribute: ClarifyAttribute, offered: Sequence[str]
) -> tuple[dict[str, int], set[int]] | None:
    """Offered code → option index and the options covered, when the attribute fits."""
    where: dict[str, int] = {}
    for code in offered:
        holders = [i for i, option in enumerate(attribute.options) if code in option.codes]
        if len(holders) > 1:
            return None  # the answer would not tell this code apart
        if holders:
            where[code] = holders[0]
    covered = set(where.values())
    if len(covered) < 2 or offered[0] not in where:
        return None
    return where, covered


def pick(
    attributes: Sequence[ClarifyAttribute],
    offered: Sequence[str],
    known: Known | None = None,
) -> ClarifyQuestion | None:
    """The question for codes `offered` (best first), or None when no attribute fits.

    `known` tells whether the current catalog has a code (default: every code is known);
    offered codes count as known.
    """
    offered = list(dict.fromkeys(offered))
    if len(offered) < 2:
        return None
    chosen = set(offered)

    def is_known(code: str) -> bool:
        return code in chosen or known is None or known(code)

    best: tuple[tuple[int, float, int, int], ClarifyQuestion] | None = None
    for position, attribute in enumerate(attributes):
        fit = _fit(attribute, offered)
        if fit is None:
            continue
        where, _ = fit
        shown = tuple(
            ShownOption(i, option, codes)
            for i, option in enumerate(attribute.options)
            if (codes := _known_codes(option, is_known))
        )
        rank_weight = sum(1.0 / (1 + offered.index(code)) for code in where)
        key = (len(where), rank_weight, -len(shown), -position)
        if best is None or key > best[0]:
            others = tuple(code for code in offered if code not in where)
            best = (key, ClarifyQuestion(attribute, shown, others))
    return best[1] if best is not None else None


class Clarifier:
    """The clarifying attributes of a catalog, looked up by id. Build once; pure."""

    def __init__(self, attributes: Sequence[ClarifyAttribute]) -> None:
        self._attributes = tuple(attributes)
        self._by_id = {a.id: a for a in self._attributes}

    @property
    def attributes(self) -> tuple[ClarifyAttribute, ...]:
        return self._attributes

    def get(self, attribute_id: str) -> ClarifyAttribute | None:
        return self._by_id.get(attribute_id)

    def pick(self, offered: Sequence[str], known: Known | None = None) -> ClarifyQuestion | None:
        """See :func:`pick`; only attributes naming an offered code are considered."""
        wanted = set(offered)
        relevant = [a for a in self._attributes if a.codes & wanted]
        return pick(relevant, offered, known)

    def option_codes(
        self, attribute_id: str, index: int, known: Known | None = None
    ) -> tuple[str, ...] | None:
        """The codes of an answer that the catalog has; None when the answer is unknown
        (the file changed since the button was sent)."""
        attribute = self._by_id.get(attribute_id)
        if attribute is None or not 0 <= index < len(attribute.options):
            return None
        return _known_codes(attribute.options[index], known)
