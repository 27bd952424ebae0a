"""The staff audit trail: who changed what, when, from where, with the change itself.

Core (no web imports). Every change to the catalog or the staff list writes a ``staff_audit``
row (actor ``tg:<id>`` or the CLI user, action such as ``catalog.import``, source ``web``,
``cli`` or ``telegram``, and a JSON ``detail``: for catalog imports and rollbacks the versions
involved and a summary of the diff). :class:`AuditService` lists the rows newest first,
filtered by actor, action, source and Vietnamese date range, a page at a time (keyset on the
id, so a page costs the same however deep), and turns each ``detail`` into
:class:`DetailLine` s a page can show without knowing the shape of every action's detail:
nested keys become a path, lists become items (the first :data:`MAX_ITEMS`, then a count),
``{"before": …, "after": …}`` becomes ``before → after``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import InstrumentedAttribute

from bot.db.models import StaffAudit
from bot.staff import Source
from bot.stats import vn_period

#: Where a change was made (``staff_audit.source``).
SOURCES: tuple[str, ...] = tuple(source.value for source in Source)
PAGE_SIZE = 50
#: Items of a list shown before "and N more"; characters of a value shown.
MAX_ITEMS = 20
MAX_CHARS = 300
_PAIRS = (("before", "after"), ("old", "new"), ("from", "to"))


class AuditQueryError(ValueError):
    """A filter the audit page refuses; ``key`` names the text shown to staff."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True, slots=True)
class AuditQuery:
    """Filters; an empty string or None means "any"."""

    actor: str = ""
    action: str = ""
    source: str = ""
    first: date | None = None
    last: date | None = None

    @classmethod
    def parse(cls, params: Mapping[str, str]) -> AuditQuery:
        """The filters of a GET form (``actor``, ``action``, ``source``, ``first``, ``last``)."""
        source = params.get("source", "").strip()
        if source and source not in SOURCES:
            raise AuditQueryError("con_audit_err_source")
        try:
            first = date.fromisoformat(params["first"]) if params.get("first") else None
            last = date.fromisoformat(params["last"]) if params.get("last") else None
        except ValueError as exc:
            raise AuditQueryError("con_audit_err_date") from exc
        if first and last and first > last:
            raise AuditQueryError("con_audit_err_order")
        return cls(
            actor=params.get("actor", "").strip()[:100],
            action=params.get("action", "").strip()[:50],
            source=source,
            first=first,
            last=last,
        )

    def where(self, statement: Select[Any]) -> Select[Any]:
        if self.actor:
            statement = statement.where(StaffAudit.actor == self.actor)
        if self.action:
            statement = statement.where(StaffAudit.action == self.action)
        if self.source:
            statement = statement.where(StaffAudit.source == self.source)
        if self.first:
            since, _ = vn_period(self.first, self.first)
            statement = statement.where(StaffAudit.created_at >= since)
        if self.last:
            _, until = vn_period(self.last, self.last)
            statement = statement.where(StaffAudit.created_at < until)
        return statement


@dataclass(frozen=True, slots=True)
class DetailLine:
    """One readable line of a detail: ``path`` (keys from the top), a value or items."""

    path: tuple[str, ...]
    value: str = ""
    items: tuple[str, ...] = ()
    more: int = 0  # items left out


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    actor: str
    action: str
    source: str
    created_at: datetime
    lines: tuple[DetailLine, ...]


@dataclass(frozen=True, slots=True)
class AuditPage:
    entries: tuple[AuditEntry, ...]
    #: ``before`` for the next (older) page; None on the last page.
    older: int | None


def _short(text: str) -> str:
    return text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 1] + "…"


def _scalar(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, Mapping):
        return _short("; ".join(f"{k}: {_scalar(v)}" for k, v in value.items()))
    if isinstance(value, list | tuple):
        return _short(", ".join(_scalar(v) for v in value))
    return _short(str(value))


def _pair(value: Mapping[str, Any]) -> tuple[Any, Any] | None:
    for old, new in _PAIRS:
        if set(value) == {old, new}:
            return value[old], value[new]
    return None


def detail_lines(detail: Any, path: tuple[str, ...] = ()) -> tuple[DetailLine, ...]:
    """A detail as readable lines (see the module docstring); never raises."""
    if isinstance(detail, Mapping):
        pair = _pair(detail)
        if pair is not None and path:
            return (DetailLine(path, f"{_scalar(pair[0])} → {_scalar(pair[1])}"),)
        lines: list[DetailLine] = []
        for key, value in detail.items():
            lines.extend(detail_lines(value, (*path, str(key))))
        return tuple(lines)
    if isinstance(detail, list | tuple):
        items = tuple(_scalar(item) for item in detail[:MAX_ITEMS])
        return (DetailLine(path, items=items, more=max(0, len(detail) - MAX_ITEMS)),)
    return (DetailLine(path, _scalar(detail)),)


def _entry(row: StaffAudit) -> AuditEntry:
    created = row.created_at
    return AuditEntry(
        id=row.id,
        actor=row.actor,
        action=row.action,
        source=row.source or "",
        created_at=created.replace(tzinfo=created.tzinfo or UTC),
        lines=detail_lines(row.detail or {}),
    )


async def search_audit(
    session: AsyncSession, query: AuditQuery, *, before: int | None = None, limit: int = PAGE_SIZE
) -> AuditPage:
    """Rows matching ``query``, newest first, with ids below ``before``."""
    statement = query.where(select(StaffAudit))
    if before is not None:
        statement = statement.where(StaffAudit.id < before)
    rows = (await session.scalars(statement.order_by(StaffAudit.id.desc()).limit(limit + 1))).all()
    entries = tuple(_entry(row) for row in rows[:limit])
    return AuditPage(entries, entries[-1].id if len(rows) > limit else None)


async def _distinct(session: AsyncSession, column: InstrumentedAttribute[str]) -> list[str]:
    values = await session.scalars(select(column).distinct().order_by(column))
    return [str(value) for value in values]


class AuditService:
    """The audit trail for the console; built once in ``build_services``."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def search(
        self, query: AuditQuery, *, before: int | None = None, limit: int = PAGE_SIZE
    ) -> AuditPage:
        async with self._sessions() as session:
            return await search_audit(session, query, before=before, limit=limit)

    async def choices(self) -> tuple[Sequence[str], Sequence[str]]:
        """The actors and the actions that occur, for the filter's lists."""
        async with self._sessions() as session:
            return (
                await _distinct(session, StaffAudit.actor),
                await _distinct(session, StaffAudit.action),
            )
