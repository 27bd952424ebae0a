"""Documents from the flattened `thanh_phan_ho_so` table."""

from __future__ import annotations

from procedures_catalog.portal.documents import clean_name, parse_documents
from procedures_catalog.portal.forms import form_name_of, split_file_names
from procedures_catalog.schema import DocumentAction, DocumentForm
from tests.catalog.portal.conftest import DOCS_HEADER


def test_quantities_forms_and_form_files() -> None:
    result = parse_documents(
        "--"
        + DOCS_HEADER
        + "Tờ khai đăng ký nuôi chim cảnh (Mẫu CC09 ban hành kèm theo Thông tư thử số 1/2030/TT-BT)"
        + "MauCC09.docx1 bản chính"
        + "Giấy xác nhận nơi nuôi0 bản chính,1 bản sao"
        + "Đơn đề nghị theo mẫu thống nhấtMẫu TP-CC-02.doc1 bản chính,1 bản sao"
        + "Bản sao có chứng thực giấy khai sinh của người nuôi0 bản chính,1 bản sao"
        + "Phiếu thông tin được in khi thu nhận hồ sơ0 bản chính"
    )
    docs = result.documents
    assert [d.name for d in docs] == [
        "Tờ khai đăng ký nuôi chim cảnh",
        "Giấy xác nhận nơi nuôi",
        "Đơn đề nghị theo mẫu thống nhất",
        "Giấy khai sinh của người nuôi",
        "Phiếu thông tin được in khi thu nhận hồ sơ",
    ]
    assert [(d.quantity, d.form) for d in docs] == [
        (1, DocumentForm.ORIGINAL),
        (1, DocumentForm.COPY),
        (1, DocumentForm.ORIGINAL_OR_COPY),
        (1, DocumentForm.CERTIFIED_COPY),
        (0, DocumentForm.ORIGINAL),
    ]
    assert [d.form_name for d in docs] == ["Mẫu CC09", "", "Mẫu TP-CC-02", "", ""]
    assert result.problems == []


def test_groups_give_conditions_and_show_actions() -> None:
    result = parse_documents(
        "* Trường hợp người nuôi ủy quyền cho người khác:"
        + DOCS_HEADER
        + "Văn bản ủy quyền1 bản chính"
        + "* Giấy tờ phải xuất trình:"
        + DOCS_HEADER
        + "Thẻ căn cước của người nuôi1 bản chính"
        + "- Đối với chim nhập khẩu, hồ sơ gồm:"
        + DOCS_HEADER
        + "Giấy chứng nhận kiểm dịch thử1 bản chính"
    )
    docs = result.documents
    assert [(d.name, d.condition, d.action) for d in docs] == [
        (
            "Văn bản ủy quyền",
            "Trường hợp người nuôi ủy quyền cho người khác",
            DocumentAction.SUBMIT,
        ),
        ("Thẻ căn cước của người nuôi", "", DocumentAction.SHOW),
        ("Giấy chứng nhận kiểm dịch thử", "Đối với chim nhập khẩu", DocumentAction.SUBMIT),
    ]
    assert result.groups == 3


def test_numbers_in_names_are_not_quantities() -> None:
    docs = parse_documents(
        "--"
        + DOCS_HEADER
        + "Văn bản đề nghị theo Nghị định thử ngày 24/07/20301 bản chính"
        + "Bản kê khai (01 bản chính) kèm theo danh sách thử1 bản chính"
        + "Tờ khai thử: nộp 02 bản chính tờ khai giấy1 bản chính"
    ).documents
    assert [d.name for d in docs] == [
        "Văn bản đề nghị theo Nghị định thử ngày 24/07/2030",
        "Bản kê khai (01 bản chính) kèm theo danh sách thử",
        "Tờ khai thử",  # the count said again after the name is dropped
    ]
    assert [d.quantity for d in docs] == [1, 1, 1]


def test_long_official_name_becomes_a_short_name() -> None:
    prose = (
        "Văn bản đề nghị của tổ chức thử nghiệm, trong đó nêu rõ tên tổ chức, địa chỉ trụ sở, "
        "người đại diện theo pháp luật, lĩnh vực hoạt động, phạm vi hoạt động dự kiến, thời hạn "
        "hoạt động, danh sách thành viên và các cam kết của tổ chức đối với cơ quan thử nghiệm"
    )
    name = clean_name(prose)
    assert len(name) <= 161 and name.endswith("…")
    assert prose.startswith(name.rstrip("…").rstrip(" ,"))
    assert name.rstrip("…").split()[-1] in prose.split() + [w.rstrip(",") for w in prose.split()]


def test_file_names_are_split_from_names() -> None:
    assert split_file_names("Đơn đề nghị (theo mẫu)12.3.PLthu.docx") == (
        "Đơn đề nghị (theo mẫu)",
        ["12.3.PLthu.docx"],
    )
    assert split_file_names("Tờ khai thử theo quy địnhvăn bản thử.docx") == (
        "Tờ khai thử theo quy định",
        ["văn bản thử.docx"],
    )
    name, files = split_file_names("Danh sách (nếu có);MauDS01.docxMauDS02.docx")
    assert (name, files) == ("Danh sách (nếu có)", ["MauDS01.docx", "MauDS02.docx"])
    assert form_name_of(name, files) == "Mẫu DS01, Mẫu DS02"
    assert form_name_of("Tờ khai (Mẫu số 14-HSB)", []) == "Mẫu số 14-HSB"
    assert form_name_of("Tờ khai theo Mẫu Phiếu thử", []) == ""


def test_no_table() -> None:
    result = parse_documents("--")
    assert result.documents == [] and result.problems == ["no documents table"]
