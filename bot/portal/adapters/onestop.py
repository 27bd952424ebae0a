"""Provincial one-stop platform (TD platform, Hà Tĩnh/Thanh Hóa; ``dossier_status.md`` §6B).

Requests (API base ``<host>``; through the province's integration gateway, which replaces the
public page's reCAPTCHA with the operator's client credentials)::

    POST /api/v1/hosos/searchhosotracuu     {"MaHoSo": "<mã hồ sơ>", "SoDinhDanh": "<CCCD>"}
    GET  /api/v1/quatrinhxulyhosos?MaHoSo=…&PageNumber=1&PageSize=20

Answers: ``Result<HoSoDto>`` (``succeeded``, ``failed``, ``message``, ``data``) with the
national numeric status ``trangThaiHoSoId`` (1–10); history as ``PaginationResponse``
(``data[]``, ``currentPage``, ``totalPages``, ``hasNextPage`` …).

The owner's ID number is required; the portal checks it against ``SoGiayToChuHoSo`` or the
authorised person's number. ``chuHoSo``, ``soDienThoaiChuHoSo``, ``emailChuHoSo``,
``diaChiChuHoSo``, ``soGiayToChuHoSo`` and staff names in the history are never parsed.
History is best effort: if it cannot be read the dossier is returned without it.
"""

from __future__ import annotations

import logging

from pydantic import BaseModel, ConfigDict, Field

from bot.portal import status as st
from bot.portal.adapters.base import NATIONAL_LOOKUP_URL, PortalAdapter
from bot.portal.adapters.common import bearer_request, channel_from, unexpected_status
from bot.portal.errors import (
    DossierNotFound,
    OwnerMismatch,
    PortalAuthError,
    PortalBadResponse,
    PortalError,
    PortalUnavailable,
)
from bot.portal.http import PortalHttpClient, parse_body
from bot.portal.models import Dossier, HistoryEntry, OptionalText, PortalDatetime
from bot.portal.oauth import ClientCredentialsToken
from bot.portal.status import DossierStatus, fold

log = logging.getLogger(__name__)

SEARCH_PATH = "/api/v1/hosos/searchhosotracuu"
HISTORY_PATH = "/api/v1/quatrinhxulyhosos"


class _Wire(BaseModel):
    model_config = ConfigDict(extra="ignore")


class HoSoDto(_Wire):
    """The fields of ``HoSoDto`` the bot uses; personal ones are deliberately absent."""

    id: OptionalText = None
    maHoSo: str = Field(min_length=1)
    maTTHC: OptionalText = None
    tenTTHC: OptionalText = None
    trangThaiHoSoId: OptionalText = None
    tenTrangThaiHoSo: OptionalText = None
    ngayNopHoSo: PortalDatetime = None
    ngayTiepNhan: PortalDatetime = None
    ngayHenTra: PortalDatetime = None
    ngayKetThucXuLy: PortalDatetime = None
    ngayTra: PortalDatetime = None
    ngayYeuCauBoSung: PortalDatetime = None
    lyDoBoSung: OptionalText = None
    lyDoTuChoi: OptionalText = None
    tenBuocHienTai: OptionalText = None
    kenhThucHien: OptionalText = None
    tenDonVi: OptionalText = None
    trangThaiThuPhi: OptionalText = None
    maVanDonBuuDien: OptionalText = None


class HoSoResult(_Wire):
    succeeded: bool
    failed: bool | None = None
    message: OptionalText = None
    messages: list[str] = Field(default_factory=list)
    data: HoSoDto | None = None


class QuaTrinhXuLy(_Wire):
    thoiGian: PortalDatetime = None
    thaoTac: OptionalText = None
    trangThai: OptionalText = None
    noiDung: OptionalText = None
    tenDonViGui: OptionalText = None
    ngayHetHanBuocXuLy: PortalDatetime = None


class QuaTrinhPage(_Wire):
    data: list[QuaTrinhXuLy] = Field(default_factory=list)
    currentPage: int | None = None
    totalPages: int | None = None
    totalCount: int | None = None
    hasNextPage: bool = False


def _reason(dto: HoSoDto, status: DossierStatus) -> str | None:
    if status is DossierStatus.SUPPLEMENT_REQUIRED:
        return dto.lyDoBoSung
    if status in (DossierStatus.REFUSED, DossierStatus.STOPPED):
        return dto.lyDoTuChoi
    return None


def history_entry(item: QuaTrinhXuLy) -> HistoryEntry:
    """One history row; a numeric ``trangThai`` becomes the national label."""
    label = item.trangThai
    if label and label.isdigit():
        label = st.from_code(label).label_vi
    return HistoryEntry(
        at=item.thoiGian,
        action=item.thaoTac,
        status_label=label,
        unit=item.tenDonViGui,
        note=item.noiDung,
        step_deadline=item.ngayHetHanBuocXuLy,
    )


def onestop_to_dossier(
    dto: HoSoDto, history: list[QuaTrinhXuLy] | None = None, *, source: str = "onestop"
) -> Dossier:
    """Map a ``HoSoDto`` (and its processing history) to the canonical model."""
    status = st.from_any(dto.trangThaiHoSoId, dto.tenTrangThaiHoSo)
    rows = sorted(
        (history_entry(item) for item in history or []),
        key=lambda entry: (entry.at is None, entry.at),
    )
    return Dossier(
        code=dto.maHoSo,
        procedure_code=dto.maTTHC,
        procedure_name=dto.tenTTHC,
        status=status,
        status_label=dto.tenTrangThaiHoSo or status.label_vi,
        submitted_at=dto.ngayNopHoSo,
        received_at=dto.ngayTiepNhan,
        appointment_at=dto.ngayHenTra,
        completed_at=dto.ngayKetThucXuLy,
        returned_at=dto.ngayTra,
        processing_unit=dto.tenDonVi,
        current_step=dto.tenBuocHienTai,
        reason=_reason(dto, status),
        apply_channel=channel_from(dto.kenhThucHien),
        payment_status=dto.trangThaiThuPhi,
        postal_tracking_code=dto.maVanDonBuuDien,
        history=tuple(rows),
        source=source,
    )


def refusal_error(code: str, result: HoSoResult, http_status: int) -> PortalError:
    """Classify a failed ``Result`` by its message (the TD platform's fixed texts)."""
    text = fold(" ".join([result.message or "", *result.messages]))
    if "dinh danh" in text or "uy quyen" in text:
        return OwnerMismatch("the owner ID number does not match this dossier")
    if "captcha" in text:
        return PortalAuthError("the portal asked for a captcha: gateway access not configured")
    if "ma ho so" in text or "khong tim thay" in text or "khong ton tai" in text:
        return DossierNotFound(code)
    if http_status == 404:
        return DossierNotFound(code)
    return PortalBadResponse(f"portal refused the lookup: {(result.message or '')[:80]}")


class OneStopAdapter(PortalAdapter):
    """Lookup by dossier code and the owner's ID number on the provincial platform."""

    kind = "onestop"
    requires_owner_id = True

    def __init__(
        self,
        http: PortalHttpClient,
        token: ClientCredentialsToken | None,
        *,
        lookup_url: str = NATIONAL_LOOKUP_URL,
        history_page_size: int = 20,
        history_max_pages: int = 5,
    ) -> None:
        super().__init__(http, lookup_url=lookup_url)
        self._token = token
        self._page_size = history_page_size
        self._max_pages = history_max_pages

    async def _fetch(self, code: str, owner_id: str | None) -> Dossier:
        body = {"MaHoSo": code, "SoDinhDanh": owner_id}
        response = await bearer_request(self._http, self._token, "POST", SEARCH_PATH, json=body)
        if response.status_code not in (200, 400, 404):
            raise unexpected_status(response, "one-stop lookup")
        result = parse_body(response, HoSoResult, what="one-stop lookup result")
        if not result.succeeded or result.failed:
            raise refusal_error(code, result, response.status_code)
        if result.data is None:
            raise DossierNotFound(code)
        if result.data.maHoSo.strip().upper() != code.upper():
            raise PortalBadResponse("one-stop lookup returned another dossier")
        history = await self._history(result.data.maHoSo)
        return onestop_to_dossier(result.data, history, source=self.kind)

    async def _history(self, code: str) -> list[QuaTrinhXuLy]:
        items: list[QuaTrinhXuLy] = []
        try:
            for page_number in range(1, self._max_pages + 1):
                params: dict[str, str | int] = {
                    "MaHoSo": code,
                    "PageNumber": page_number,
                    "PageSize": self._page_size,
                }
                response = await bearer_request(
                    self._http, self._token, "GET", HISTORY_PATH, params=params
                )
                if response.status_code != 200:
                    raise unexpected_status(response, "one-stop history")
                page = parse_body(response, QuaTrinhPage, what="one-stop history page")
                items.extend(page.data)
                if not page.hasNextPage:
                    break
        except (PortalUnavailable, PortalBadResponse) as exc:
            log.warning("one-stop history unavailable, status shown without it: %s", exc)
            return []
        return items
