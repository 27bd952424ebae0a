"""One official entry from one detail: facts, generated summary, unverified notes."""

from __future__ import annotations

from datetime import date

from procedures_catalog.portal.build import normalise_agency, procedure_from_detail
from procedures_catalog.portal.lists import ListEntry
from procedures_catalog.portal.results import parse_results
from procedures_catalog.schema import ChannelKind, EntryKind
from tests.catalog.portal.conftest import CHANNEL_HEADER, DOCS_HEADER, make_detail

TODAY = date(2026, 12, 3)


def test_entry_from_a_detail() -> None:
    built = procedure_from_detail(make_detail(), today=TODAY)
    proc = built.procedure
    assert proc is not None and built.error == ""
    assert proc.kind is EntryKind.OFFICIAL
    assert (proc.code, proc.title.vi, proc.title.en) == (
        "9.900001",
        "Đăng ký nuôi chim cảnh trong khu dân cư",
        "",
    )
    assert (proc.field, proc.level, proc.agency) == (
        "Chăn nuôi",
        ["Cấp xã"],
        "Ủy ban nhân dân cấp xã",
    )
    assert proc.applicants == "Công dân Việt Nam; Cán bộ, công chức, viên chức"
    assert proc.decision == "123/QĐ-BTEST" and proc.steps == []
    assert proc.online.available and str(proc.online.url) == str(proc.detail_url)
    assert [c.kind for c in proc.channels] == [ChannelKind.ONLINE, ChannelKind.IN_PERSON]
    assert [(f.amount_vnd, f.condition) for f in proc.channels[1].fees] == [
        (12000, "nộp tại xã, mỗi lần"),
    ]
    assert [d.form_name for d in proc.documents] == ["Mẫu CC09", ""]
    assert [b.ref for b in proc.legal_basis] == [
        "Luật Chăn nuôi thử nghiệm 88/2030/QH19",
        "Nghị định 77/2031/NĐ-CP",
    ]
    assert proc.results == ["Giấy xác nhận nuôi chim cảnh"]
    assert proc.conditions == []
    assert proc.last_reviewed == TODAY and "nhập tự động" in proc.source
    assert proc.unverified == [] and proc.unverified_en == []
    assert proc.summary.vi == (
        "Thủ tục lĩnh vực Chăn nuôi do UBND cấp xã giải quyết. Nộp trực tuyến hoặc trực tiếp; "
        "thời hạn 3 ngày làm việc. Có lệ phí, mức thu tùy trường hợp."
    )
    assert proc.summary.en.startswith(
        "A procedure in the field “Chăn nuôi”, handled by a commune-level"
    )
    assert all(outcome.read for outcome in built.fields.values())


def test_unreadable_facts_stay_unknown_and_are_listed_in_both_languages() -> None:
    detail = make_detail(
        cach_thuc_thuc_hien=CHANNEL_HEADER + "Trực tiếpKhông có thông tinKhông có thông tin",
        thanh_phan_ho_so="--",
        co_quan_thuc_hien="Không có thông tin",
        yeu_cau_dieu_kien="- Người nuôi phải có nơi nuôi riêng, cách nhà ở tối thiểu 5 mét.",
    )
    built = procedure_from_detail(detail, today=TODAY)
    proc = built.procedure
    assert proc is not None
    channel = proc.channels[0]
    assert channel.time_value is None and [f.amount_vnd for f in channel.fees] == [None]
    assert len(proc.unverified) == len(proc.unverified_en) == 4
    assert any("Lệ phí" in line for line in proc.unverified)
    assert any(line.startswith("Documents") for line in proc.unverified_en)
    assert proc.agency.startswith("Chưa rõ")
    assert proc.documents == []
    # conditions point to the page, the prose is not copied
    assert proc.conditions == ["Thủ tục có yêu cầu, điều kiện riêng: xem trang chính thức."]
    assert not built.fields["time"].read and not built.fields["fee"].read


def test_fee_conflict_is_reported_and_never_free() -> None:
    detail = make_detail(
        cach_thuc_thuc_hien=CHANNEL_HEADER
        + "Trực tiếp5 Ngày làm việcMiễn phí(Lệ phí cấp thẻ thử: 135.000 đồng/lần.)"
    )
    built = procedure_from_detail(detail, today=TODAY)
    proc = built.procedure
    assert proc is not None
    assert not any(f.free for c in proc.channels for f in c.fees)
    assert built.conflicts == ["in_person: fee cell 'Miễn phí' but the description names 135,000 đ"]
    assert proc.unverified[0].startswith("Ô lệ phí ghi “Miễn phí”")
    assert "thông tin trên trang chưa thống nhất" in proc.summary.vi


def test_list_fills_a_missing_agency_and_a_list_naming_another_procedure_is_refused() -> None:
    detail = make_detail(co_quan_thuc_hien="Không có thông tin")
    listing = ListEntry(
        "9.900001",
        "Đăng ký nuôi chim cảnh trong khu dân cư",
        "Bộ Thử",
        "Ủy ban nhân dân cấp xã, Công an cấp xã",
        "Chăn nuôi",
        "x.xlsx",
    )
    proc = procedure_from_detail(detail, today=TODAY, listing=listing).procedure
    assert proc is not None and proc.agency == "Ủy ban nhân dân cấp xã, Công an cấp xã"
    other = ListEntry("9.900001", "Cấp giấy phép khai thác thử", "Bộ Thử", "", "", "x.xlsx")
    refused = procedure_from_detail(detail, today=TODAY, listing=other)
    assert refused.procedure is None and "differs from the official list" in refused.error


def test_bad_detail() -> None:
    assert procedure_from_detail({"ma_thu_tuc": "abc"}, today=TODAY).error.startswith("no national")


def test_agency_normalised() -> None:
    assert normalise_agency("Công an cấp Xã, Uỷ ban Nhân dân cấp Tỉnh, Công an cấp Xã.") == (
        "Công an cấp xã, Ủy ban nhân dân cấp tỉnh"
    )


def test_results_drop_codes_and_page_furniture() -> None:
    text = (
        "Giấy chứng nhận thửMã: KQ.T01.000001Văn bản từ chối thửMã: Chưa xác định"
        "Từ khóaKhông có thông tinMô tảKhông có thông tinChọn cơ quan thực hiệnNộp hồ sơ"
    )
    assert parse_results(text) == ["Giấy chứng nhận thử", "Văn bản từ chối thử"]
    assert parse_results("Không có thông tin") == []


def test_documents_groups_reach_the_entry() -> None:
    detail = make_detail(
        thanh_phan_ho_so="* Trường hợp ủy quyền:" + DOCS_HEADER + "Văn bản ủy quyền1 bản chính"
    )
    proc = procedure_from_detail(detail, today=TODAY).procedure
    assert proc is not None
    assert [(d.name, d.condition) for d in proc.documents] == [
        ("Văn bản ủy quyền", "Trường hợp ủy quyền"),
    ]
