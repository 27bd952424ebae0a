"""VNPT iGate-style portals (Keycloak realm ``digo``; ``dossier_status.md`` §4).

Request::

    POST <sso>/auth/realms/digo/protocol/openid-connect/token   (client credentials, Basic)
    GET  <api>/pa/dossier-search/dvc?page=0&size=10&spec=slice&code=<mã hồ sơ>
         Authorization: Bearer <token>

Answer: a Spring page, ``{"content": [ … ], "totalElements"?, "number", "size", …}``; each
item has ``code``, ``nationCode``, ``procedure.translate[0].name`` (or a single
``translate`` object, or one keyed ``"0"``), ``dossierStatus.{id,name}``,
``statusCurrentTask``, ``applyMethod.name``, ``appliedDate``, ``acceptedDate``,
``appointmentDate``, ``completedDate``, ``applicant.data.*`` …

``dossierStatus.id`` values are not standard, so the status is mapped from the *name text*
(then from ``statusCurrentTask``) and the portal's own label is kept verbatim. The fields
``procedure.code``, ``agency.name`` and ``returnedDate`` are read when present (seen in other
iGate screens, not in the documented sample). ``applicant`` is never parsed.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.portal import status as st
from bot.portal.adapters.base import NATIONAL_LOOKUP_URL, PortalAdapter
from bot.portal.adapters.common import bearer_request, channel_from, unexpected_status
from bot.portal.errors import DossierNotFound
from bot.portal.http import PortalHttpClient, parse_body
from bot.portal.models import Dossier, OptionalText, PortalDatetime
from bot.portal.oauth import ClientCredentialsToken

SEARCH_PATH = "/pa/dossier-search/dvc"


class _Wire(BaseModel):
    # Unknown fields (including every applicant field) are dropped at parse time.
    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class IGateNamed(_Wire):
    id: OptionalText = None
    name: OptionalText = None


class IGateTranslate(_Wire):
    name: OptionalText = None


class IGateProcedure(_Wire):
    id: OptionalText = None
    code: OptionalText = None
    translate: list[IGateTranslate] = Field(default_factory=list)

    @field_validator("translate", mode="before")
    @classmethod
    def _translate_shapes(cls, value: Any) -> Any:
        """Accept a list, a single object, or an object keyed by index (``{"0": {…}}``)."""
        if value is None:
            return []
        if isinstance(value, dict):
            if "name" in value or not value:
                return [value]
            return [value[key] for key in sorted(value, key=str)]
        return value

    @property
    def name(self) -> str | None:
        return next((t.name for t in self.translate if t.name), None)


class IGateDossierItem(_Wire):
    id: OptionalText = None
    code: str = Field(min_length=1)
    nation_code: OptionalText = Field(default=None, alias="nationCode")
    procedure: IGateProcedure | None = None
    dossier_status: IGateNamed | None = Field(default=None, alias="dossierStatus")
    status_current_task: OptionalText = Field(default=None, alias="statusCurrentTask")
    apply_method: IGateNamed | None = Field(default=None, alias="applyMethod")
    agency: IGateNamed | None = None
    applied_date: PortalDatetime = Field(default=None, alias="appliedDate")
    accepted_date: PortalDatetime = Field(default=None, alias="acceptedDate")
    appointment_date: PortalDatetime = Field(default=None, alias="appointmentDate")
    completed_date: PortalDatetime = Field(default=None, alias="completedDate")
    returned_date: PortalDatetime = Field(default=None, alias="returnedDate")


class IGatePage(_Wire):
    content: list[IGateDossierItem]
    total_elements: int | None = Field(default=None, alias="totalElements")
    number: int | None = None
    size: int | None = None


def igate_item_to_dossier(item: IGateDossierItem, *, source: str = "igate") -> Dossier:
    """Map one search item to the canonical model."""
    status_name = item.dossier_status.name if item.dossier_status else None
    status = st.from_any(status_name, item.status_current_task)
    label = status_name or item.status_current_task or status.label_vi
    return Dossier(
        code=item.code,
        nation_code=item.nation_code,
        procedure_code=item.procedure.code if item.procedure else None,
        procedure_name=item.procedure.name if item.procedure else None,
        status=status,
        status_label=label,
        submitted_at=item.applied_date,
        received_at=item.accepted_date,
        appointment_at=item.appointment_date,
        completed_at=item.completed_date,
        returned_at=item.returned_date,
        processing_unit=item.agency.name if item.agency else None,
        current_step=item.status_current_task,
        apply_channel=channel_from(item.apply_method.name if item.apply_method else None),
        source=source,
    )


def pick_item(page: IGatePage, code: str) -> IGateDossierItem | None:
    """The item whose ``code`` or ``nationCode`` equals the code asked for."""
    wanted = code.strip().upper()
    for item in page.content:
        if item.code.strip().upper() == wanted:
            return item
        if item.nation_code and item.nation_code.upper() == wanted:
            return item
    return None


class IGateAdapter(PortalAdapter):
    """Dossier lookup through an iGate API gateway with a client-credentials token."""

    kind = "igate"
    requires_owner_id = False

    def __init__(
        self,
        http: PortalHttpClient,
        token: ClientCredentialsToken,
        *,
        lookup_url: str = NATIONAL_LOOKUP_URL,
    ) -> None:
        super().__init__(http, lookup_url=lookup_url)
        self._token = token

    async def _fetch(self, code: str, owner_id: str | None) -> Dossier:
        params: dict[str, str | int] = {"page": 0, "size": 10, "spec": "slice", "code": code}
        response = await bearer_request(self._http, self._token, "GET", SEARCH_PATH, params=params)
        if response.status_code != 200:  # no match is an empty page, never a 404
            raise unexpected_status(response, "iGate dossier search")
        page = parse_body(response, IGatePage, what="iGate dossier page")
        item = pick_item(page, code)
        if item is None:
            raise DossierNotFound(code)
        return igate_item_to_dossier(item, source=self.kind)
