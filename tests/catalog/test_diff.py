"""The diff shown before an import."""

from __future__ import annotations

from procedures_catalog.diff import brief, diff_catalogs, field_changes
from procedures_catalog.report import diff_report
from procedures_catalog.schema import Procedure


def test_added_removed_changed(sample_catalog: list[Procedure]) -> None:
    new = [p.model_copy(deep=True) for p in sample_catalog[1:]]
    permanent = next(p for p in new if p.code == "1.004222")
    permanent.channels[1].fees[0].amount_vnd = 25000
    permanent.documents.pop()
    extra = sample_catalog[0].model_copy(update={"code": "1.999999"})
    diff = diff_catalogs(sample_catalog, [*new, extra])
    assert [p.code for p in diff.added] == ["1.999999"]
    assert [p.code for p in diff.removed] == [sample_catalog[0].code]
    (change,) = diff.changed
    assert change.code == "1.004222" and change.title == "Đăng ký thường trú"
    assert [(c.path, c.old, c.new) for c in change.changes] == [
        ("channels[1].fees[0].amount_vnd", "20000", "25000"),
        ("documents[1]", "{'Giấy tờ chứng minh chỗ ở hợp pháp' …}", "—"),
    ]
    assert diff.unchanged == len(sample_catalog) - 2
    text = diff_report(diff)
    assert "~ 1.004222" in text and "channels[1].fees[0].amount_vnd: 20000 → 25000" in text
    assert "Summary: 1 added, 1 removed, 1 changed, 2 unchanged" in text


def test_no_changes(sample_catalog: list[Procedure]) -> None:
    diff = diff_catalogs(sample_catalog, list(reversed(sample_catalog)))
    assert diff.empty and diff.unchanged == len(sample_catalog)
    assert field_changes(sample_catalog[0], sample_catalog[0]) == []


def test_brief_values_are_short() -> None:
    assert brief("x" * 200).endswith("…") and len(brief("x" * 200)) == 60
    assert brief(None) == "—"
    assert brief([1, 2]) == "[1, 2]"
