"""`run_bot.py catalog audit`: what in the catalog is old, ended or differs from the portal.

Audits the current database catalog (or the bundled one before the first import, or a
folder/file given with `--catalog`) against the national portal's data (`--portal`, the
folder of detail files). Prints the freshness report; exit status 0 when nothing needs
attention, 3 when something does (so a scheduled job can alert), 1 on bad input.
"""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from procedures_catalog.audit import AuditReport, audit_catalog
from procedures_catalog.schema import Procedure

NEEDS_ATTENTION = 3
DEFAULT_PORTAL_DIR = Path("../shared/data/national_portal")

# (args) → the catalog's procedures and a label; supplied by cli.py (it knows the database)
CatalogSource = Callable[[argparse.Namespace], Awaitable[tuple[str, list[Procedure]]]]
# (path, today) → code → entry built from the portal data; supplied by the importer
PortalSource = Callable[[Path, date], Mapping[str, Procedure]]


def add_parser(actions: Any) -> None:
    audit = actions.add_parser(
        "audit", help="list old entries, ended fee reductions and differences from the portal"
    )
    audit.add_argument(
        "--portal",
        type=Path,
        default=None,
        help=f"national portal data (folder of detail files); default {DEFAULT_PORTAL_DIR} "
        "when it exists, else only the date checks run",
    )
    audit.add_argument("--catalog", type=Path, help="audit this folder or file instead")
    audit.add_argument(
        "--older-than", type=int, default=365, metavar="DAYS", help="review age limit (365)"
    )
    audit.add_argument("--limit", type=int, default=200, help="lines shown per section")


def render(report: AuditReport, label: str, limit: int) -> str:
    lines = [f"Audit of {label}: {report.checked} procedures."]

    def section(title: str, items: list[str]) -> None:
        lines.append("")
        lines.append(f"{title}: {len(items)}")
        lines.extend(f"  {item}" for item in items[:limit])
        if len(items) > limit:
            lines.append(f"  … and {len(items) - limit} more")

    section(
        "Not reviewed for too long",
        [
            f"{s.code}  last reviewed {s.last_reviewed:%d/%m/%Y} ({s.age_days} days)"
            for s in report.stale
        ],
    )
    section(
        "Fee reductions past their end date",
        [
            f"{f.code}  {f.channel}: "
            + (f"{f.amount_vnd:,}".replace(",", ".") + " đ" if f.amount_vnd is not None else "?")
            + f" until {f.until:%d/%m/%Y}"
            for f in report.ended_fees
        ],
    )
    section(
        "Curated entries that differ from the portal data",
        [
            f"{d.code}  {d.field}: catalog {d.catalog!r} / portal {d.portal!r}"
            for d in report.differences
        ],
    )
    section("Official entries the portal data no longer has", report.gone_from_portal)
    section("Curated national codes missing from the portal data", report.not_in_portal)
    lines.append("")
    lines.append("Nothing needs attention." if report.clean else "Review the entries above.")
    return "\n".join(lines)


def _portal_path(given: Path | None) -> tuple[Path | None, str]:
    """The portal data to audit against (the default when present), or an error line."""
    if given is None:
        return (DEFAULT_PORTAL_DIR if DEFAULT_PORTAL_DIR.exists() else None), ""
    if not given.exists():
        return None, f"error: {given}: no such file or directory"
    return given, ""


async def run(
    args: argparse.Namespace,
    catalog: CatalogSource,
    portal: PortalSource,
    today: date | None = None,
) -> int:
    day = today or date.today()
    if args.older_than < 0:
        print("error: --older-than must be 0 or more days")
        return 1
    portal_path, error = _portal_path(args.portal)
    if error:
        print(error)
        return 1
    label, procedures = await catalog(args)
    entries = portal(portal_path, day) if portal_path is not None else {}
    if portal_path is None:
        print("No portal data given (--portal): only the date checks run.")
    report = audit_catalog(procedures, entries, today=day, max_age_days=args.older_than)
    print(render(report, label, args.limit))
    return 0 if report.clean else NEEDS_ATTENTION
