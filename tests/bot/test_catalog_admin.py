"""CatalogAdmin: list and filter procedures, check an edit form with the files' validator,
preview the card with the bot's renderer, save as a catalog version (run on the
`database_url` fixture, SQLite or PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.catalog import CatalogService
from bot.catalog_admin import CatalogAdmin, ProcedureQuery, fingerprint, procedure_form
from bot.catalog_admin.forms import blank_form, read_form, schema_field_names
from bot.catalog_admin.preview import telegram_to_web
from bot.db import catalog_store as store
from bot.db.engine import session_factory
from bot.db.models import StaffAudit
from bot.search.index_memo import IndexMemo
from bot.texts import Texts
from procedures_catalog.loader import load_bundled, load_catalog
from procedures_catalog.schema import EntryKind, Procedure
from procedures_catalog.validation import validate_record

SAMPLE_DIR = Path(__file__).resolve().parents[1] / "catalog" / "data"
NOW = datetime(2027, 6, 1, 3, 0, tzinfo=UTC)
Sessions = async_sessionmaker[AsyncSession]


@pytest.fixture
def sample() -> list[Procedure]:
    return load_catalog(SAMPLE_DIR)


@pytest.fixture
def sessions(engine: AsyncEngine) -> Sessions:
    return session_factory(engine)


@pytest.fixture
async def admin(sessions: Sessions, sample: list[Procedure]) -> CatalogAdmin:
    await store.import_catalog(sessions, sample, author="seed", source="test")
    catalog = CatalogService(sessions, synonyms=(), memo=IndexMemo(size=4))
    return CatalogAdmin(sessions, catalog, Texts(), b"test-secret", clock=lambda: NOW)


async def _audit(sessions: Sessions) -> list[StaffAudit]:
    async with sessions() as session:
        return list((await session.execute(select(StaffAudit).order_by(StaffAudit.id))).scalars())


# ------------------------------------------------------------------ listing


async def test_lists_the_served_catalog_and_filters_it(admin: CatalogAdmin) -> None:
    page = await admin.procedures(ProcedureQuery())
    assert [r.code for r in page.rows] == ["1.000894", "1.001193", "1.004222", "LOCAL-HT-TIEP-DAN"]
    assert page.total == page.catalog_size == 4 and page.pages == 1
    assert {f.value for f in page.fields} == {"Hộ tịch", "Cư trú", "Khác"}

    async def codes(**params: str) -> list[str]:
        return [r.code for r in (await admin.procedures(ProcedureQuery.from_params(params))).rows]

    assert await codes(q="KHAI SINH") == ["1.001193"]  # folded, any case
    assert await codes(q="khai sinh", field="Cư trú") == []
    assert await codes(field="Hộ tịch") == ["1.000894", "1.001193"]
    assert await codes(level="Cấp tỉnh") == ["LOCAL-HT-TIEP-DAN"]
    assert await codes(unverified="yes") == ["1.001193", "LOCAL-HT-TIEP-DAN"]
    assert set(await codes(unverified="no")) == {"1.000894", "1.004222"}
    assert await codes(kind="official") == []
    assert len(await codes(kind="curated", age="180")) == 4  # reviewed 2026-11-29
    assert await codes(age="365") == []
    assert await codes(kind="nonsense", age="-3", page="x") == await codes()


def test_query_parameters_round_trip() -> None:
    query = ProcedureQuery.from_params(
        {"q": " hộ tịch ", "kind": "official", "unverified": "no", "age": "365", "page": "3"}
    )
    assert query.kind is EntryKind.OFFICIAL and query.unverified is False
    assert query.params(page=1) == {
        "q": "hộ tịch",
        "kind": "official",
        "unverified": "no",
        "age": "365",
    }
    assert ProcedureQuery.from_params(query.params()) == query


async def test_pages_are_cut_and_the_page_number_is_kept_in_range(admin: CatalogAdmin) -> None:
    query = ProcedureQuery(per_page=3, page=9, sort="reviewed")
    page = await admin.procedures(query)
    assert page.pages == 2 and page.query.page == 2 and len(page.rows) == 1


# ------------------------------------------------------------------ the edit form


async def test_an_unchanged_form_reads_back_the_same_procedure(
    admin: CatalogAdmin, sample: list[Procedure]
) -> None:
    for procedure in sample:
        check = await admin.check(procedure_form(procedure), code=procedure.code)
        assert check.problems == [] and check.procedure == procedure, procedure.code


async def test_problems_are_tied_to_their_inputs(
    admin: CatalogAdmin, sample: list[Procedure]
) -> None:
    values = procedure_form(sample[1])
    values.update(
        title_vi="  ",
        online_url="not a url",
        related="1.000894\n9.999999",
        documents="- name: Tờ khai\n  quantity: 1\n- name: Giấy chứng sinh\n  quantity: -2\n",
    )
    check = await admin.check(values, code=sample[1].code)
    assert check.procedure is None and check.previews == []
    by_field = {p.field: p for p in check.problems}
    assert by_field["title_vi"].message == "required field is missing"
    assert by_field["online_url"].message.startswith("invalid URL")
    # the nested YAML: the line inside the text area
    assert by_field["documents"].path == "documents[1].quantity"
    assert by_field["documents"].location == "line 4"
    assert "must not be negative" in by_field["documents"].message
    # catalog-wide: worded like the validator of the files
    values.update(title_vi="Đăng ký khai sinh", online_url="", documents="")
    check = await admin.check(values, code=sample[1].code)
    (problem,) = check.problems
    assert (problem.field, problem.path) == ("related", "related[1]")
    assert problem.message == "related code 9.999999 is not in the catalog"


async def test_broken_yaml_and_a_changed_code_are_reported(
    admin: CatalogAdmin, sample: list[Procedure]
) -> None:
    values = procedure_form(sample[0])
    values["channels"] = "- kind: online\n  fees: [\n"
    check = await admin.check(values, code=sample[0].code)
    (problem,) = check.problems
    assert problem.field == "channels" and "not valid YAML" in problem.message
    values = procedure_form(sample[0]) | {"code": "1.999999"}
    (problem,) = (await admin.check(values, code=sample[0].code)).problems
    assert problem.field == "code" and "cannot be changed" in problem.message
    new = blank_form("2027-06-01") | {"code": "1.004222"}
    check = await admin.check(new, code=None)
    assert any(p.field == "code" and "duplicate code" in p.message for p in check.problems)


def test_one_item_without_its_dash_is_a_list() -> None:
    values = blank_form("2027-06-01") | {"legal_basis": "ref: Luật Hộ tịch\nnote: x\n"}
    record, problems = read_form(values)
    assert problems == [] and record is not None
    assert record.data["legal_basis"] == [{"ref": "Luật Hộ tịch", "note": "x"}]
    assert record.where("legal_basis[0].note") == "line 2"


async def test_the_preview_is_the_bots_card_in_both_languages(
    admin: CatalogAdmin, sample: list[Procedure]
) -> None:
    values = procedure_form(sample[1]) | {
        "title_vi": "Đăng ký khai sinh <mới>",
        "title_en": "Birth registration (new)",
    }
    check = await admin.check(values, code=sample[1].code)
    vi, en = check.previews
    assert (vi.lang, en.lang) == ("vi", "en")
    assert "<b>Đăng ký khai sinh &lt;mới&gt;</b>" in vi.card.html
    assert "<b>Birth registration (new)</b>" in en.card.html
    assert len(vi.sections) == 5 and not vi.card.too_long
    assert all(section.title and section.html for section in vi.sections + en.sections)


def test_telegram_html_becomes_safe_web_html() -> None:
    html, length = telegram_to_web(
        '<b>A</b> &lt;script&gt; <a href="javascript:alert(1)">x</a> <script>bad()</script>'
        "<i>see https://dichvucong.gov.vn/p?a=1&amp;b=2.</i><u>open"
    )
    assert html.startswith('<b>A</b> &lt;script&gt; <a href="#"')
    assert "<script>" not in html and "bad()" in html
    assert '<a href="https://dichvucong.gov.vn/p?a=1&amp;b=2"' in html
    assert html.endswith("<u>open</u>") and length == len("A <script> x bad()see ") + 40


# ------------------------------------------------------------------ saving


async def test_saving_makes_a_version_that_the_served_catalog_shows(
    admin: CatalogAdmin, sessions: Sessions, sample: list[Procedure]
) -> None:
    before = await store.current_version_id(sessions)
    procedure = sample[1]
    values = procedure_form(procedure) | {"summary_vi": "Tóm tắt mới cho khai sinh."}
    result = await admin.save(
        values, code=procedure.code, original=fingerprint(procedure), author="tg:42", note="sửa"
    )
    assert result.ok and result.changed and result.problems == []
    assert result.version is not None and result.version.id != before
    assert (result.version.author, result.version.note) == ("tg:42", "sửa")
    assert result.version.source == "web: 1.001193"
    served = await admin.procedure("1.001193")
    assert served is not None and served.summary.vi == "Tóm tắt mới cho khai sinh."
    assert admin._catalog.version == result.version.id  # refreshed in this process
    audit = (await _audit(sessions))[-1]
    assert (audit.actor, audit.action, audit.source) == ("tg:42", "catalog.import", "web")

    # saving the same again changes nothing
    again = await admin.save(
        values, code=procedure.code, original=fingerprint(served), author="tg:42", note=""
    )
    assert again.ok and not again.changed and again.version == result.version


async def test_a_save_over_someone_elses_change_is_refused(
    admin: CatalogAdmin, sample: list[Procedure]
) -> None:
    procedure = sample[0]
    opened = fingerprint(procedure)
    first = procedure_form(procedure) | {"decision": "1/QĐ-A"}
    assert (await admin.save(first, code=procedure.code, original=opened, author="a", note="")).ok
    second = procedure_form(procedure) | {"decision": "2/QĐ-B"}
    result = await admin.save(second, code=procedure.code, original=opened, author="b", note="")
    assert result.conflict == "changed" and not result.ok
    assert result.current is not None and result.current.decision == "1/QĐ-A"


async def test_a_new_procedure_is_added(admin: CatalogAdmin, sessions: Sessions) -> None:
    values = blank_form("2027-06-01") | {
        "code": "LOCAL-THU-NGHIEM",
        "title_vi": "Thủ tục thử nghiệm",
        "summary_vi": "Tóm tắt.",
        "field": "Khác",
        "level": "Cấp xã\n",
        "agency": "UBND cấp xã",
        "source": "console",
        "related": "1.004222",
    }
    result = await admin.save(values, code=None, original="", author="tg:7", note="mới")
    assert result.ok, result.problems
    current = await store.current_catalog(sessions)
    assert current is not None and "LOCAL-THU-NGHIEM" in {p.code for p in current[1]}
    added = await admin.procedure("LOCAL-THU-NGHIEM")
    assert added is not None and added.code_is_local and added.related == ["1.004222"]


def test_every_bundled_procedure_survives_its_form() -> None:
    """The form shows every field of every real entry, and reading it back changes nothing."""
    names = schema_field_names()
    for procedure in load_bundled():
        record, problems = read_form(procedure_form(procedure))
        assert problems == [] and record is not None, procedure.code
        read, problems = validate_record(record, names)
        assert problems == [] and read == procedure, procedure.code
