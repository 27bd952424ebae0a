"""Simulated iGate API: the Keycloak token endpoint and ``/pa/dossier-search/dvc``.

Shapes follow ``dossier_status.md`` §4: a Spring page (``content``, ``number``, ``size``,
``numberOfElements``, ``first``, ``last``, ``empty``; ``totalElements``/``totalPages`` only
with ``spec=page``) whose items carry ``code``, ``nationCode``, ``procedure.translate[]``,
``dossierStatus.{id,name}``, ``statusCurrentTask``, ``applyMethod``, the four dates in the
``…T…000+0700`` form, and the personal ``applicant.data.*`` fields (fake values).

``dossierStatus.id`` values here are deliberately *not* the national codes (as on real
iGate deployments) and the names are iGate-style wording, so clients must map by name.
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.portal.status import DossierStatus as S
from sandbox.portal_control import guarded
from sandbox.portal_store import PortalStore, SimDossier

TOKEN_PATH = "/auth/realms/{realm}/protocol/openid-connect/token"
SEARCH_PATH = "/pa/dossier-search/dvc"

#: iGate-style (id, name) per national status: non-standard ids, local wording.
IGATE_STATUS: dict[S, tuple[int, str]] = {
    S.SUBMITTED: (0, "Chờ tiếp nhận"),
    S.RECEIVED: (1, "Đã tiếp nhận"),
    S.PROCESSING: (2, "Đang xử lý"),
    S.SUPPLEMENT_REQUIRED: (3, "Yêu cầu bổ sung hồ sơ"),
    S.RESULT_READY: (4, "Có kết quả"),
    S.RESULT_RETURNED: (5, "Đã trả kết quả"),
    S.REFUSED: (6, "Từ chối tiếp nhận"),
    S.PAYMENT_REQUIRED: (8, "Chờ thực hiện nghĩa vụ tài chính"),
    S.STOPPED: (11, "Dừng xử lý"),
    S.WITHDRAWN: (12, "Đã rút hồ sơ"),
}
_APPLY_METHOD = {"1": (1, "Trực tiếp"), "2": (0, "Trực tuyến"), "3": (2, "Qua bưu chính")}


def igate_time(value: datetime | None) -> str | None:
    """``2025-06-10T08:30:00.000+0700``."""
    if value is None:
        return None
    return (
        value.strftime("%Y-%m-%dT%H:%M:%S.")
        + f"{value.microsecond // 1000:03d}"
        + (value.strftime("%z"))
    )


def igate_item(dossier: SimDossier) -> dict[str, object]:
    status_id, status_name = IGATE_STATUS[dossier.status]
    method_id, method_name = _APPLY_METHOD.get(dossier.channel, (0, "Trực tuyến"))
    owner = dossier.owner
    return {
        "id": dossier.internal_id,
        "code": dossier.code,
        "nationCode": dossier.nation_code,
        "procedure": {
            "id": f"p{dossier.internal_id[1:]}",
            "code": dossier.procedure_code,
            "translate": [{"languageId": 228, "name": dossier.procedure_name}],
        },
        "applicant": {
            "eformId": f"e{dossier.internal_id[1:]}",
            "data": {
                "fullname": owner.name,
                "identityNumber": owner.id_number,
                "phoneNumber": owner.phone,
                "email": owner.email,
                "address": owner.address,
                "noidungyeucaugiaiquyet": dossier.procedure_name,
            },
        },
        "dossierStatus": {"id": status_id, "name": status_name},
        "statusCurrentTask": dossier.current_step,
        "currentTask": [{"id": f"t{dossier.internal_id[1:]}", "isCurrent": 1}],
        "applyMethod": {"id": method_id, "name": method_name},
        "agency": {"id": f"a{dossier.internal_id[1:]}", "name": dossier.unit},
        "appliedDate": igate_time(dossier.submitted_at),
        "acceptedDate": igate_time(dossier.received_at),
        "appointmentDate": igate_time(dossier.appointment_at),
        "completedDate": igate_time(dossier.completed_at),
        "returnedDate": igate_time(dossier.returned_at),
        "accepter": {"id": "u0001", "fullname": "Cán bộ Thử Nghiệm"},
        "eForm": {"id": f"f{dossier.internal_id[1:]}", "data": {"noiDangKy": dossier.unit}},
    }


def spring_page(items: list[dict[str, object]], *, page: int, size: int, spec: str) -> dict:
    body: dict[str, object] = {
        "content": items,
        "pageable": {"pageNumber": page, "pageSize": size, "offset": page * size},
        "number": page,
        "size": size,
        "numberOfElements": len(items),
        "first": page == 0,
        "last": True,
        "empty": not items,
        "sort": {"sorted": False, "unsorted": True, "empty": True},
    }
    if spec == "page":
        body["totalElements"] = len(items)
        body["totalPages"] = 1 if items else 0
    return body


def _client_credentials(request: Request, form: dict[str, list[str]]) -> tuple[str, str]:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("basic "):
        try:
            decoded = base64.b64decode(header[6:].strip()).decode()
        except (binascii.Error, UnicodeDecodeError):
            return "", ""
        client_id, _, secret = decoded.partition(":")
        return client_id, secret
    return form.get("client_id", [""])[0], form.get("client_secret", [""])[0]


def igate_routes(store: PortalStore) -> list[Route]:
    """Token endpoint (any realm name) and the iGate public dossier search."""

    async def token(request: Request) -> Response:
        form = parse_qs((await request.body()).decode("utf-8", "replace"))
        if form.get("grant_type", [""])[0] != "client_credentials":
            return JSONResponse({"error": "unsupported_grant_type"}, status_code=400)
        client_id, secret = _client_credentials(request, form)
        if client_id != store.client_id or secret != store.client_secret:
            store.stats["token_refused"] += 1
            return JSONResponse(
                {"error": "unauthorized_client", "error_description": "Invalid client secret"},
                status_code=401,
            )
        access, ttl = store.tokens.issue()
        return JSONResponse(
            {
                "access_token": access,
                "expires_in": int(ttl) if ttl == int(ttl) else ttl,
                "refresh_expires_in": 0,
                "token_type": "Bearer",
                "not-before-policy": 0,
                "scope": "profile email",
            }
        )

    async def search(request: Request) -> Response:
        query = request.query_params
        try:
            page = int(query.get("page", "0"))
            size = int(query.get("size", "10"))
        except ValueError:
            return JSONResponse({"status": 400, "error": "Bad Request"}, status_code=400)
        code = query.get("code", "").strip()
        dossier = store.get(code) if code else None
        items = [igate_item(dossier)] if dossier is not None and page == 0 else []
        return JSONResponse(spring_page(items, page=page, size=size, spec=query.get("spec", "")))

    return [
        Route(
            TOKEN_PATH,
            guarded(
                store,
                "token",
                token,
                needs_token=lambda: False,
                with_faults=lambda: store.faults.include_token_endpoint,
            ),
            methods=["POST"],
        ),
        Route(SEARCH_PATH, guarded(store, "igate_search", search), methods=["GET"]),
    ]
