"""Fault injection around the simulated API, and the control API that drives the simulator.

:func:`guarded` wraps a data endpoint: it counts the request (``store.stats[name]``), applies
the knobs of ``store.faults`` (latency, 500/503, a hang longer than any client timeout, 429
with ``Retry-After``, malformed bodies) and checks the bearer token.

Control API (JSON, no authentication: the simulator only listens on loopback by default)::

    GET  /_control/dossiers                      list (code, status, fake owner ID …)
    POST /_control/dossiers                      create {procedure_index?, owner_id?,
                                                 proxy_id?, status?, plan?: [int], code?}
    GET  /_control/dossiers/{code}               one dossier
    POST /_control/dossiers/{code}/advance       next status (plan or default lifecycle)
    POST /_control/dossiers/{code}/status        set {status: 1-10, reason?}
    GET  /_control/faults   POST /_control/faults (merge fields)   POST /_control/faults/reset
    POST /_control/tokens/revoke | /expire       POST /_control/tokens/ttl {expires_in}
    POST /_control/clock {speed}                 GET /_control/stats
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import asdict, fields, replace
from datetime import timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.portal.status import DossierStatus
from sandbox.portal_seed import fake_owner, new_dossier
from sandbox.portal_store import FaultConfig, PortalStore, SimDossier

Handler = Callable[[Request], Awaitable[Response]]

_MALFORMED: tuple[tuple[str, str], ...] = (
    ('{"content": [{"code": "000.99', "application/json"),
    ("<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html"),
    ('{"content": "unexpected", "succeeded": "maybe", "data": 42}', "application/json"),
    ("null", "application/json"),
)


async def pause(store: PortalStore, seconds: float) -> None:
    """Sleep up to ``seconds``, cut short when the simulator shuts down."""
    if store.shutdown is None:
        await asyncio.sleep(seconds)
        return
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(store.shutdown.wait(), seconds)


def bearer_ok(store: PortalStore, request: Request) -> bool:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return scheme.lower() == "bearer" and store.tokens.is_valid(token.strip())


async def _inject(store: PortalStore) -> Response | None:
    faults = store.faults
    if faults.latency > 0:
        await pause(store, faults.latency)
    if store.draw("error_next", "error_rate"):
        store.stats["fault_error"] += 1
        code = faults.error_status
        return JSONResponse({"status": code, "error": "Service Unavailable"}, status_code=code)
    if store.draw("timeout_next", "timeout_rate"):
        store.stats["fault_timeout"] += 1
        await pause(store, faults.hang_seconds)
        return JSONResponse({"status": 504, "error": "Gateway Timeout"}, status_code=504)
    if store.draw("rate_limit_next", "rate_limit_rate"):
        store.stats["fault_rate_limit"] += 1
        return JSONResponse(
            {"status": 429, "error": "Too Many Requests"},
            status_code=429,
            headers={"Retry-After": f"{faults.retry_after:g}"},
        )
    return None


def guarded(
    store: PortalStore,
    name: str,
    handler: Handler,
    *,
    needs_token: Callable[[], bool] = lambda: True,
    with_faults: Callable[[], bool] = lambda: True,
) -> Handler:
    """Wrap a simulated endpoint with counting, fault knobs and the bearer-token check."""

    async def endpoint(request: Request) -> Response:
        store.stats[name] += 1
        faulty = with_faults()
        if faulty and (early := await _inject(store)) is not None:
            return early
        if needs_token() and (not bearer_ok(store, request) or store.draw("unauthorized_next")):
            store.stats["unauthorized"] += 1
            return JSONResponse(
                {"error": "invalid_token", "error_description": "Token verification failed"},
                status_code=401,
                headers={"WWW-Authenticate": 'Bearer realm="digo", error="invalid_token"'},
            )
        response = await handler(request)
        if faulty and store.draw("malformed_next", "malformed_rate"):
            body, media_type = _MALFORMED[store.stats["fault_malformed"] % len(_MALFORMED)]
            store.stats["fault_malformed"] += 1
            return Response(body, status_code=200, media_type=media_type)
        return response

    return endpoint


async def read_json(request: Request) -> dict[str, Any]:
    """The JSON object body, or ``{}`` for an empty or non-object body."""
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def describe(dossier: SimDossier) -> dict[str, Any]:
    return {
        "code": dossier.code,
        "nation_code": dossier.nation_code,
        "status": int(dossier.status),
        "status_label": dossier.status.label_vi,
        "procedure_code": dossier.procedure_code,
        "procedure_name": dossier.procedure_name,
        "owner_id_number": dossier.owner.id_number,
        "proxy_id_number": dossier.proxy_id_number,
        "plan": [int(s) for s in dossier.plan],
        "appointment_at": dossier.appointment_at.isoformat() if dossier.appointment_at else None,
    }


def _error(message: str, status: int = 400) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _status(value: Any) -> DossierStatus:
    status = DossierStatus(int(value))
    if status is DossierStatus.UNKNOWN:
        raise ValueError("status must be 1-10")
    return status


def control_routes(store: PortalStore) -> list[Route]:
    """The ``/_control`` routes bound to ``store``."""

    async def list_dossiers(request: Request) -> Response:
        return JSONResponse([describe(d) for d in store.all()])

    async def create(request: Request) -> Response:
        body = await read_json(request)
        try:
            owner = None
            if body.get("owner_id"):
                owner = replace(fake_owner(0), id_number=str(body["owner_id"]))
            dossier = new_dossier(
                store,
                submitted_at=store.clock.now(),
                procedure_index=int(body.get("procedure_index", 0)),
                owner=owner,
                proxy_id_number=body.get("proxy_id"),
                code=body.get("code"),
            )
            if "status" in body and _status(body["status"]) is not DossierStatus.SUBMITTED:
                store.transition(dossier, _status(body["status"]), reason=body.get("reason", ""))
            if body.get("plan"):
                store.schedule(dossier, [_status(s) for s in body["plan"]])
        except (TypeError, ValueError) as exc:
            return _error(str(exc))
        return JSONResponse(describe(dossier), status_code=201)

    def _find(request: Request) -> SimDossier | None:
        return store.get(request.path_params["code"])

    async def show(request: Request) -> Response:
        dossier = _find(request)
        return JSONResponse(describe(dossier)) if dossier else _error("not found", 404)

    async def advance(request: Request) -> Response:
        dossier = _find(request)
        if dossier is None:
            return _error("not found", 404)
        try:
            store.advance(dossier)
        except ValueError as exc:
            return _error(str(exc), 409)
        return JSONResponse(describe(dossier))

    async def set_status(request: Request) -> Response:
        dossier = _find(request)
        if dossier is None:
            return _error("not found", 404)
        body = await read_json(request)
        try:
            status = _status(body.get("status"))
        except (TypeError, ValueError) as exc:
            return _error(f"bad status: {exc}")
        store.transition(dossier, status, reason=str(body.get("reason") or ""))
        return JSONResponse(describe(dossier))

    async def faults(request: Request) -> Response:
        if request.method == "POST":
            body = await read_json(request)
            unknown = sorted(set(body) - {f.name for f in fields(FaultConfig)})
            if unknown:
                return _error(f"unknown fault knobs: {unknown}")
            try:
                for key, value in body.items():
                    kind = type(getattr(store.faults, key))
                    if kind is bool and not isinstance(value, bool):
                        raise ValueError(f"{key} must be true or false")
                    setattr(store.faults, key, kind(value))
            except (TypeError, ValueError) as exc:
                return _error(str(exc))
        return JSONResponse(asdict(store.faults))

    async def reset_faults(request: Request) -> Response:
        store.faults = FaultConfig()
        return JSONResponse(asdict(store.faults))

    async def tokens(request: Request) -> Response:
        action = request.path_params["action"]
        if action == "revoke":
            return JSONResponse({"revoked": store.tokens.revoke_all()})
        if action == "expire":
            return JSONResponse({"expired": store.tokens.expire_all()})
        if action == "ttl":
            body = await read_json(request)
            store.tokens.ttl = float(body.get("expires_in", store.tokens.ttl))
            return JSONResponse({"expires_in": store.tokens.ttl})
        return _error("unknown token action", 404)

    async def clock(request: Request) -> Response:
        body = await read_json(request)
        if "speed" in body:
            store.clock.set_speed(float(body["speed"]))
        if "step_minutes" in body:
            store.step = timedelta(minutes=float(body["step_minutes"]))
        return JSONResponse({"now": store.clock.now().isoformat(), "speed": store.clock.speed})

    async def stats(request: Request) -> Response:
        return JSONResponse(dict(store.stats))

    return [
        Route("/_control/dossiers", list_dossiers, methods=["GET"]),
        Route("/_control/dossiers", create, methods=["POST"]),
        Route("/_control/dossiers/{code}", show, methods=["GET"]),
        Route("/_control/dossiers/{code}/advance", advance, methods=["POST"]),
        Route("/_control/dossiers/{code}/status", set_status, methods=["POST"]),
        Route("/_control/faults", faults, methods=["GET", "POST"]),
        Route("/_control/faults/reset", reset_faults, methods=["POST"]),
        Route("/_control/tokens/{action}", tokens, methods=["POST"]),
        Route("/_control/clock", clock, methods=["GET", "POST"]),
        Route("/_control/stats", stats, methods=["GET"]),
    ]
