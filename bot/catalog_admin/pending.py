"""A checked import waiting for confirmation, carried by the confirmation form.

Nothing is kept in the process between "check" and "confirm", so any instance can confirm:
the entries read from the upload travel back with the form, compressed and signed (HMAC
with a key derived from the bot's secret) together with who checked them, the mode, the
version they were compared with, the checksum of the catalog the staff member saw and an
expiry. On confirmation the signature, the signer and the expiry are checked, and the
entries are combined with the then-current catalog and validated again before anything is
written.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.catalog_admin.uploads import ImportMode, UploadKind
from procedures_catalog.schema import Procedure

MAX_AGE = timedelta(hours=2)
_KEY_LABEL = b"dvc-console:catalog-import:v1"
_MAX_TOKEN_CHARS = 48 * 1024 * 1024
_MAX_PAYLOAD_BYTES = 256 * 1024 * 1024


class InvalidImportError(ValueError):
    """The confirmation's data was altered, expired, or belongs to someone else."""


@dataclass(frozen=True)
class PendingImport:
    kind: UploadKind
    mode: ImportMode
    filename: str
    uploaded: list[Procedure]
    #: the current version the diff was computed against (None: none in the database)
    base_version: int | None
    #: checksum of the candidate catalog the staff member reviewed
    checksum: str
    actor: str
    expires: datetime


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class ImportSigner:
    """Seals and opens pending imports with a key only the bot's instances share."""

    def __init__(self, secret: bytes) -> None:
        self._key = hmac.new(secret, _KEY_LABEL, hashlib.sha256).digest()

    def _mac(self, blob: str) -> str:
        return _b64(hmac.new(self._key, blob.encode("ascii"), hashlib.sha256).digest())

    def seal(self, pending: PendingImport) -> str:
        payload = {
            "kind": pending.kind.value,
            "mode": pending.mode.value,
            "filename": pending.filename,
            "base": pending.base_version,
            "checksum": pending.checksum,
            "actor": pending.actor,
            "expires": pending.expires.isoformat(),
            "entries": [p.model_dump(mode="json") for p in pending.uploaded],
        }
        raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        blob = _b64(zlib.compress(raw, 6))
        return f"{blob}.{self._mac(blob)}"

    def open(self, token: str, *, actor: str, now: datetime) -> PendingImport:
        """The pending import, or `InvalidImportError` (altered, expired, someone else's)."""
        blob, _, mac = token.strip().partition(".")
        if not blob or len(token) > _MAX_TOKEN_CHARS:
            raise InvalidImportError("no pending import")
        if not hmac.compare_digest(mac.encode("ascii", "replace"), self._mac(blob).encode()):
            raise InvalidImportError("the pending import was altered")
        try:
            inflater = zlib.decompressobj()
            raw = inflater.decompress(_unb64(blob), _MAX_PAYLOAD_BYTES)
            data = json.loads(raw)
            pending = PendingImport(
                kind=UploadKind(data["kind"]),
                mode=ImportMode(data["mode"]),
                filename=str(data["filename"]),
                uploaded=[Procedure.model_validate(item) for item in data["entries"]],
                base_version=data["base"],
                checksum=str(data["checksum"]),
                actor=str(data["actor"]),
                expires=datetime.fromisoformat(data["expires"]),
            )
        except (ValueError, KeyError, TypeError, binascii.Error, zlib.error) as exc:
            raise InvalidImportError("the pending import cannot be read") from exc
        if pending.actor != actor:
            raise InvalidImportError("the pending import was checked by someone else")
        if pending.expires < now:
            raise InvalidImportError("the pending import has expired; upload the file again")
        return pending
