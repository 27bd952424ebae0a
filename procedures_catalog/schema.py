"""Pydantic schema of one administrative procedure (thủ tục hành chính) in the catalog.

The same model is used by the bundled YAML files, the CSV/XLSX importers, the database
(stored as JSON per catalog version) and the search index. Vietnamese text comes first;
`title` and `summary` also carry English. Facts that could not be confirmed against the
official detail page are listed in `unverified` so the bot can say so.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator, model_validator

NATIONAL_CODE_RE = re.compile(r"^\d\.\d{6}$")
LOCAL_CODE_RE = re.compile(r"^LOCAL-[A-Z0-9]+(?:-[A-Z0-9]+)*$")

NonEmptyStr = Annotated[str, Field(min_length=1, max_length=2000)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=False)


class Localized(_Model):
    """A text in Vietnamese (required) and English (optional for long free text)."""

    vi: NonEmptyStr
    en: str = ""


class ChannelKind(StrEnum):
    ONLINE = "online"  # Trực tuyến
    POST = "post"  # Dịch vụ bưu chính
    IN_PERSON = "in_person"  # Trực tiếp


class TimeUnit(StrEnum):
    WORKING_DAYS = "working_days"  # ngày làm việc
    DAYS = "days"  # ngày (calendar days, or a bare number on the portal)
    HOURS = "hours"
    UNKNOWN = "unknown"  # the portal gives no time


class EntryKind(StrEnum):
    """Who wrote the entry: a person for citizens, or the importer from the portal's data."""

    CURATED = "curated"  # plain words, colloquial names, checked by a person
    OFFICIAL = "official"  # facts from the national portal's data, summary built from them


class Fee(_Model):
    """One fee line. `amount_vnd` None means the amount is not known (say so in `note`).

    `condition` says whom or what case the amount is for ("mỗi người, đăng ký theo danh
    sách"); `until` is the last day a temporary rate (a reduction) applies: after it the
    line is no longer current and the card does not show it as the fee."""

    amount_vnd: int | None = Field(default=None, ge=0)
    free: bool = False  # only when the source says "Miễn phí"
    note: str = ""  # Vietnamese, e.g. "mức do HĐND tỉnh quy định", "giảm 50% đến 31/12/2026"
    condition: str = ""
    until: date | None = None

    @model_validator(mode="after")
    def _free_has_no_amount(self) -> Fee:
        if self.free and self.amount_vnd not in (None, 0):
            raise ValueError("a free fee cannot have a positive amount")
        return self


class Channel(_Model):
    """How long and how much when the dossier goes through one channel."""

    kind: ChannelKind
    time_value: float | None = Field(default=None, ge=0)
    time_unit: TimeUnit = TimeUnit.UNKNOWN
    time_note: str = ""
    fees: list[Fee] = Field(default_factory=list)


class DocumentForm(StrEnum):
    ORIGINAL = "original"  # bản chính
    COPY = "copy"  # bản sao
    CERTIFIED_COPY = "certified_copy"  # bản sao chứng thực
    ORIGINAL_OR_COPY = "original_or_copy"
    ELECTRONIC = "electronic"  # bản điện tử / dữ liệu tra cứu


class DocumentAction(StrEnum):
    SUBMIT = "submit"  # nộp
    SHOW = "show"  # xuất trình


class Document(_Model):
    name: NonEmptyStr  # Vietnamese
    quantity: int = Field(default=1, ge=0, le=50)
    form: DocumentForm = DocumentForm.ORIGINAL
    action: DocumentAction = DocumentAction.SUBMIT
    form_name: str = ""  # e.g. "Mẫu CT01", "Mẫu số 14-HSB"
    form_url: HttpUrl | None = None
    condition: str = ""  # when the document is needed, Vietnamese; empty = always


class OnlineLevel(StrEnum):
    FULL = "full"  # toàn trình
    PARTIAL = "partial"  # một phần
    UNKNOWN = "unknown"


class OnlineSubmission(_Model):
    available: bool = False
    level: OnlineLevel = OnlineLevel.UNKNOWN
    url: HttpUrl | None = None
    note: str = ""


class LegalBasis(_Model):
    ref: NonEmptyStr  # e.g. "Luật Hộ tịch 60/2014/QH13", "Nghị định 123/2015/NĐ-CP"
    note: str = ""


class Procedure(_Model):
    """One administrative procedure as the bot explains it."""

    code: NonEmptyStr
    code_is_local: bool = False  # True when the national code is unknown
    kind: EntryKind = EntryKind.CURATED
    title: Localized
    summary: Localized
    field: NonEmptyStr  # Lĩnh vực, e.g. "Hộ tịch"
    level: list[NonEmptyStr] = Field(min_length=1)  # Cấp xã / Cấp tỉnh / Cấp bộ / Cơ quan khác
    agency: NonEmptyStr  # who handles it after the 2025 reform
    applicants: str = ""  # Đối tượng thực hiện
    channels: list[Channel] = Field(default_factory=list)
    documents: list[Document] = Field(default_factory=list)
    steps: list[NonEmptyStr] = Field(default_factory=list)  # Vietnamese, in order
    online: OnlineSubmission = Field(default_factory=OnlineSubmission)
    conditions: list[NonEmptyStr] = Field(default_factory=list)
    results: list[NonEmptyStr] = Field(default_factory=list)
    legal_basis: list[LegalBasis] = Field(default_factory=list)
    detail_url: HttpUrl | None = None  # official page on dichvucong.gov.vn
    decision: str = ""  # publishing decision, e.g. "163/QĐ-BTP"
    aliases: list[NonEmptyStr] = Field(default_factory=list)  # colloquial names
    keywords: list[NonEmptyStr] = Field(default_factory=list)
    related: list[NonEmptyStr] = Field(default_factory=list)  # other catalog codes
    life_event: str = ""  # e.g. "Có con nhỏ", "Kết hôn"
    last_reviewed: date
    source: NonEmptyStr
    unverified: list[NonEmptyStr] = Field(default_factory=list)  # facts not confirmed
    unverified_en: list[NonEmptyStr] = Field(default_factory=list)  # the same, in English

    @field_validator("code")
    @classmethod
    def _code_format(cls, value: str) -> str:
        if not (NATIONAL_CODE_RE.match(value) or LOCAL_CODE_RE.match(value)):
            raise ValueError(
                "code must look like 1.001193 (national) or LOCAL-NAME (local, uppercase)"
            )
        return value

    @model_validator(mode="after")
    def _local_flag_matches_code(self) -> Procedure:
        is_local = bool(LOCAL_CODE_RE.match(self.code))
        if is_local != self.code_is_local:
            raise ValueError("code_is_local must be true exactly for LOCAL-… codes")
        if self.code in self.related:
            raise ValueError("a procedure cannot be related to itself")
        if self.unverified_en and len(self.unverified_en) != len(self.unverified):
            raise ValueError(
                "unverified_en must translate unverified line by line (same number of lines)"
            )
        return self

    def unverified_in(self, lang: str) -> list[str]:
        """The unverified notes in `lang`; English falls back to Vietnamese when untranslated."""
        if lang == "en" and self.unverified_en:
            return list(self.unverified_en)
        return list(self.unverified)

    def channel(self, kind: ChannelKind) -> Channel | None:
        return next((c for c in self.channels if c.kind == kind), None)
