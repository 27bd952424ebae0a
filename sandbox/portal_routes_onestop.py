"""Simulated provincial one-stop API (TD platform, ``dossier_status.md`` §6B).

* ``POST /api/v1/hosos/searchhosotracuu`` with ``{"MaHoSo", "SoDinhDanh"}``: the ID number
  must match the owner's (``soGiayToChuHoSo``) or the authorised person's number. Answers a
  ``Result<HoSoDto>`` envelope; failures use the platform's own messages ("Mã hồ sơ không hợp
  lệ!", "Vui lòng nhập đúng số định danh chủ hồ sơ/người ủy quyền!") with HTTP 200.
* ``GET /api/v1/quatrinhxulyhosos?MaHoSo=…&PageNumber=…&PageSize=…``: processing history as
  ``PaginationResponse`` (``data``, ``currentPage``, ``totalPages``, ``totalCount``,
  ``pageSize``, ``hasPreviousPage``, ``hasNextPage``).

Dates are .NET-style local times without offset (``2025-06-10T08:30:00``). The personal
fields (``chuHoSo``, ``soDienThoaiChuHoSo`` …) carry the store's fake applicant data.
The public page's reCAPTCHA is replaced by the gateway's bearer token
(``store.onestop_requires_token``); ``MaCaptCha`` is accepted and ignored.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.calendar import VN_TZ
from bot.portal.status import DossierStatus as S
from sandbox.portal_control import guarded
from sandbox.portal_store import PortalStore, SimDossier, SimEvent

SEARCH_PATH = "/api/v1/hosos/searchhosotracuu"
HISTORY_PATH = "/api/v1/quatrinhxulyhosos"
MSG_BAD_CODE = "Mã hồ sơ không hợp lệ!"
MSG_BAD_OWNER = "Vui lòng nhập đúng số định danh chủ hồ sơ/người ủy quyền!"


def net_time(value: datetime | None) -> str | None:
    """``2025-06-10T08:30:00`` in Vietnam time, as the .NET platform serialises it."""
    return value.astimezone(VN_TZ).strftime("%Y-%m-%dT%H:%M:%S") if value else None


def result(data: Any = None, *, message: str | None = None) -> dict[str, Any]:
    ok = message is None
    return {"succeeded": ok, "failed": not ok, "message": message, "messages": [], "data": data}


def hoso_dto(d: SimDossier) -> dict[str, Any]:
    owner = d.owner
    return {
        "id": f"{d.internal_id[:8]}-{d.internal_id[8:12]}-4000-8000-{d.internal_id[12:]}",
        "maHoSo": d.code,
        "maTTHC": d.procedure_code,
        "tenTTHC": d.procedure_name,
        "maTruongHop": f"{d.procedure_code}.TH1",
        "trangThaiHoSoId": str(int(d.status)),
        "tenTrangThaiHoSo": d.status.label_vi,
        "chuHoSo": owner.name,
        "soGiayToChuHoSo": owner.id_number,
        "soDienThoaiChuHoSo": owner.phone,
        "emailChuHoSo": owner.email,
        "diaChiChuHoSo": owner.address,
        "diaChi": owner.address,
        "uyQuyen": d.proxy_id_number is not None,
        "ngayNopHoSo": net_time(d.submitted_at),
        "ngayTiepNhan": net_time(d.received_at),
        "ngayHenTra": net_time(d.appointment_at),
        "ngayKetThucXuLy": net_time(d.completed_at),
        "ngayTra": net_time(d.returned_at),
        "ngayYeuCauBoSung": net_time(d.supplement_requested_at),
        "lyDoBoSung": d.supplement_reason,
        "lyDoTuChoi": d.refusal_reason,
        "tenBuocHienTai": d.current_step,
        "kenhThucHien": d.channel,
        "tenDonVi": d.unit,
        "hinhThucThu": "1",
        "soTien": 0 if d.fee_status is None else 100000,
        "trangThaiThuPhi": d.fee_status,
        "maVanDonBuuDien": f"EL{d.internal_id[-9:]}VN" if d.channel == "3" else None,
    }


def history_item(event: SimEvent) -> dict[str, Any]:
    return {
        "thoiGian": net_time(event.at),
        "tenNguoiGui": event.sender,
        "thaoTac": event.action,
        "tenNguoiNhan": event.receiver,
        "trangThai": event.status.label_vi,
        "noiDung": event.note,
        "ngayHetHanBuocXuLy": net_time(event.deadline),
        "tenDonViGui": event.unit,
    }


def onestop_routes(store: PortalStore) -> list[Route]:
    """The one-stop lookup and history routes bound to ``store``."""

    def needs_token() -> bool:
        return store.onestop_requires_token

    async def search(request: Request) -> Response:
        try:
            body = json.loads(await request.body() or b"{}")
        except ValueError:
            return JSONResponse(result(message="Dữ liệu không hợp lệ!"), status_code=400)
        if not isinstance(body, dict):
            return JSONResponse(result(message="Dữ liệu không hợp lệ!"), status_code=400)
        code = str(body.get("MaHoSo") or "").strip()
        owner_id = str(body.get("SoDinhDanh") or "").strip().upper()
        dossier = store.get(code) if code else None
        if dossier is None:
            return JSONResponse(result(message=MSG_BAD_CODE))
        allowed = {dossier.owner.id_number.upper()}
        if dossier.proxy_id_number:
            allowed.add(dossier.proxy_id_number.upper())
        if owner_id not in allowed:
            store.stats["owner_refused"] += 1
            return JSONResponse(result(message=MSG_BAD_OWNER))
        return JSONResponse(result(hoso_dto(dossier)))

    async def history(request: Request) -> Response:
        query = request.query_params
        try:
            number = max(1, int(query.get("PageNumber", "1")))
            size = max(1, min(100, int(query.get("PageSize", "10"))))
        except ValueError:
            return JSONResponse(result(message="Dữ liệu không hợp lệ!"), status_code=400)
        dossier = store.get(query.get("MaHoSo", ""))
        events = dossier.events if dossier is not None else []
        pages = (len(events) + size - 1) // size
        chunk = events[(number - 1) * size : number * size]
        return JSONResponse(
            {
                "data": [history_item(e) for e in chunk],
                "currentPage": number,
                "totalPages": pages,
                "totalCount": len(events),
                "pageSize": size,
                "hasPreviousPage": number > 1,
                "hasNextPage": number < pages,
                "succeeded": True,
            }
        )

    return [
        Route(
            SEARCH_PATH,
            guarded(store, "onestop_search", search, needs_token=needs_token),
            methods=["POST"],
        ),
        Route(
            HISTORY_PATH,
            guarded(store, "onestop_history", history, needs_token=needs_token),
            methods=["GET"],
        ),
    ]


__all__ = ["HISTORY_PATH", "SEARCH_PATH", "S", "onestop_routes"]
