"""Build the portal adapter from the settings (the composition root's portal part)."""

from __future__ import annotations

import httpx

from bot.config import Settings
from bot.errors import StartupError
from bot.portal.adapters import NATIONAL_LOOKUP_URL, build_adapter
from bot.portal.adapters.base import PortalAdapter
from bot.portal.http import HttpPolicy


def citizen_policy(transport: httpx.AsyncBaseTransport | None) -> HttpPolicy:
    """Timeouts for citizens' look-ups, which are given up after ``LOOKUP_DEADLINE_S``
    (bot/dossiers/lookup.py, 8 s). An attempt times out well before that, so a stuck
    connection is tried once more, and the timeout counts for the circuit breaker (a look-up
    cut off by the deadline does not), which, once open, answers the next citizens at once
    while the portal hangs."""
    return HttpPolicy(
        transport=transport,
        connect_timeout=3.0,
        read_timeout=5.0,
        write_timeout=5.0,
        pool_timeout=2.0,
    )


def build_portal(
    settings: Settings, transport: httpx.AsyncBaseTransport | None = None
) -> PortalAdapter:
    """The adapter chosen by DVC_PORTAL_KIND; a bad value stops start-up with one line."""
    try:
        return build_adapter(
            settings.portal_kind.value,
            base_url=settings.portal_url,
            client_id=settings.portal_client_id,
            client_secret=settings.portal_client_secret.get_secret_value(),
            http=citizen_policy(transport),
            token_url=settings.portal_token_url,
            realm=settings.portal_realm,
            lookup_url=settings.portal_lookup_url or NATIONAL_LOOKUP_URL,
        )
    except ValueError as exc:
        variable = "DVC_PORTAL_CLIENT_SECRET" if "client" in str(exc) else "DVC_PORTAL_URL"
        raise StartupError(f"{variable}: {exc}") from None
