"""Exceptions raised by portal adapters: the only ones that leave ``get_dossier``.

Hierarchy::

    PortalError                       base; ``text_key`` names the citizen-facing message
    ├── InvalidDossierCode            the code is empty, too long or has control characters
    ├── DossierNotFound               the portal has no dossier with this code
    ├── OwnerVerificationRequired     this portal needs the owner's ID number (CCCD/HC/MST)
    │   └── OwnerMismatch             the ID number given does not match the dossier
    ├── PortalUnavailable             timeouts, connection errors, 5xx, 429, retries exhausted
    │   └── CircuitOpen               failing fast: the breaker is open after repeated failures
    ├── PortalBadResponse             a body that is not the documented shape (never a crash)
    └── PortalAuthError               our client credentials / token were refused

Messages never contain the owner's ID number, tokens, or applicant names: use the helpers in
:mod:`bot.portal.privacy` when a value has to appear in a message or a log line.
"""

from __future__ import annotations


class PortalError(Exception):
    """Base class of every error an adapter raises on purpose."""

    text_key: str = "status_err_generic"

    def __init__(self, message: str = "") -> None:
        super().__init__(message or self.__class__.__doc__ or self.__class__.__name__)
        self.message = message


class DossierNotFound(PortalError):
    """The portal knows no dossier with this code."""

    text_key = "status_err_not_found"

    def __init__(self, code: str, message: str = "") -> None:
        super().__init__(message or f"dossier {code!r} not found")
        self.code = code


class OwnerVerificationRequired(PortalError):
    """This portal only answers with the owner's ID number (CCCD / passport / tax code)."""

    text_key = "status_err_owner_required"


class OwnerMismatch(OwnerVerificationRequired):
    """The owner ID number does not match the dossier's owner or authorised person."""

    text_key = "status_err_owner_mismatch"


class PortalUnavailable(PortalError):
    """The portal did not answer usefully: timeout, connection error, 5xx, 429, or retries ran
    out. ``retry_after`` (seconds) is set when the portal or the breaker says when to retry."""

    text_key = "status_err_unavailable"

    def __init__(
        self, message: str = "", *, retry_after: float | None = None, status: int | None = None
    ) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.status = status


class CircuitOpen(PortalUnavailable):
    """Failing fast without a request: the portal failed repeatedly and is cooling down."""


class PortalBadResponse(PortalError):
    """The portal answered with a body that does not match the documented shape."""

    text_key = "status_err_bad_response"


class PortalAuthError(PortalError):
    """The portal refused our client credentials or token (wrong secret, revoked client)."""

    text_key = "status_err_auth"


__all__ = [
    "CircuitOpen",
    "DossierNotFound",
    "OwnerMismatch",
    "OwnerVerificationRequired",
    "PortalAuthError",
    "PortalBadResponse",
    "PortalError",
    "PortalUnavailable",
]
