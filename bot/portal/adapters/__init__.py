"""Portal adapters and the factory that builds one from settings.

Kinds (``DVC_PORTAL_KIND``):

``igate``
    VNPT iGate-style gateway: OAuth2 client-credentials token from a Keycloak realm
    (default ``digo``; ``token_url`` when the SSO host differs from the API host), then
    ``GET /pa/dossier-search/dvc?code=…``. Needs client id and secret. Owner ID not needed.
``onestop``
    Provincial one-stop platform (TD): ``POST /api/v1/hosos/searchhosotracuu`` with the code
    and the owner's ID number, history from ``/api/v1/quatrinhxulyhosos``. A bearer token is
    fetched the same way when client id and secret are given; otherwise requests are
    anonymous. ``requires_owner_id`` is True.

The portal simulator (``sandbox.portal_sim``) serves both shapes, so ``demo`` uses one of
these kinds with ``base_url`` pointing at the simulator.
"""

from __future__ import annotations

from bot.portal.adapters.base import NATIONAL_LOOKUP_URL, PortalAdapter, normalize_owner_id
from bot.portal.adapters.igate import IGateAdapter
from bot.portal.adapters.onestop import OneStopAdapter
from bot.portal.http import HttpPolicy, PortalHttpClient
from bot.portal.oauth import ClientCredentialsToken, keycloak_token_url

ADAPTER_KINDS: dict[str, str] = {
    "igate": "VNPT iGate-style API (Keycloak client-credentials token, /pa/dossier-search/dvc)",
    "onestop": "provincial one-stop platform (dossier code + owner ID number, Result<HoSoDto>)",
}


def build_adapter(
    kind: str,
    *,
    base_url: str,
    client_id: str = "",
    client_secret: str = "",
    http: HttpPolicy | None = None,
    token_url: str | None = None,
    realm: str = "digo",
    lookup_url: str = NATIONAL_LOOKUP_URL,
) -> PortalAdapter:
    """Build the adapter for ``kind`` ("igate" or "onestop").

    Raises ``ValueError`` with a one-line reason for an unknown kind, a missing base URL, or
    (for "igate") missing client credentials — suitable for start-up validation.
    """
    name = kind.strip().lower()
    if name not in ADAPTER_KINDS:
        raise ValueError(f"unknown portal kind {kind!r}; expected one of {sorted(ADAPTER_KINDS)}")
    if not base_url.startswith(("http://", "https://")):
        raise ValueError("portal base URL must start with http:// or https://")
    if name == "igate" and not (client_id and client_secret):
        raise ValueError("portal kind 'igate' needs a client id and a client secret")
    client = PortalHttpClient(base_url.rstrip("/"), http)
    token = None
    if client_id and client_secret:
        token = ClientCredentialsToken(
            client,
            token_url or keycloak_token_url(base_url, realm),
            client_id,
            client_secret,
        )
    if name == "igate":
        assert token is not None
        return IGateAdapter(client, token, lookup_url=lookup_url)
    return OneStopAdapter(client, token, lookup_url=lookup_url)


__all__ = [
    "ADAPTER_KINDS",
    "NATIONAL_LOOKUP_URL",
    "IGateAdapter",
    "OneStopAdapter",
    "PortalAdapter",
    "build_adapter",
    "normalize_owner_id",
]
