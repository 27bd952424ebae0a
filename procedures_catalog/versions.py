"""What staff see of one catalog version (its database row lives in `bot.db.catalog_store`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class VersionInfo:
    """One row of `catalog_versions`, detached from the session."""

    id: int
    author: str
    note: str
    checksum: str
    procedure_count: int
    source: str
    restored_from: int | None
    is_current: bool
    created_at: datetime
