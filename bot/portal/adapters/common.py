"""Pieces shared by the adapters: bearer-token requests and small field mappings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from bot.portal.errors import PortalAuthError, PortalBadResponse
from bot.portal.http import PortalHttpClient
from bot.portal.oauth import ClientCredentialsToken
from bot.portal.status import fold

#: Canonical submission channels (``Dossier.apply_channel``).
CHANNEL_IN_PERSON = "in_person"
CHANNEL_ONLINE = "online"
CHANNEL_POST = "post"

# TD ``KenhThucHien``: "1" Trực tiếp, "2" Trực tuyến, "3" Qua bưu chính công ích (BCCI).
_CHANNEL_CODES = {"1": CHANNEL_IN_PERSON, "2": CHANNEL_ONLINE, "3": CHANNEL_POST}
_CHANNEL_WORDS = (
    ("truc tuyen", CHANNEL_ONLINE),
    ("online", CHANNEL_ONLINE),
    ("buu chinh", CHANNEL_POST),
    ("bcci", CHANNEL_POST),
    ("truc tiep", CHANNEL_IN_PERSON),
)


def channel_from(value: str | None) -> str | None:
    """Map a channel code (``"2"``) or name (``"Trực tuyến"``) to a canonical channel."""
    if not value:
        return None
    if value.strip() in _CHANNEL_CODES:
        return _CHANNEL_CODES[value.strip()]
    folded = fold(value)
    return next((channel for word, channel in _CHANNEL_WORDS if word in folded), None)


async def bearer_request(
    http: PortalHttpClient,
    token: ClientCredentialsToken | None,
    method: str,
    url: str,
    *,
    params: Mapping[str, str | int] | None = None,
    json: Any = None,
) -> httpx.Response:
    """Send with ``Authorization: Bearer``; on 401 fetch a new token and try once more.

    A second 401, or a 403, is :class:`PortalAuthError`. Without a token provider the
    request goes out anonymously and a 401/403 is :class:`PortalAuthError` at once.
    """
    for first_try in (True, False):
        headers: dict[str, str] = {}
        current: str | None = None
        if token is not None:
            current = await token.get()
            headers["Authorization"] = f"Bearer {current}"
        response = await http.request(method, url, headers=headers, params=params, json=json)
        if response.status_code == 401 and token is not None and current and first_try:
            token.invalidate(current)
            continue
        if response.status_code in (401, 403):
            raise PortalAuthError(f"portal refused the request (HTTP {response.status_code})")
        return response
    raise AssertionError("unreachable")  # pragma: no cover


def unexpected_status(response: httpx.Response, what: str) -> PortalBadResponse:
    """The error for an HTTP status an endpoint is not documented to return."""
    return PortalBadResponse(f"{what}: unexpected HTTP {response.status_code}")
