"""Importer for the national public-service portal's data (dichvucong.gov.vn).

The portal's detail pages were captured as JSON files whose tables were flattened without
separators (`cach_thuc_thuc_hien`, `thanh_phan_ho_so`, `can_cu_phap_ly`). The modules here
read those texts back into the catalog schema, conservatively: whatever cannot be read with
confidence stays unknown and is recorded, never guessed.

- `channels`, `fees`: channels, processing time, fee lines (conditions, ended reductions);
- `documents`: the dossier's documents, quantities, form names, group conditions;
- `legal`: legal references (`ref_parts` splits one into type, number and year);
- `results`: the results a procedure gives;
- `build`: `procedure_from_detail(detail, today=…)` → a `Procedure` (kind official) and a
  per-field record of what was read;
- `read`, `select`, `report`: reading folders and lists, filters, the dry-run report.

This package imports nothing from `bot`.
"""

from __future__ import annotations

from procedures_catalog.portal.build import BuildResult, procedure_from_detail
from procedures_catalog.portal.legal import parse_legal_basis, ref_parts
from procedures_catalog.portal.read import portal_entries

__all__ = [
    "BuildResult",
    "parse_legal_basis",
    "portal_entries",
    "procedure_from_detail",
    "ref_parts",
]
