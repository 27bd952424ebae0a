"""Portal simulator routes in process (httpx.ASGITransport): the real field names of both
API shapes, the Keycloak token endpoint, the control API and the fault knobs."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from sandbox.portal_sim import create_portal_app
from sandbox.portal_store import PortalStore
from tests.portal.simkit import CLIENT_ID, CLIENT_SECRET, by_status, make_store

TOKEN_URL = "/auth/realms/digo/protocol/openid-connect/token"


@pytest.fixture
def sim_store() -> PortalStore:
    return make_store()


@pytest.fixture
async def sim_http(sim_store: PortalStore) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_portal_app(sim_store))
    async with httpx.AsyncClient(transport=transport, base_url="http://sim") as http:
        yield http


async def bearer(http: httpx.AsyncClient) -> dict[str, str]:
    answer = await http.post(
        TOKEN_URL, data={"grant_type": "client_credentials"}, auth=(CLIENT_ID, CLIENT_SECRET)
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] > 0
    return {"Authorization": f"Bearer {body['access_token']}"}


async def test_token_endpoint(sim_http: httpx.AsyncClient) -> None:
    await bearer(sim_http)
    answer = await sim_http.post(
        TOKEN_URL, data={"grant_type": "client_credentials"}, auth=(CLIENT_ID, CLIENT_SECRET)
    )
    assert answer.json()["expires_in"] == 300 and isinstance(answer.json()["expires_in"], int)
    form = {"grant_type": "client_credentials", "client_id": CLIENT_ID}
    answer = await sim_http.post(TOKEN_URL, data={**form, "client_secret": CLIENT_SECRET})
    assert answer.status_code == 200  # credentials in the form work too
    answer = await sim_http.post(TOKEN_URL, data={**form, "client_secret": "wrong"})
    assert answer.status_code == 401 and answer.json()["error"] == "unauthorized_client"
    answer = await sim_http.post(TOKEN_URL, data={"grant_type": "password"})
    assert answer.status_code == 400


async def test_igate_search_shape(sim_http: httpx.AsyncClient, sim_store: PortalStore) -> None:
    dossier = by_status(sim_store)[9]
    params: dict[str, str | int] = {"page": 0, "size": 10, "spec": "slice", "code": dossier.code}
    assert (await sim_http.get("/pa/dossier-search/dvc", params=params)).status_code == 401
    headers = await bearer(sim_http)
    page = (await sim_http.get("/pa/dossier-search/dvc", params=params, headers=headers)).json()
    assert "totalElements" not in page and page["numberOfElements"] == 1
    item = page["content"][0]
    for name in (
        "id",
        "code",
        "nationCode",
        "statusCurrentTask",
        "appliedDate",
        "acceptedDate",
        "appointmentDate",
        "completedDate",
    ):
        assert name in item
    assert item["dossierStatus"] == {"id": 4, "name": "Có kết quả"}  # not the national id
    assert item["procedure"]["translate"][0]["name"] == dossier.procedure_name
    assert item["applicant"]["data"]["fullname"] == dossier.owner.name
    assert item["appliedDate"].endswith("+0700") and ".000" in item["appliedDate"]
    params["spec"] = "page"
    params["code"] = "000.99.99.H27-250101-9999"
    page = (await sim_http.get("/pa/dossier-search/dvc", params=params, headers=headers)).json()
    assert page["content"] == [] and page["totalElements"] == 0 and page["empty"]


async def test_onestop_lookup_and_history(
    sim_http: httpx.AsyncClient, sim_store: PortalStore
) -> None:
    headers = await bearer(sim_http)
    dossier = by_status(sim_store)[5]
    body = {"MaHoSo": dossier.code, "SoDinhDanh": dossier.owner.id_number, "MaCaptCha": None}
    answer = (
        await sim_http.post("/api/v1/hosos/searchhosotracuu", json=body, headers=headers)
    ).json()
    assert answer["succeeded"] and not answer["failed"]
    data = answer["data"]
    assert data["maHoSo"] == dossier.code and data["trangThaiHoSoId"] == "5"
    assert data["lyDoBoSung"] == dossier.supplement_reason
    assert data["chuHoSo"] == dossier.owner.name and data["soGiayToChuHoSo"]
    assert "+" not in data["ngayNopHoSo"]  # .NET local time without offset

    wrong = {**body, "SoDinhDanh": "000000000000"}
    answer = (
        await sim_http.post("/api/v1/hosos/searchhosotracuu", json=wrong, headers=headers)
    ).json()
    assert answer["failed"] and "số định danh" in answer["message"]
    unknown = {**body, "MaHoSo": "000.99.99.H27-250101-9999"}
    answer = (
        await sim_http.post("/api/v1/hosos/searchhosotracuu", json=unknown, headers=headers)
    ).json()
    assert answer["message"] == "Mã hồ sơ không hợp lệ!"

    params: dict[str, str | int] = {"MaHoSo": dossier.code, "PageNumber": 1, "PageSize": 2}
    page = (await sim_http.get("/api/v1/quatrinhxulyhosos", params=params, headers=headers)).json()
    assert page["totalCount"] == len(dossier.events) == 4
    assert page["hasNextPage"] and not page["hasPreviousPage"] and page["totalPages"] == 2
    assert {"thoiGian", "tenNguoiGui", "thaoTac", "trangThai", "tenDonViGui"} <= page["data"][
        0
    ].keys()


async def test_control_api(sim_http: httpx.AsyncClient, sim_store: PortalStore) -> None:
    created = await sim_http.post("/_control/dossiers", json={"status": 4, "plan": [9, 10]})
    assert created.status_code == 201
    code = created.json()["code"]
    assert created.json()["status"] == 4 and created.json()["plan"] == [9, 10]
    assert (await sim_http.post(f"/_control/dossiers/{code}/advance")).json()["status"] == 9
    assert (await sim_http.get(f"/_control/dossiers/{code}")).json()["plan"] == [10]
    answer = await sim_http.post(f"/_control/dossiers/{code}/status", json={"status": 11})
    assert answer.status_code == 400
    await sim_http.post(f"/_control/dossiers/{code}/status", json={"status": 10})
    assert (await sim_http.post(f"/_control/dossiers/{code}/advance")).status_code == 409
    assert (await sim_http.get("/_control/dossiers/none")).status_code == 404
    listed = (await sim_http.get("/_control/dossiers")).json()
    assert code in {d["code"] for d in listed}

    faults = (await sim_http.post("/_control/faults", json={"error_rate": 0.5})).json()
    assert faults["error_rate"] == 0.5
    assert (await sim_http.post("/_control/faults", json={"bogus": 1})).status_code == 400
    assert (await sim_http.post("/_control/faults/reset")).json()["error_rate"] == 0.0
    assert (await sim_http.post("/_control/tokens/ttl", json={"expires_in": 5})).json() == {
        "expires_in": 5.0
    }
    headers = await bearer(sim_http)
    assert (await sim_http.post("/_control/tokens/revoke")).json() == {"revoked": 1}
    answer = await sim_http.get("/pa/dossier-search/dvc", params={"code": code}, headers=headers)
    assert answer.status_code == 401
    speed = (await sim_http.post("/_control/clock", json={"speed": 120})).json()
    assert speed["speed"] == 120
    assert (await sim_http.get("/_control/stats")).json()["unauthorized"] == 1
    assert (await sim_http.get("/healthz")).json()["status"] == "ok"


async def test_fault_knobs_over_http(sim_http: httpx.AsyncClient, sim_store: PortalStore) -> None:
    headers = await bearer(sim_http)
    params = {"code": by_status(sim_store)[4].code}
    sim_store.faults.error_next, sim_store.faults.error_status = 1, 500
    assert (
        await sim_http.get("/pa/dossier-search/dvc", params=params, headers=headers)
    ).status_code == 500
    sim_store.faults.rate_limit_next, sim_store.faults.retry_after = 1, 2.5
    answer = await sim_http.get("/pa/dossier-search/dvc", params=params, headers=headers)
    assert answer.status_code == 429 and answer.headers["retry-after"] == "2.5"
    bodies = set()
    for _ in range(4):
        sim_store.faults.malformed_next = 1
        answer = await sim_http.get("/pa/dossier-search/dvc", params=params, headers=headers)
        assert answer.status_code == 200
        bodies.add(answer.text)
    assert len(bodies) == 4
    sim_store.faults.unauthorized_next = 1
    answer = await sim_http.get("/pa/dossier-search/dvc", params=params, headers=headers)
    assert answer.status_code == 401
    answer = await sim_http.get("/pa/dossier-search/dvc", params=params, headers=headers)
    assert answer.status_code == 200 and answer.json()["content"]


async def test_rate_based_faults_are_seeded(sim_store: PortalStore) -> None:
    other = make_store()
    sim_store.faults.error_rate = other.faults.error_rate = 0.5
    draws = [sim_store.draw("error_next", "error_rate") for _ in range(50)]
    assert draws == [other.draw("error_next", "error_rate") for _ in range(50)]
    assert 0 < sum(draws) < 50
