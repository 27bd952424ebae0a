"""Portal access: canonical dossier model, adapters and HTTP policy (no Telegram)."""

from bot.portal.adapters import ADAPTER_KINDS, NATIONAL_LOOKUP_URL, PortalAdapter, build_adapter
from bot.portal.codes import InvalidDossierCode
from bot.portal.errors import (
    CircuitOpen,
    DossierNotFound,
    OwnerMismatch,
    OwnerVerificationRequired,
    PortalAuthError,
    PortalBadResponse,
    PortalError,
    PortalUnavailable,
)
from bot.portal.http import BreakerPolicy, HttpPolicy, RetryPolicy
from bot.portal.models import Dossier, HistoryEntry
from bot.portal.status import DossierStatus

__all__ = [
    "ADAPTER_KINDS",
    "NATIONAL_LOOKUP_URL",
    "BreakerPolicy",
    "CircuitOpen",
    "Dossier",
    "DossierNotFound",
    "DossierStatus",
    "HistoryEntry",
    "HttpPolicy",
    "InvalidDossierCode",
    "OwnerMismatch",
    "OwnerVerificationRequired",
    "PortalAdapter",
    "PortalAuthError",
    "PortalBadResponse",
    "PortalError",
    "PortalUnavailable",
    "RetryPolicy",
    "build_adapter",
]
