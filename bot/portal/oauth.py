"""OAuth2 client-credentials tokens (Keycloak realm, e.g. iGate's ``digo``), cached.

The token is requested with HTTP Basic client authentication and
``grant_type=client_credentials`` (as the iGate portals expect), kept in memory only, and
refreshed ``refresh_margin`` seconds before it expires (at most a fifth of its lifetime, so
very short-lived tokens still get used). Concurrent callers share one fetch. After a 401 the
adapter calls :meth:`ClientCredentialsToken.invalidate` and asks again.

Tokens and the client secret never appear in logs or exception messages.
"""

from __future__ import annotations

import asyncio
import logging

import httpx
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.portal.errors import PortalAuthError
from bot.portal.http import PortalHttpClient, parse_body

log = logging.getLogger(__name__)


def keycloak_token_url(base_url: str, realm: str = "digo") -> str:
    """``<base>/auth/realms/<realm>/protocol/openid-connect/token``."""
    return f"{base_url.rstrip('/')}/auth/realms/{realm}/protocol/openid-connect/token"


class TokenResponse(BaseModel):
    model_config = ConfigDict(extra="ignore")

    access_token: str = Field(min_length=1)
    expires_in: float = Field(default=300.0, gt=0)
    token_type: str = "Bearer"


class TokenError(BaseModel):
    model_config = ConfigDict(extra="ignore")

    error: str = "unknown"


def _error_code(response: httpx.Response) -> str:
    """The OAuth ``error`` field of a refusal, tolerating non-JSON bodies."""
    try:
        return TokenError.model_validate_json(response.content).error[:60]
    except ValidationError:
        return "no error code"


class ClientCredentialsToken:
    """A cached bearer token obtained with the client-credentials grant."""

    def __init__(
        self,
        http: PortalHttpClient,
        token_url: str,
        client_id: str,
        client_secret: str,
        *,
        refresh_margin: float = 30.0,
        scope: str | None = None,
    ) -> None:
        if not client_id or not client_secret:
            raise ValueError("client id and client secret are required for the token endpoint")
        self._http = http
        self._token_url = token_url
        self._auth = httpx.BasicAuth(client_id, client_secret)
        self._scope = scope
        self._refresh_margin = refresh_margin
        self._clock = http.policy.clock
        self._token: str | None = None
        self._refresh_at = 0.0
        self._lock = asyncio.Lock()
        self.fetch_count = 0

    def _fresh(self) -> str | None:
        if self._token is not None and self._clock() < self._refresh_at:
            return self._token
        return None

    async def get(self) -> str:
        """A valid access token, fetched only when missing or close to expiry."""
        token = self._fresh()
        if token is not None:
            return token
        async with self._lock:
            token = self._fresh()
            if token is None:
                token = await self._fetch()
            return token

    def invalidate(self, token: str) -> None:
        """Drop ``token`` after the API refused it (no-op if already replaced)."""
        if self._token == token:
            self._token = None

    async def _fetch(self) -> str:
        form = {"grant_type": "client_credentials"}
        if self._scope:
            form["scope"] = self._scope
        response = await self._http.request("POST", self._token_url, data=form, auth=self._auth)
        if response.status_code >= 400:
            raise PortalAuthError(
                f"token endpoint refused the client (HTTP {response.status_code}, "
                f"{_error_code(response)})"
            )
        body = parse_body(response, TokenResponse, what="token response")
        margin = min(self._refresh_margin, body.expires_in / 5)
        self._token = body.access_token
        self._refresh_at = self._clock() + body.expires_in - margin
        self.fetch_count += 1
        log.info("portal token obtained, valid for %.0f s", body.expires_in)
        return body.access_token
