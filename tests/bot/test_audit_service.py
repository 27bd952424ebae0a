"""The staff audit trail: filters (actor, action, source, Vietnamese days), keyset pages,
and details turned into readable lines whatever their shape (SQLite, and PostgreSQL in CI)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.audit import (
    MAX_ITEMS,
    AuditQuery,
    AuditQueryError,
    AuditService,
    DetailLine,
    detail_lines,
)
from bot.db import catalog_store
from bot.db.engine import session_factory
from bot.db.models import StaffAudit
from procedures_catalog.loader import load_bundled

DAY_1 = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)  # 27/11 10:00 in Vietnam
LATE = datetime(2026, 11, 27, 17, 30, tzinfo=UTC)  # 28/11 00:30 in Vietnam


def row(actor: str, action: str, source: str, at: datetime, **detail: object) -> StaffAudit:
    return StaffAudit(actor=actor, action=action, source=source, created_at=at, detail=detail)


async def test_filters_and_pages(engine: AsyncEngine) -> None:
    sessions = session_factory(engine)
    async with sessions.begin() as session:
        session.add_all(
            [
                row("tg:1", "staff.add", "telegram", DAY_1, user="tg:2", role="viewer"),
                row("cli:root", "catalog.import", "cli", DAY_1, version=2),
                row("tg:1", "catalog.edit", "web", LATE, code="1.001"),
                row("tg:2", "catalog.edit", "web", LATE + timedelta(hours=1), code="1.002"),
            ]
        )
    audit = AuditService(sessions)
    everything = await audit.search(AuditQuery())
    assert [e.action for e in everything.entries] == [
        "catalog.edit",
        "catalog.edit",
        "catalog.import",
        "staff.add",
    ]
    assert everything.older is None
    assert everything.entries[0].created_at.tzinfo is not None

    async def actions(**filters: str) -> list[tuple[str, str]]:
        page = await audit.search(AuditQuery.parse(filters))
        return [(e.actor, e.action) for e in page.entries]

    assert await actions(source="web") == [("tg:2", "catalog.edit"), ("tg:1", "catalog.edit")]
    assert await actions(actor="tg:1") == [("tg:1", "catalog.edit"), ("tg:1", "staff.add")]
    assert await actions(action="catalog.import") == [("cli:root", "catalog.import")]
    assert await actions(source="cli", actor="tg:1") == []
    # 28/11 in Vietnam starts at 17:00 UTC on the 27th
    assert len(await actions(first="2026-11-28")) == 2
    assert len(await actions(last="2026-11-27")) == 2
    assert len(await actions(first="2026-11-27", last="2026-11-27", source="telegram")) == 1

    first = await audit.search(AuditQuery(), limit=3)
    assert len(first.entries) == 3 and first.older == first.entries[-1].id
    rest = await audit.search(AuditQuery(), before=first.older, limit=3)
    assert [e.action for e in rest.entries] == ["staff.add"] and rest.older is None

    actors, acts = await audit.choices()
    assert actors == ["cli:root", "tg:1", "tg:2"]
    assert acts == ["catalog.edit", "catalog.import", "staff.add"]


def test_parse_refuses_bad_filters() -> None:
    assert AuditQuery.parse({"source": " web ", "first": "2026-11-01"}) == AuditQuery(
        source="web", first=date(2026, 11, 1)
    )
    for params, key in (
        ({"source": "email"}, "con_audit_err_source"),
        ({"first": "2026-02-30"}, "con_audit_err_date"),
        ({"first": "2026-11-02", "last": "2026-11-01"}, "con_audit_err_order"),
    ):
        with pytest.raises(AuditQueryError) as caught:
            AuditQuery.parse(params)
        assert caught.value.key == key


def test_detail_lines_of_any_shape() -> None:
    detail = {
        "result": "created",
        "version": 7,
        "previous": None,
        "diff": {
            "added": ["1.1", "1.2"],
            "removed": [],
            "changed": {"1.3": ["title", "fees"]},
        },
        "field": {"before": "Cũ", "after": "Mới"},
        "ok": True,
        "long": list(range(MAX_ITEMS + 5)),
        "rows": [{"code": "1.4", "field": "title"}],
    }
    assert detail_lines(detail) == (
        DetailLine(("result",), "created"),
        DetailLine(("version",), "7"),
        DetailLine(("previous",), "—"),
        DetailLine(("diff", "added"), items=("1.1", "1.2")),
        DetailLine(("diff", "removed"), items=()),
        DetailLine(("diff", "changed", "1.3"), items=("title", "fees")),
        DetailLine(("field",), "Cũ → Mới"),
        DetailLine(("ok",), "✓"),
        DetailLine(("long",), items=tuple(str(i) for i in range(MAX_ITEMS)), more=5),
        DetailLine(("rows",), items=("code: 1.4; field: title",)),
    )
    assert detail_lines("plain") == (DetailLine((), "plain"),)
    assert detail_lines({"x": "y" * 1000})[0].value.endswith("…")


async def test_catalog_imports_and_rollbacks_read_well(engine: AsyncEngine) -> None:
    sessions = session_factory(engine)
    procedures = load_bundled()
    await catalog_store.import_catalog(sessions, procedures, author="cli:ops", note="first")
    await catalog_store.import_catalog(sessions, procedures[:-1], author="cli:ops", note="less")
    await catalog_store.rollback(sessions, 1, author="cli:ops")
    page = await AuditService(sessions).search(AuditQuery(actor="cli:ops"))
    assert [(e.action, e.source) for e in page.entries] == [
        ("catalog.rollback", "cli"),
        ("catalog.import", "cli"),
        ("catalog.import", "cli"),
    ]
    rollback = {line.path[0]: line.value for line in page.entries[0].lines}
    assert rollback["restored_from"] == "1" and rollback["previous"] == "2"
    first = {line.path[0]: line.value for line in page.entries[-1].lines}
    assert first["procedures"] == str(len(procedures)) and first["note"] == "first"
