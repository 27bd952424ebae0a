"""The one async interface every portal adapter implements.

``get_dossier`` ends in a :class:`~bot.portal.models.Dossier` or in one of the exceptions of
:mod:`bot.portal.errors` — nothing else escapes: the base class validates the input, and any
unexpected decoding problem inside an adapter becomes :class:`PortalBadResponse`.

``official_lookup_url`` is always offered to the citizen next to the bot's answer (and
instead of it when the portal cannot be reached): by default the national lookup page,
or an operator-configured page; a ``{code}`` placeholder in it is filled with the code.
"""

from __future__ import annotations

import logging
import re
from abc import ABC, abstractmethod
from types import TracebackType
from typing import ClassVar, Self
from urllib.parse import quote

from pydantic import ValidationError

from bot.personal_numbers import normalise_owner_id
from bot.portal.codes import sanitize_code
from bot.portal.errors import OwnerVerificationRequired, PortalBadResponse, PortalError
from bot.portal.http import BreakerState, PortalHttpClient
from bot.portal.models import Dossier

log = logging.getLogger(__name__)

#: The national portal's lookup page (dossier code + captcha), valid for every province.
NATIONAL_LOOKUP_URL = "https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html"

_OWNER_ID = re.compile(r"^[0-9A-Z-]{6,20}$")


def normalize_owner_id(value: str | None) -> str:
    """Canonical owner ID number (CCCD/CMND digits, passport, tax code with branch suffix).

    An ID card, tax code or passport number in any spelling bot/personal_numbers.py knows
    is sent in its canonical form; other ID-like text (a letter and digits, hyphens kept)
    as before. Raises :class:`OwnerVerificationRequired` when missing or clearly not an ID
    number.
    """
    if value is None or not value.strip():
        raise OwnerVerificationRequired("this portal needs the owner's ID number")
    canonical = normalise_owner_id(value)
    if canonical is not None:
        return canonical
    text = "".join(value.split()).upper()
    if not _OWNER_ID.match(text):
        raise OwnerVerificationRequired("the owner's ID number has an invalid format")
    return text


class PortalAdapter(ABC):
    """Reads one dossier from one kind of portal API and returns the canonical model."""

    kind: ClassVar[str]
    #: True when the portal answers only with the owner's ID number (code + CCCD).
    requires_owner_id: ClassVar[bool] = False

    def __init__(self, http: PortalHttpClient, *, lookup_url: str = NATIONAL_LOOKUP_URL) -> None:
        self._http = http
        self._lookup_url = lookup_url

    async def get_dossier(self, code: str, owner_id: str | None = None) -> Dossier:
        """The dossier with this code, or a :class:`PortalError` subclass."""
        clean_code = sanitize_code(code)
        clean_owner = normalize_owner_id(owner_id) if self.requires_owner_id else None
        try:
            return await self._fetch(clean_code, clean_owner)
        except PortalError:
            raise
        except (ValidationError, ValueError, KeyError, TypeError, AttributeError) as exc:
            log.warning("portal %s: unexpected data (%s)", self.kind, type(exc).__name__)
            raise PortalBadResponse(
                f"unexpected data from the portal: {type(exc).__name__}"
            ) from exc

    @abstractmethod
    async def _fetch(self, code: str, owner_id: str | None) -> Dossier:
        """Adapter-specific lookup; inputs are already sanitised."""

    def official_lookup_url(self, code: str) -> str:
        """The official page where the citizen can check the dossier themselves."""
        if "{code}" in self._lookup_url:
            return self._lookup_url.replace("{code}", quote(code.strip(), safe=""))
        return self._lookup_url

    @property
    def breaker_state(self) -> BreakerState:
        """For health checks and metrics."""
        return self._http.breaker.state

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
