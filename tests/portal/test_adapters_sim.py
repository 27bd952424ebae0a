"""Both adapters against the portal simulator over loopback: every status, owner checks,
privacy, history, the lifecycle in accelerated time and the control API."""

from __future__ import annotations

import httpx
import pytest

from bot.portal import (
    DossierNotFound,
    DossierStatus,
    OwnerMismatch,
    OwnerVerificationRequired,
    PortalAuthError,
    build_adapter,
)
from bot.portal.adapters import NATIONAL_LOOKUP_URL
from bot.portal.codes import InvalidDossierCode
from sandbox.portal_sim import RunningPortalSim
from sandbox.portal_store import PortalStore
from tests.portal.conftest import AdapterFactory
from tests.portal.simkit import (
    KINDS,
    ManualTime,
    RecordedSleep,
    by_status,
    fast_policy,
    personal_values,
)


@pytest.mark.parametrize("kind", KINDS)
async def test_every_status_maps_to_the_national_code(
    kind: str, adapter_factory: AdapterFactory, portal_store: PortalStore
) -> None:
    adapter = adapter_factory(kind)
    seeded = by_status(portal_store)
    assert sorted(seeded) == list(range(1, 11))
    for number, sim_dossier in seeded.items():
        dossier = await adapter.get_dossier(sim_dossier.code, sim_dossier.owner.id_number)
        assert dossier.status == DossierStatus(number), sim_dossier.code
        assert dossier.status_label  # the portal's own wording is kept
        assert dossier.code == sim_dossier.code
        assert dossier.procedure_name == sim_dossier.procedure_name
        assert dossier.source == kind
        assert dossier.submitted_at is not None and dossier.submitted_at.tzinfo is not None
        if number >= 2 and number != 3:
            assert dossier.appointment_at == sim_dossier.appointment_at
        if number in (9, 10):
            assert dossier.completed_at == sim_dossier.completed_at
            assert dossier.has_result


@pytest.mark.parametrize("kind", KINDS)
async def test_personal_fields_never_reach_the_dossier(
    kind: str, adapter_factory: AdapterFactory, portal_store: PortalStore
) -> None:
    adapter = adapter_factory(kind)
    for sim_dossier in portal_store.all():
        dossier = await adapter.get_dossier(sim_dossier.code, sim_dossier.owner.id_number)
        dumped = dossier.model_dump_json()
        for value in personal_values(sim_dossier):
            assert value not in dumped, (kind, value)


async def test_onestop_requires_the_owner_id_before_any_request(
    adapter_factory: AdapterFactory, portal_store: PortalStore
) -> None:
    adapter = adapter_factory("onestop")
    assert adapter.requires_owner_id
    code = by_status(portal_store)[4].code
    for missing in (None, "", "   "):
        with pytest.raises(OwnerVerificationRequired) as info:
            await adapter.get_dossier(code, missing)
        assert not isinstance(info.value, OwnerMismatch)
    with pytest.raises(OwnerVerificationRequired):
        await adapter.get_dossier(code, "12<script>")
    assert portal_store.stats["onestop_search"] == 0


async def test_onestop_checks_the_owner_id(
    adapter_factory: AdapterFactory, portal_store: PortalStore
) -> None:
    adapter = adapter_factory("onestop")
    sim_dossier = by_status(portal_store)[5]
    with pytest.raises(OwnerMismatch) as info:
        await adapter.get_dossier(sim_dossier.code, "000000000999999")
    assert "000000000999999" not in str(info.value)
    spaced = " ".join(sim_dossier.owner.id_number[i : i + 4] for i in range(0, 12, 4))
    dossier = await adapter.get_dossier(sim_dossier.code, spaced)
    assert dossier.status is DossierStatus.SUPPLEMENT_REQUIRED
    assert dossier.reason == sim_dossier.supplement_reason


async def test_onestop_accepts_the_authorised_person(
    adapter_factory: AdapterFactory, portal_store: PortalStore
) -> None:
    proxy = next(d for d in portal_store.all() if d.proxy_id_number)
    assert proxy.proxy_id_number is not None
    dossier = await adapter_factory("onestop").get_dossier(proxy.code, proxy.proxy_id_number)
    assert dossier.code == proxy.code


async def test_igate_ignores_the_owner_id(
    adapter_factory: AdapterFactory, portal_store: PortalStore
) -> None:
    adapter = adapter_factory("igate")
    assert not adapter.requires_owner_id
    code = by_status(portal_store)[2].code
    assert (await adapter.get_dossier(code)).status is DossierStatus.RECEIVED
    assert (await adapter.get_dossier(code.lower(), "anything")).code == code


@pytest.mark.parametrize("kind", KINDS)
async def test_unknown_and_invalid_codes(kind: str, adapter_factory: AdapterFactory) -> None:
    adapter = adapter_factory(kind)
    with pytest.raises(DossierNotFound):
        await adapter.get_dossier("000.99.99.H27-250101-9999", "000000000101")
    with pytest.raises(InvalidDossierCode):
        await adapter.get_dossier("   ", "000000000101")
    with pytest.raises(InvalidDossierCode):
        await adapter.get_dossier("x" * 100, "000000000101")


async def test_onestop_history_and_reasons(
    adapter_factory: AdapterFactory, portal_store: PortalStore
) -> None:
    adapter = adapter_factory("onestop", attempts=1)
    returned = by_status(portal_store)[10]
    dossier = await adapter.get_dossier(returned.code, returned.owner.id_number)
    assert [entry.status_label for entry in dossier.history] == [
        e.status.label_vi for e in returned.events
    ]
    times = [entry.at for entry in dossier.history]
    assert times == sorted(t for t in times if t is not None)
    refused = by_status(portal_store)[3]
    dossier = await adapter.get_dossier(refused.code, refused.owner.id_number)
    assert dossier.reason == refused.refusal_reason and dossier.is_closed


async def test_live_dossier_moves_in_accelerated_time(
    adapter_factory: AdapterFactory, portal_store: PortalStore, sim_time: ManualTime
) -> None:
    portal_store.clock.set_speed(3600.0)  # 4 simulated hours per 4 real seconds
    live = next(d for d in portal_store.all() if d.plan == [2, 4, 9, 10])
    adapters = {kind: adapter_factory(kind) for kind in KINDS}
    seen: list[DossierStatus] = []
    for _ in range(5):
        statuses = {
            kind: (await a.get_dossier(live.code, live.owner.id_number)).status
            for kind, a in adapters.items()
        }
        assert statuses["igate"] == statuses["onestop"]
        seen.append(statuses["igate"])
        sim_time.advance(4.0)
    assert seen == [1, 2, 4, 9, 10]


async def test_control_api_drives_what_the_adapters_see(
    adapter_factory: AdapterFactory, portal_sim: RunningPortalSim
) -> None:
    adapter = adapter_factory("onestop")
    async with httpx.AsyncClient(base_url=portal_sim.base_url) as control:
        created = (
            await control.post("/_control/dossiers", json={"owner_id": "000000000777"})
        ).json()
        code = created["code"]
        assert (await adapter.get_dossier(code, "000000000777")).status == 1
        await control.post(f"/_control/dossiers/{code}/advance")
        dossier = await adapter.get_dossier(code, "000000000777")
        assert dossier.status is DossierStatus.RECEIVED and dossier.appointment_at
        answer = await control.post(
            f"/_control/dossiers/{code}/status", json={"status": 5, "reason": "Thiếu tờ khai"}
        )
        assert answer.json()["status"] == 5
    dossier = await adapter.get_dossier(code, "000000000777")
    assert dossier.status is DossierStatus.SUPPLEMENT_REQUIRED
    assert dossier.reason == "Thiếu tờ khai"
    assert dossier.needs_citizen_action


async def test_official_lookup_url() -> None:
    page = "https://dvc.example.invalid/tra-cuu?MHS={code}"
    async with build_adapter("onestop", base_url="http://127.0.0.1:9", lookup_url=page) as one:
        assert (
            one.official_lookup_url(" A/B-1 ") == "https://dvc.example.invalid/tra-cuu?MHS=A%2FB-1"
        )
    async with build_adapter(
        "igate", base_url="http://127.0.0.1:9", client_id="a", client_secret="b"
    ) as igate:
        assert igate.official_lookup_url("X") == NATIONAL_LOOKUP_URL


@pytest.mark.parametrize(
    ("kind", "kwargs", "message"),
    [
        ("nope", {"base_url": "http://x"}, "unknown portal kind"),
        ("igate", {"base_url": "http://x"}, "client id"),
        ("onestop", {"base_url": "ftp://x"}, "http://"),
    ],
)
def test_build_adapter_rejects_bad_settings(kind: str, kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build_adapter(kind, **kwargs)


async def test_onestop_without_gateway_credentials(
    portal_sim: RunningPortalSim, portal_store: PortalStore, client_clock: ManualTime
) -> None:
    policy = fast_policy(client_clock, RecordedSleep())
    dossier = by_status(portal_store)[9]
    async with build_adapter("onestop", base_url=portal_sim.base_url, http=policy) as anonymous:
        with pytest.raises(PortalAuthError):  # the gateway wants a token
            await anonymous.get_dossier(dossier.code, dossier.owner.id_number)
        portal_store.onestop_requires_token = False  # like the TD platform's public lookup
        found = await anonymous.get_dossier(dossier.code, dossier.owner.id_number)
    assert found.status is DossierStatus.RESULT_READY
    assert portal_store.stats["token"] == 0
