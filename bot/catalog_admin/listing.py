"""Staff's list of procedures: the served catalog filtered by text, field, level, kind,
unverified facts and review age, sorted and cut into pages.

A :class:`ProcedureIndex` holds the folded search text of every procedure of one catalog
snapshot; :class:`~bot.catalog_admin.service.CatalogAdmin` keeps one per snapshot, so a
request filters about a thousand short strings and nothing is read from the database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from bot.search.normalize import fold
from procedures_catalog.schema import EntryKind, Procedure

PER_PAGE = 50
SORTS = ("code", "title", "reviewed")
#: Review-age choices offered by the page (days); any positive number is accepted.
REVIEW_AGES = (90, 180, 365, 730)


def _int(text: str | None, default: int | None, low: int, high: int) -> int | None:
    try:
        value = int((text or "").strip())
    except ValueError:
        return default
    return value if low <= value <= high else default


def _choice(text: str | None) -> bool | None:
    return {"yes": True, "no": False}.get((text or "").strip())


@dataclass(frozen=True)
class ProcedureQuery:
    """What staff asked for; every part is optional."""

    text: str = ""
    field: str = ""
    level: str = ""
    kind: EntryKind | None = None
    #: True: only procedures with unverified facts; False: only those without
    unverified: bool | None = None
    #: only procedures last reviewed more than this many days ago
    older_than_days: int | None = None
    sort: str = "code"
    page: int = 1
    per_page: int = PER_PAGE

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> ProcedureQuery:
        """Read query-string parameters; a value that makes no sense is ignored."""
        kind = (params.get("kind") or "").strip()
        sort = (params.get("sort") or "").strip()
        return cls(
            text=(params.get("q") or "").strip()[:200],
            field=(params.get("field") or "").strip()[:200],
            level=(params.get("level") or "").strip()[:100],
            kind=EntryKind(kind) if kind in EntryKind._value2member_map_ else None,
            unverified=_choice(params.get("unverified")),
            older_than_days=_int(params.get("age"), None, 1, 36_500),
            sort=sort if sort in SORTS else "code",
            page=_int(params.get("page"), 1, 1, 100_000) or 1,
        )

    def params(self, **changes: object) -> dict[str, str]:
        """The query string of this query (with `changes`), default values left out."""
        query = replace(self, **changes)  # type: ignore[arg-type]
        out = {
            "q": query.text,
            "field": query.field,
            "level": query.level,
            "kind": query.kind.value if query.kind else "",
            "unverified": {True: "yes", False: "no", None: ""}[query.unverified],
            "age": str(query.older_than_days or ""),
            "sort": "" if query.sort == "code" else query.sort,
            "page": "" if query.page == 1 else str(query.page),
        }
        return {key: value for key, value in out.items() if value}

    @property
    def filtered(self) -> bool:
        return bool(
            self.text
            or self.field
            or self.level
            or self.kind
            or self.unverified is not None
            or self.older_than_days
        )


@dataclass(frozen=True)
class ProcedureRow:
    """One line of the list."""

    code: str
    title_vi: str
    title_en: str
    field: str
    levels: tuple[str, ...]
    kind: EntryKind
    unverified: int
    last_reviewed: date
    age_days: int


@dataclass(frozen=True)
class Facet:
    value: str
    count: int


@dataclass(frozen=True)
class ProcedurePage:
    """One page of the filtered list, with the choices of the filters."""

    query: ProcedureQuery
    rows: list[ProcedureRow]
    total: int
    pages: int
    catalog_size: int
    version: int | None
    fields: list[Facet] = field(default_factory=list)
    levels: list[Facet] = field(default_factory=list)


@dataclass(frozen=True)
class _Entry:
    procedure: Procedure
    haystack: str
    title_key: str


def _haystack(p: Procedure) -> str:
    parts = [p.code, p.title.vi, p.title.en, p.field, p.agency, *p.aliases, *p.keywords]
    return fold(" ".join(parts))


class ProcedureIndex:
    """The folded text of one catalog's procedures, for filtering without the database."""

    def __init__(self, procedures: Sequence[Procedure], version: int | None = None) -> None:
        self.version = version
        self._entries = [_Entry(p, _haystack(p), fold(p.title.vi)) for p in procedures]
        self._fields = Counter(p.field for p in procedures)
        self._levels = Counter(level for p in procedures for level in p.level)

    def __len__(self) -> int:
        return len(self._entries)

    def _matches(self, entry: _Entry, query: ProcedureQuery, words: list[str], today: date) -> bool:
        p = entry.procedure
        if query.field and p.field != query.field:
            return False
        if query.level and query.level not in p.level:
            return False
        if query.kind is not None and p.kind is not query.kind:
            return False
        if query.unverified is not None and bool(p.unverified) is not query.unverified:
            return False
        if query.older_than_days and (today - p.last_reviewed).days <= query.older_than_days:
            return False
        return all(word in entry.haystack for word in words)

    def select(self, query: ProcedureQuery, today: date) -> ProcedurePage:
        words = fold(query.text).split()
        found = [e for e in self._entries if self._matches(e, query, words, today)]
        if query.sort == "title":
            found.sort(key=lambda e: (e.title_key, e.procedure.code))
        elif query.sort == "reviewed":
            found.sort(key=lambda e: (e.procedure.last_reviewed, e.procedure.code))
        else:
            found.sort(key=lambda e: e.procedure.code)
        pages = max(1, -(-len(found) // query.per_page))
        page = min(query.page, pages)
        start = (page - 1) * query.per_page
        rows = [_row(e.procedure, today) for e in found[start : start + query.per_page]]
        return ProcedurePage(
            query=replace(query, page=page),
            rows=rows,
            total=len(found),
            pages=pages,
            catalog_size=len(self._entries),
            version=self.version,
            fields=[Facet(v, n) for v, n in sorted(self._fields.items())],
            levels=[Facet(v, n) for v, n in sorted(self._levels.items())],
        )


def _row(p: Procedure, today: date) -> ProcedureRow:
    return ProcedureRow(
        code=p.code,
        title_vi=p.title.vi,
        title_en=p.title.en,
        field=p.field,
        levels=tuple(p.level),
        kind=p.kind,
        unverified=len(p.unverified),
        last_reviewed=p.last_reviewed,
        age_days=(today - p.last_reviewed).days,
    )
