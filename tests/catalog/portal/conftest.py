"""Fixtures of the portal importer tests: invented detail pages in the portal's shape.

Nothing here is copied from the portal's data: codes, titles and texts are made up for the
tests; only the flattened-table layout (headers, cells run together) follows the portal.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

CHANNEL_HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"
DOCS_HEADER = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"
LEGAL_HEADER = "Tên văn bản pháp lýMã văn bản"


def make_detail(code: str = "9.900001", **fields: Any) -> dict[str, Any]:
    """An invented detail page; `fields` override any key."""
    detail: dict[str, Any] = {
        "ma_thu_tuc": code,
        "detail_url": f"https://dichvucong.gov.vn/thu-tuc-hanh-chinh/test-{code}",
        "ten_thu_tuc": "Đăng ký nuôi chim cảnh trong khu dân cư.",
        "so_quyet_dinh": "123/QĐ-BTEST",
        "cap_thuc_hien": "Cấp xã",
        "loai_thu_tuc": "TTHC được luật giao quy định chi tiết",
        "linh_vuc": "Chăn nuôi",
        "doi_tuong_thuc_hien": "Công dân Việt Nam, Cán bộ, công chức, viên chức",
        "co_quan_co_tham_quyen": "",
        "co_quan_thuc_hien": "Ủy ban Nhân dân cấp Xã",
        "dia_chi_tiep_nhan": "",
        "trinh_tu_thuc_hien": "Bước 1: Người nuôi chuẩn bị hồ sơ.\nBước 2: Nộp hồ sơ.",
        "cach_thuc_thuc_hien": CHANNEL_HEADER
        + "Trực tuyến3 Ngày làm việcMiễn phíTrực tiếp3 Ngày làm việc"
        + "12,000 Việt Nam Đồng(Nộp tại xã thu 12.000 đồng/lần.)",
        "thanh_phan_ho_so": "--"
        + DOCS_HEADER
        + "Tờ khai đăng ký nuôi chim cảnh (Mẫu CC09)MauCC09.docx1 bản chính"
        + "Giấy xác nhận nơi nuôi0 bản chính,1 bản sao",
        "can_cu_phap_ly": LEGAL_HEADER
        + "Luật Chăn nuôi thử nghiệm88/2030/QH19Nghị định 77/2031/NĐ-CP77/2031/NĐ-CP",
        "yeu_cau_dieu_kien": "Không có thông tin",
        "ket_qua_xu_ly": "Giấy xác nhận nuôi chim cảnhMã: KQ.T01.000001"
        + "Từ khóaKhông có thông tinMô tảKhông có thông tinNộp hồ sơ",
        "raw_text": "",
    }
    detail.update(fields)
    return detail


def write_detail(folder: Path, detail: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{detail['ma_thu_tuc']}.json"
    path.write_text(json.dumps(detail, ensure_ascii=False), "utf-8")
    return path


@pytest.fixture
def portal_dir(tmp_path: Path) -> Path:
    """A national_portal-like folder: details of two ministries and one list workbook."""
    from openpyxl import Workbook

    root = tmp_path / "national_portal"
    details = root / "details"
    write_detail(details / "bo-thu-nghiem", make_detail())
    conflict_channels = (
        CHANNEL_HEADER + "Trực tiếp5 Ngày làm việcMiễn phí(Lệ phí cấp thẻ thử: 135.000 đồng/lần.)"
    )
    write_detail(
        details / "bo-thu-nghiem",
        make_detail(
            "9.900002", ten_thu_tuc="Cấp thẻ thử nghiệm", cach_thuc_thuc_hien=conflict_channels
        ),
    )
    write_detail(
        details / "bo-thu-nghiem",
        make_detail("9.900003", ten_thu_tuc="Cấp phép cho tổ chức thử", cap_thuc_hien="Cấp bộ"),
    )
    write_detail(
        details / "toa-an-nhan-dan", make_detail("9.900004", ten_thu_tuc="Dịch vụ của tòa thử")
    )
    lists = root / "lists"
    lists.mkdir()
    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH THỦ TỤC HÀNH CHÍNH (thử)", None, None, None, None])
    sheet.append(["Mã số", "Tên", "Cơ quan ban hành", "Cơ quan thực hiện", "Lĩnh vực"])
    sheet.append(
        [
            "9.900001",
            "Đăng ký nuôi chim cảnh trong khu dân cư",
            "Bộ Thử",
            "UBND cấp xã",
            "Chăn nuôi",
        ]
    )
    sheet.append(["9.900002", "Cấp thẻ thử nghiệm", "Bộ Thử", "Công an cấp xã", "Thử"])
    sheet.append(["9.900009", "Thủ tục chỉ có trong danh sách", "Bộ Thử", "Sở Thử", "Thử"])
    book.save(lists / "danh-sach-tthc-BoThu.xlsx")
    return root
