"""CatalogAdmin: uploads checked with their problems' places, the diff, a confirmation any
instance can accept; export in each format; history, the diff of two versions, rollback."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.catalog import CatalogService
from bot.catalog_admin import CatalogAdmin, ImportMode, Upload, fingerprint, procedure_form
from bot.catalog_admin.exports import export_bytes
from bot.catalog_admin.uploads import UploadKind
from bot.db import catalog_store as store
from bot.db.engine import session_factory
from bot.db.models import StaffAudit
from bot.search.index_memo import IndexMemo
from bot.texts import Texts
from procedures_catalog.loader import load_catalog, read_catalog
from procedures_catalog.portal.select import Selection
from procedures_catalog.schema import EntryKind, Procedure
from tests.catalog.portal.conftest import make_detail

SAMPLE_DIR = Path(__file__).resolve().parents[1] / "catalog" / "data"
NOW = datetime(2027, 6, 1, 3, 0, tzinfo=UTC)
Sessions = async_sessionmaker[AsyncSession]


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def sample() -> list[Procedure]:
    return load_catalog(SAMPLE_DIR)


@pytest.fixture
def sessions(engine: AsyncEngine) -> Sessions:
    return session_factory(engine)


@pytest.fixture
def clock() -> Clock:
    return Clock()


def _admin(sessions: Sessions, clock: Clock) -> CatalogAdmin:
    catalog = CatalogService(sessions, synonyms=(), memo=IndexMemo(size=4))
    return CatalogAdmin(sessions, catalog, Texts(), b"test-secret", clock=clock)


@pytest.fixture
async def admin(sessions: Sessions, sample: list[Procedure], clock: Clock) -> CatalogAdmin:
    await store.import_catalog(sessions, sample, author="seed", source="test")
    return _admin(sessions, clock)


def _xlsx(procedures: list[Procedure], edit: dict[str, str] | None = None) -> bytes:
    """The catalog as a workbook, with cells overwritten (e.g. {"G3": ""})."""
    data = export_bytes(procedures, "xlsx", "t").data
    if not edit:
        return data
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook["Thủ tục"]
    for cell, value in edit.items():
        sheet[cell] = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


async def test_an_xlsx_with_an_error_shows_its_row_and_column(
    admin: CatalogAdmin, sample: list[Procedure], sessions: Sessions
) -> None:
    data = _xlsx(sample, {"G3": "", "K4": "in_person | mười nghìn | | x"})
    check = await admin.check_upload(
        Upload("danh-muc.xlsx", data), mode=ImportMode.REPLACE, actor="tg:1"
    )
    assert not check.ok and check.diff is None and check.token == ""
    first, second = check.problems
    assert first.file == "danh-muc.xlsx"
    assert first.location == "sheet 'Thủ tục', row 3, column G 'Cấp thực hiện'"
    assert (first.field_path, first.message) == ("level", "required field is missing")
    assert second.location.startswith("sheet 'Thủ tục', row 4, column K 'Phí, lệ phí'")
    assert await store.version_count(sessions) == 1  # nothing written


async def test_a_good_upload_shows_the_diff_and_is_imported_on_confirmation(
    admin: CatalogAdmin, sample: list[Procedure], sessions: Sessions, clock: Clock
) -> None:
    edited = [p.model_copy(deep=True) for p in sample[:2]]
    edited[0].decision = "99/QĐ-TEST"
    check = await admin.check_upload(
        Upload("sua.xlsx", _xlsx(edited)), mode=ImportMode.MERGE, actor="tg:1"
    )
    assert check.ok and check.kind is UploadKind.CATALOG and check.uploaded == 2
    assert check.diff is not None and check.token
    assert (len(check.diff.added), len(check.diff.removed), check.diff.unchanged) == (0, 0, 3)
    (change,) = check.diff.changed
    assert change.code == "1.000894"
    assert [(c.path, c.new) for c in change.changes] == [("decision", "'99/QĐ-TEST'")]

    # another instance (a new CatalogAdmin on the same database) confirms
    other = _admin(sessions, clock)
    outcome = await other.confirm_import(check.token, actor="tg:1", note="từ file")
    assert outcome.error == "" and outcome.result is not None and outcome.result.changed
    version = outcome.result.version
    assert (version.author, version.note, version.source) == (
        "tg:1",
        "từ file",
        "web upload: sua.xlsx",
    )
    assert version.procedure_count == 4  # merged: the two others kept
    served = await other.procedure("1.000894")
    assert served is not None and served.decision == "99/QĐ-TEST"
    async with sessions() as session:
        audit = (await session.execute(select(StaffAudit).order_by(StaffAudit.id.desc()))).scalar()
    assert audit is not None and audit.source == "web"


async def test_a_confirmation_is_refused_when_altered_expired_or_someone_elses(
    admin: CatalogAdmin, sample: list[Procedure], clock: Clock, sessions: Sessions
) -> None:
    edited = sample[0].model_copy(update={"decision": "1/QĐ-X"})
    check = await admin.check_upload(
        Upload("x.xlsx", _xlsx([edited])), mode=ImportMode.MERGE, actor="tg:1"
    )
    blob, mac = check.token.split(".")
    forged = f"{blob[:-4]}AAAA.{mac}"
    assert "altered" in (await admin.confirm_import(forged, actor="tg:1", note="")).error
    assert "someone else" in (await admin.confirm_import(check.token, actor="tg:2", note="")).error
    clock.now = NOW + timedelta(hours=3)
    assert "expired" in (await admin.confirm_import(check.token, actor="tg:1", note="")).error
    assert await store.version_count(sessions) == 1


async def test_a_confirmation_after_the_catalog_changed_shows_the_new_diff(
    admin: CatalogAdmin, sample: list[Procedure], sessions: Sessions
) -> None:
    edited = sample[0].model_copy(update={"decision": "1/QĐ-X"})
    check = await admin.check_upload(
        Upload("x.xlsx", _xlsx([edited])), mode=ImportMode.MERGE, actor="tg:1"
    )
    # meanwhile someone edits another procedure
    other = sample[2]
    saved = await admin.save(
        procedure_form(other) | {"decision": "5/QĐ"},
        code=other.code,
        original=fingerprint(other),
        author="tg:2",
        note="",
    )
    assert saved.ok
    outcome = await admin.confirm_import(check.token, actor="tg:1", note="")
    assert outcome.result is None and outcome.review is not None and outcome.review.stale
    assert [c.code for c in outcome.review.diff.changed] == ["1.000894"]  # type: ignore[union-attr]
    # confirming the new review keeps the other edit
    final = await admin.confirm_import(outcome.review.token, actor="tg:1", note="")
    assert final.result is not None and final.result.changed
    current = await store.current_catalog(sessions)
    assert current is not None
    by_code = {p.code: p for p in current[1]}
    assert by_code["1.000894"].decision == "1/QĐ-X" and by_code[other.code].decision == "5/QĐ"


async def test_replace_mode_removes_what_the_file_does_not_hold(
    admin: CatalogAdmin, sample: list[Procedure]
) -> None:
    keep = [p for p in sample if not p.related]  # no dangling related codes
    yaml_list = "\n".join(
        "- " + json.dumps(p.model_dump(mode="json"), ensure_ascii=False) for p in keep
    )
    check = await admin.check_upload(
        Upload("catalog.yaml", yaml_list.encode()), mode=ImportMode.REPLACE, actor="tg:1"
    )
    assert check.ok and check.diff is not None
    assert {p.code for p in check.diff.removed} == {p.code for p in sample} - {p.code for p in keep}

    broken = yaml_list.replace('"level": ["Cấp xã"]', '"level": []', 1)
    check = await admin.check_upload(
        Upload("catalog.yaml", broken.encode()), mode=ImportMode.REPLACE, actor="tg:1"
    )
    (problem,) = check.problems
    assert problem.file == "catalog.yaml" and problem.location.startswith("line ")
    assert problem.field_path == "level"


async def test_a_zip_of_yaml_files_and_an_unknown_file(
    admin: CatalogAdmin, sample: list[Procedure]
) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted(SAMPLE_DIR.glob("*.yaml")):
            text = path.read_text("utf-8").replace("Thời hạn trả kết quả", "Thời hạn (đã sửa)")
            zipped.writestr(f"catalog/{path.name}", text)
    check = await admin.check_upload(
        Upload("catalog.zip", archive.getvalue()), mode=ImportMode.REPLACE, actor="tg:1"
    )
    assert check.ok and check.files == 4 and check.diff is not None
    assert [c.code for c in check.diff.changed] == ["1.001193"]

    bad = zipfile.ZipInfo("../evil.yaml")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr(bad, "x")
    check = await admin.check_upload(
        Upload("x.zip", archive.getvalue()), mode=ImportMode.MERGE, actor="a"
    )
    assert "unsafe file name" in check.problems[0].message
    check = await admin.check_upload(Upload("x.pdf", b"%PDF-1"), mode=ImportMode.MERGE, actor="a")
    assert "unknown file type" in check.problems[0].message


async def test_the_portals_data_adds_official_entries_never_over_curated_ones(
    admin: CatalogAdmin, sample: list[Procedure], sessions: Sessions
) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        for code in ("9.900001", "1.004222"):  # the second has a curated entry
            detail = make_detail(code)
            zipped.writestr(f"national_portal/details/bo-test/{code}.json", json.dumps(detail))
    check = await admin.check_upload(
        Upload("portal.zip", archive.getvalue()), mode=ImportMode.MERGE, actor="tg:1"
    )
    assert check.ok, check.problems
    assert check.kind is UploadKind.PORTAL and check.skipped_curated == ["1.004222"]
    assert check.diff is not None and [p.code for p in check.diff.added] == ["9.900001"]
    assert check.diff.added[0].kind is EntryKind.OFFICIAL and "Entries built: 2" in check.report
    outcome = await admin.confirm_import(check.token, actor="tg:1", note="")
    assert outcome.result is not None and outcome.result.version.procedure_count == 5

    single = json.dumps(make_detail("9.900002")).encode()
    check = await admin.check_upload(
        Upload("9.900002.json", single), mode=ImportMode.MERGE, actor="a"
    )
    assert (
        check.ok and check.diff is not None and [p.code for p in check.diff.added] == ["9.900002"]
    )


async def test_the_portals_data_is_filtered_like_import_portal(admin: CatalogAdmin) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        for code, level in (("9.900001", "Cấp xã"), ("9.900003", "Cấp bộ")):
            detail = make_detail(code, cap_thuc_hien=level)
            zipped.writestr(f"details/bo-test/{code}.json", json.dumps(detail))
    commune = Selection(frozenset({"Cấp xã"}), citizens=True)
    check = await admin.check_upload(
        Upload("p.zip", archive.getvalue()), mode=ImportMode.MERGE, actor="a", selection=commune
    )
    assert check.ok and check.diff is not None
    assert [p.code for p in check.diff.added] == ["9.900001"]
    assert "left out: 1 level not selected" in check.report
    ministry = Selection(frozenset({"Cấp tỉnh"}))
    check = await admin.check_upload(
        Upload("p.zip", archive.getvalue()), mode=ImportMode.MERGE, actor="a", selection=ministry
    )
    (problem,) = check.problems
    assert "2 left out by the filters: levels Cấp tỉnh" in problem.message


@pytest.mark.parametrize("fmt", ["yaml", "csv", "xlsx"])
async def test_export_in_each_format_reads_back(
    admin: CatalogAdmin, sample: list[Procedure], fmt: str, tmp_path: Path
) -> None:
    exported = await admin.export(fmt)
    assert exported.filename.startswith("catalog-v") and exported.data
    path = tmp_path / exported.filename
    path.write_bytes(exported.data)
    if fmt == "yaml":
        with zipfile.ZipFile(path) as archive:
            archive.extractall(tmp_path / "out")
        path = next((tmp_path / "out").iterdir())
    assert read_catalog(path).procedures == sample


async def test_history_diff_of_any_two_versions_and_rollback(
    admin: CatalogAdmin, sample: list[Procedure], sessions: Sessions
) -> None:
    first = await store.current_version_id(sessions)
    assert first is not None
    target = sample[1]
    saved = await admin.save(
        procedure_form(target) | {"title_en": "Birth registration, edited"},
        code=target.code,
        original=fingerprint(target),
        author="tg:3",
        note="tiêu đề",
    )
    assert saved.version is not None
    second = saved.version.id
    history = await admin.history()
    assert [v.id for v in history] == [second, first] and history[0].is_current

    versions = await admin.diff_versions(first, second)
    assert (versions.old.id, versions.new.id) == (first, second)
    (change,) = versions.diff.changed
    assert change.code == target.code and [c.path for c in change.changes] == ["title.en"]
    assert versions.diff.unchanged == 3
    backwards = await admin.diff_versions(second, first)
    assert backwards.diff.changed[0].changes[0].new == "'Birth registration'"

    exported = await admin.export("csv", version_id=first)
    assert exported.filename == f"catalog-v{first}.csv"
    with pytest.raises(store.UnknownVersionError):
        await admin.diff_versions(first, 999)

    result = await admin.rollback(first, author="tg:1", note="quay lại")
    assert result.changed and result.version.restored_from == first
    served = await admin.procedure(target.code)
    assert served == target
    async with sessions() as session:
        audit = (await session.execute(select(StaffAudit).order_by(StaffAudit.id.desc()))).scalar()
    assert audit is not None and audit.action == "catalog.rollback"
    assert audit.source == "web"
