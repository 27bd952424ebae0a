"""The staff console's catalog work (core: no web, no Telegram): list and filter
procedures, edit one with validation and a card preview, import files with a review and a
confirmation, export, versions, diff and rollback. See `bot.catalog_admin.service`."""

from bot.catalog_admin.exports import ExportFile
from bot.catalog_admin.forms import (
    FIELDS,
    FieldProblem,
    FormField,
    Input,
    blank_form,
    procedure_form,
)
from bot.catalog_admin.listing import REVIEW_AGES, ProcedurePage, ProcedureQuery, ProcedureRow
from bot.catalog_admin.preview import CardPreview
from bot.catalog_admin.results import EditCheck, ImportCheck, ImportOutcome, SaveResult, VersionDiff
from bot.catalog_admin.service import CatalogAdmin, fingerprint
from bot.catalog_admin.uploads import ImportMode, Upload, UploadKind

__all__ = [
    "FIELDS",
    "REVIEW_AGES",
    "CardPreview",
    "CatalogAdmin",
    "EditCheck",
    "ExportFile",
    "FieldProblem",
    "FormField",
    "ImportCheck",
    "ImportMode",
    "ImportOutcome",
    "Input",
    "ProcedurePage",
    "ProcedureQuery",
    "ProcedureRow",
    "SaveResult",
    "Upload",
    "UploadKind",
    "VersionDiff",
    "blank_form",
    "fingerprint",
    "procedure_form",
]
