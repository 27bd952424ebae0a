"""`CatalogAdmin`: what the staff console does to the catalog, on the same store as the CLI.

List and filter the served catalog; check an edited procedure with the files' validator and
preview its card with the bot's renderer; save it as a new catalog version; check an
uploaded file (problems with their places, then the diff), confirm it; export in each
format; the history, the diff between any two versions and rollback. Every change is a
catalog version written by `bot.db.catalog_store` (audited, origin "web"), and the served
snapshot is refreshed at once so this process shows it; the bot's other processes pick the
version up with their periodic refresh.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.calendar import vn_date
from bot.catalog import CatalogService
from bot.catalog_admin.checks import catalog_problems, catalog_wide, text_diff
from bot.catalog_admin.exports import ExportFile, export_bytes
from bot.catalog_admin.forms import (
    FieldProblem,
    field_problems,
    read_form,
    schema_field_names,
)
from bot.catalog_admin.listing import ProcedureIndex, ProcedurePage, ProcedureQuery
from bot.catalog_admin.pending import MAX_AGE, ImportSigner, InvalidImportError, PendingImport
from bot.catalog_admin.preview import CardPreview, render_preview
from bot.catalog_admin.results import EditCheck, ImportCheck, ImportOutcome, SaveResult, VersionDiff
from bot.catalog_admin.uploads import (
    Candidate,
    ImportMode,
    Upload,
    read_upload,
    revalidate,
    safe_name,
)
from bot.db import catalog_store as store
from bot.search.snapshot import CatalogSnapshot
from bot.texts import Texts
from procedures_catalog.diff import diff_catalogs
from procedures_catalog.loader import load_bundled
from procedures_catalog.portal.select import Selection
from procedures_catalog.schema import Procedure
from procedures_catalog.validation import validate_record
from procedures_catalog.versions import VersionInfo

log = logging.getLogger(__name__)
ORIGIN = "web"
_SAVE_ATTEMPTS = 3


def _now() -> datetime:
    return datetime.now(UTC)


def fingerprint(procedure: Procedure) -> str:
    """A short hash of a procedure's content: the edit form carries the one it started
    from, so a save over somebody else's change is noticed."""
    return hashlib.sha256(procedure.model_dump_json().encode("utf-8")).hexdigest()[:32]


class CatalogAdmin:
    """The console's catalog use cases; each call owns its database work."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        catalog: CatalogService,
        texts: Texts,
        secret: bytes,
        *,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self._sessions = sessions
        self._catalog = catalog
        self._texts = texts
        self._signer = ImportSigner(secret)
        self._clock = clock
        # the list's index and the (version, checksum) it was built for; no reference to
        # the snapshot itself, so a replaced snapshot (and its search index) can go
        self._index: ProcedureIndex | None = None
        self._indexed: tuple[int | None, str | None] | None = None

    def today(self) -> date:
        """Today in Vietnam."""
        return vn_date(self._clock())

    # ------------------------------------------------------------ the served catalog

    async def snapshot(self) -> CatalogSnapshot:
        """The served catalog, refreshed when another process made a new version current
        (one indexed query when nothing changed)."""
        try:
            await self._catalog.refresh()
        except Exception:  # the last snapshot is still good to show
            if not self._catalog.current.ready:
                raise
            log.warning("catalog refresh failed; showing the last snapshot", exc_info=True)
        current = self._catalog.current
        if current.version is None and not current.by_code:
            await self._catalog.ensure_seeded()  # an empty database, as the bot does
            await self._catalog.refresh()
        return self._catalog.current

    async def procedures(self, query: ProcedureQuery) -> ProcedurePage:
        snapshot = await self.snapshot()
        key = (snapshot.version, snapshot.checksum)
        index = self._index
        if index is None or self._indexed != key:
            index = await asyncio.to_thread(ProcedureIndex, snapshot.procedures, snapshot.version)
            self._index, self._indexed = index, key
        return index.select(query, vn_date(self._clock()))

    async def procedure(self, code: str) -> Procedure | None:
        return (await self.snapshot()).get(code)

    async def _current_catalog(self) -> tuple[int | None, list[Procedure]]:
        """The current version's id and procedures (the snapshot's when it is that version)."""
        version = await store.current_version_id(self._sessions)
        snapshot = self._catalog.current
        if version is not None and snapshot.ready and snapshot.version == version:
            return version, list(snapshot.procedures)
        if version is None:
            return None, await asyncio.to_thread(load_bundled)
        loaded = await store.current_catalog(self._sessions)
        if loaded is None:
            return None, await asyncio.to_thread(load_bundled)
        return loaded[0].id, loaded[1]

    # ------------------------------------------------------------ editing one procedure

    def preview(self, procedure: Procedure) -> list[CardPreview]:
        return render_preview(procedure, self._texts)

    def check_form(
        self, values: Mapping[str, str], *, code: str | None, known: Mapping[str, Procedure]
    ) -> EditCheck:
        """Validate a submitted form (`code` None: a new procedure) against the catalog
        `known`; the preview is rendered when there is no problem."""
        record, problems = read_form(values)
        procedure = None
        if record is not None:
            procedure, problems = validate_record(record, schema_field_names())
        if record is not None:
            problems = [*catalog_problems(record, procedure, code, known), *problems]
        if problems or procedure is None:
            return EditCheck(None, field_problems(problems), [])
        return EditCheck(procedure, [], self.preview(procedure))

    async def check(self, values: Mapping[str, str], *, code: str | None) -> EditCheck:
        snapshot = await self.snapshot()
        return self.check_form(values, code=code, known=snapshot.by_code)

    async def save(
        self,
        values: Mapping[str, str],
        *,
        code: str | None,
        original: str,
        author: str,
        note: str,
    ) -> SaveResult:
        """Save the form as a new catalog version; `original` is the fingerprint of the
        procedure the form was opened with ("" for a new one)."""
        for _ in range(_SAVE_ATTEMPTS):
            version, current = await self._current_catalog()
            by_code = {p.code: p for p in current}
            check = self.check_form(values, code=code, known=by_code)
            if check.procedure is None:
                return SaveResult(check.problems)
            procedure = check.procedure
            existing = by_code.get(procedure.code)
            if code is not None and existing is None:
                return SaveResult([], conflict="removed")
            if code is not None and existing is not None and fingerprint(existing) != original:
                return SaveResult([], conflict="changed", current=existing)
            by_code[procedure.code] = procedure
            candidate = sorted(by_code.values(), key=lambda p: p.code)
            problems = await asyncio.to_thread(catalog_wide, candidate, procedure.code)
            if problems:
                return SaveResult(field_problems(problems))
            try:
                result = await store.import_catalog(
                    self._sessions,
                    candidate,
                    author=author,
                    note=note,
                    source=f"web: {procedure.code}",
                    origin=ORIGIN,
                    expected_current=version,
                )
            except store.CatalogChangedError:
                continue  # another save landed meanwhile: check against it again
            await self._catalog.refresh()
            return SaveResult(
                [], version=result.version, changed=result.changed, procedure=procedure
            )
        return SaveResult([], conflict="busy")

    # ------------------------------------------------------------ imports

    def _review(
        self,
        candidate: Candidate,
        *,
        filename: str,
        mode: ImportMode,
        version: int | None,
        current: Sequence[Procedure],
        actor: str,
        stale: bool = False,
    ) -> ImportCheck:
        check = ImportCheck(
            filename=filename,
            kind=candidate.kind,
            mode=mode,
            files=candidate.files,
            uploaded=len(candidate.uploaded),
            problems=candidate.problems,
            report=candidate.report,
            skipped_curated=candidate.skipped_curated,
            base_version=version,
            stale=stale,
        )
        if candidate.problems:
            return check
        diff = diff_catalogs(current, candidate.procedures)
        token = ""
        if not diff.empty:
            pending = PendingImport(
                kind=candidate.kind,
                mode=mode,
                filename=filename,
                uploaded=candidate.uploaded,
                base_version=version,
                checksum=store.catalog_checksum(candidate.procedures),
                actor=actor,
                expires=self._clock() + MAX_AGE,
            )
            token = self._signer.seal(pending)
        return check.with_diff(diff, token)

    async def check_upload(
        self,
        upload: Upload,
        *,
        mode: ImportMode,
        actor: str,
        selection: Selection | None = None,
    ) -> ImportCheck:
        """Read and validate an upload; with no problem, the diff and a confirmation token.
        `selection` filters the portal's data (levels, open to citizens)."""
        version, current = await self._current_catalog()
        today = vn_date(self._clock())
        candidate = await asyncio.to_thread(read_upload, upload, current, mode, today, selection)
        return self._review(
            candidate,
            filename=upload.filename,
            mode=mode,
            version=version,
            current=current,
            actor=actor,
        )

    async def confirm_import(self, token: str, *, actor: str, note: str) -> ImportOutcome:
        """Import what `check_upload` showed. When the current catalog changed so that the
        result would differ, nothing is written and a new review is returned instead."""
        try:
            pending = self._signer.open(token, actor=actor, now=self._clock())
        except InvalidImportError as exc:
            return ImportOutcome(error=str(exc))
        for _ in range(_SAVE_ATTEMPTS):
            version, current = await self._current_catalog()
            candidate = await asyncio.to_thread(
                revalidate, current, pending.uploaded, pending.kind, pending.mode
            )
            if candidate.problems or (
                store.catalog_checksum(candidate.procedures) != pending.checksum
            ):
                review = self._review(
                    candidate,
                    filename=pending.filename,
                    mode=pending.mode,
                    version=version,
                    current=current,
                    actor=actor,
                    stale=True,
                )
                return ImportOutcome(review=review)
            try:
                result = await store.import_catalog(
                    self._sessions,
                    candidate.procedures,
                    author=actor,
                    note=note,
                    source=f"web upload: {safe_name(pending.filename)}"[:300],
                    origin=ORIGIN,
                    expected_current=version,
                )
            except store.CatalogChangedError:
                continue
            await self._catalog.refresh()
            return ImportOutcome(result=result)
        return ImportOutcome(error="the catalog is changing; try again")

    # ------------------------------------------------------------ export and versions

    async def export(self, fmt: str, version_id: int | None = None) -> ExportFile:
        """The current catalog (or a stored version) as a YAML ZIP, a CSV or an XLSX file;
        `UnknownVersionError` for a version that does not exist, `ValueError` for a format."""
        if version_id is not None:
            procedures = await store.version_catalog(self._sessions, version_id)
            label = f"v{version_id}"
        else:
            version, procedures = await self._current_catalog()
            label = f"v{version}" if version is not None else "bundled"
        return await asyncio.to_thread(export_bytes, procedures, fmt, label)

    async def history(self, limit: int | None = 200) -> list[VersionInfo]:
        return await store.history(self._sessions, limit)

    async def diff_versions(self, old_id: int, new_id: int) -> VersionDiff:
        """What changed from one stored version to another (`UnknownVersionError`)."""
        old_texts = await store.entry_texts(self._sessions, old_id)
        new_texts = await store.entry_texts(self._sessions, new_id)
        diff = await asyncio.to_thread(text_diff, old_texts, new_texts)
        versions = {v.id: v for v in await store.history(self._sessions)}
        return VersionDiff(versions[old_id], versions[new_id], diff)

    async def rollback(self, version_id: int, *, author: str, note: str) -> store.ImportResult:
        """Make an earlier version current again, as a new version (admins only: the
        console checks the role before calling)."""
        result = await store.rollback(
            self._sessions, version_id, author=author, note=note, origin=ORIGIN
        )
        await self._catalog.refresh()
        return result


__all__ = [
    "CatalogAdmin",
    "EditCheck",
    "FieldProblem",
    "ImportCheck",
    "ImportOutcome",
    "SaveResult",
    "Upload",
    "fingerprint",
]
