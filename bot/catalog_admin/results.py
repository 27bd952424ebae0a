"""What the console's catalog use cases hand back to the pages (plain frozen values)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from bot.catalog_admin.forms import FieldProblem
from bot.catalog_admin.preview import CardPreview
from bot.catalog_admin.uploads import ImportMode, UploadKind
from bot.db.catalog_store import ImportResult
from procedures_catalog.diff import CatalogDiff
from procedures_catalog.problems import Problem
from procedures_catalog.schema import Procedure
from procedures_catalog.versions import VersionInfo


@dataclass(frozen=True)
class EditCheck:
    """A submitted edit form: the procedure (None with problems) and its preview."""

    procedure: Procedure | None
    problems: list[FieldProblem]
    previews: list[CardPreview]

    def problems_of(self, name: str) -> list[FieldProblem]:
        return [p for p in self.problems if p.field == name]

    @property
    def general_problems(self) -> list[FieldProblem]:
        return [p for p in self.problems if not p.field]


@dataclass(frozen=True)
class SaveResult:
    """A save: problems, or a conflict ("changed", "removed", "busy"), or the version."""

    problems: list[FieldProblem]
    conflict: str = ""
    version: VersionInfo | None = None
    changed: bool = False
    procedure: Procedure | None = None
    #: the procedure as somebody else saved it meanwhile (conflict "changed")
    current: Procedure | None = None

    @property
    def ok(self) -> bool:
        return self.version is not None


@dataclass(frozen=True)
class ImportCheck:
    """The review of an upload: its problems, or the diff and the confirmation token."""

    filename: str
    kind: UploadKind
    mode: ImportMode
    files: int
    uploaded: int
    problems: list[Problem]
    report: str = ""
    skipped_curated: list[str] = field(default_factory=list)
    base_version: int | None = None
    #: True when this review replaces one the current catalog changed under
    stale: bool = False
    diff: CatalogDiff | None = None
    token: str = ""

    def with_diff(self, diff: CatalogDiff, token: str) -> ImportCheck:
        return replace(self, diff=diff, token=token)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class ImportOutcome:
    """A confirmation: the new version, or a review to read again, or why it failed."""

    result: ImportResult | None = None
    review: ImportCheck | None = None
    error: str = ""


@dataclass(frozen=True)
class VersionDiff:
    old: VersionInfo
    new: VersionInfo
    diff: CatalogDiff
