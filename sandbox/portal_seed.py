"""Deterministic seed data for the portal simulator, and the listing for ``portal-sim --list``.

:func:`seed_store` fills a store with

* one *static* dossier in every national status 1–10 (they never move on their own), an
  overdue one (still "Đang xử lý" after its appointment date) and one applied for by an
  authorised person (proxy ID number accepted by the one-stop lookup);
* four *live* dossiers that move through typical paths over accelerated time
  (→ result, → supplement → result, → payment → result, → refused).

Codes follow the one-stop format ``000.99.99.H27-<yyMMdd>-<NNNN>`` (H27 = Hà Tĩnh; the sub-unit
``99.99`` is invented) and depend only on the store clock's date, so a store seeded on the
same day always gets the same codes. Owner ID numbers are obviously fake (``0000000001NN``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.calendar import VN_TZ, WorkCalendar, vn_date
from bot.portal.status import DossierStatus as S
from sandbox.portal_store import Owner, PortalStore, SimClock, SimDossier

AGENCY = "000.99.99.H27"
#: Civil-status procedures of the bundled catalog, all handled at commune level (catalog
#: ``level``/``agency``); the unit names are invented, like the sub-unit in the codes.
COMMUNE = "UBND xã Thử Nghiệm, tỉnh Hà Tĩnh"
COMMUNE_CENTRE = "Trung tâm Phục vụ hành chính công xã Thử Nghiệm, tỉnh Hà Tĩnh"
PROCEDURES = (
    ("1.001193", "Thủ tục đăng ký khai sinh", 1, COMMUNE),
    ("1.000894", "Thủ tục đăng ký kết hôn", 1, COMMUNE_CENTRE),
    ("1.004873", "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân", 3, COMMUNE),
    ("2.000635", "Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh", 2, COMMUNE_CENTRE),
    ("1.000656", "Thủ tục đăng ký khai tử", 1, COMMUNE),
)
#: Path from submission to each static status.
PATHS: dict[S, tuple[S, ...]] = {
    S.SUBMITTED: (S.SUBMITTED,),
    S.RECEIVED: (S.SUBMITTED, S.RECEIVED),
    S.REFUSED: (S.SUBMITTED, S.REFUSED),
    S.PROCESSING: (S.SUBMITTED, S.RECEIVED, S.PROCESSING),
    S.SUPPLEMENT_REQUIRED: (S.SUBMITTED, S.RECEIVED, S.PROCESSING, S.SUPPLEMENT_REQUIRED),
    S.PAYMENT_REQUIRED: (S.SUBMITTED, S.RECEIVED, S.PROCESSING, S.PAYMENT_REQUIRED),
    S.WITHDRAWN: (S.SUBMITTED, S.RECEIVED, S.PROCESSING, S.WITHDRAWN),
    S.STOPPED: (S.SUBMITTED, S.RECEIVED, S.PROCESSING, S.STOPPED),
    S.RESULT_READY: (S.SUBMITTED, S.RECEIVED, S.PROCESSING, S.RESULT_READY),
    S.RESULT_RETURNED: (S.SUBMITTED, S.RECEIVED, S.PROCESSING, S.RESULT_READY, S.RESULT_RETURNED),
}
LIVE_PLANS: tuple[tuple[S, ...], ...] = (
    (S.RECEIVED, S.PROCESSING, S.RESULT_READY, S.RESULT_RETURNED),
    (S.RECEIVED, S.PROCESSING, S.SUPPLEMENT_REQUIRED, S.PROCESSING, S.RESULT_READY),
    (S.RECEIVED, S.PROCESSING, S.PAYMENT_REQUIRED, S.PROCESSING, S.RESULT_READY),
    (S.REFUSED,),
)


@dataclass(frozen=True)
class SeedInfo:
    """One line of ``portal-sim --list``."""

    code: str
    status: S
    owner_id_number: str
    proxy_id_number: str | None
    procedure: str
    live: bool
    note: str = ""


def fake_owner(n: int) -> Owner:
    """Invented applicant ``n``: obviously fake name, ID number, phone and address."""
    return Owner(
        name=f"Nguyễn Văn Thử {n:02d}",
        id_number=f"0000000001{n:02d}",
        phone=f"09000001{n:02d}",
        email=f"thu.nghiem{n:02d}@example.invalid",
        address=f"Số {n}, đường Thử Nghiệm, xã Thử Nghiệm, tỉnh Hà Tĩnh",
    )


def new_dossier(
    store: PortalStore,
    *,
    submitted_at: datetime,
    procedure_index: int = 0,
    owner: Owner | None = None,
    proxy_id_number: str | None = None,
    code: str | None = None,
) -> SimDossier:
    """A freshly submitted dossier (status 1) added to the store."""
    n = store.next_sequence()
    proc_code, proc_name, days, unit = PROCEDURES[procedure_index % len(PROCEDURES)]
    day = vn_date(submitted_at)
    dossier = SimDossier(
        code=code or f"{AGENCY}-{day:%y%m%d}-{n:04d}",
        nation_code=f"H27.99-{day:%Y%m%d}-{n:07d}",
        internal_id=f"{n:024x}",
        procedure_code=proc_code,
        procedure_name=proc_name,
        unit=unit,
        owner=owner or fake_owner(n),
        proxy_id_number=proxy_id_number,
        channel=("2", "1", "3")[n % 3],
        processing_days=days,
    )
    store.add(dossier)
    store.transition(dossier, S.SUBMITTED, at=submitted_at)
    return dossier


def _walk(store: PortalStore, dossier: SimDossier, path: tuple[S, ...], start: datetime) -> None:
    """Apply ``path[1:]`` one working day apart after ``start``."""
    day = vn_date(start)
    for offset, status in enumerate(path[1:], start=1):
        when = store.calendar.add_working_days(day, offset)
        store.transition(
            dossier,
            status,
            at=datetime(when.year, when.month, when.day, 9 + offset, 0, tzinfo=VN_TZ),
        )


def seed_store(store: PortalStore) -> list[SeedInfo]:
    """Fill ``store`` deterministically (relative to its clock); return the listing."""
    now = store.clock.now()
    today = vn_date(now)
    entries: list[SeedInfo] = []
    for index, (status, path) in enumerate(PATHS.items()):
        start_day = store.calendar.add_working_days(today, -(len(path) + 1))
        start = datetime(start_day.year, start_day.month, start_day.day, 8, 30, tzinfo=VN_TZ)
        dossier = new_dossier(store, submitted_at=start, procedure_index=index)
        dossier.processing_days = 15  # far enough ahead: static dossiers are not overdue
        _walk(store, dossier, path, start)
        entries.append(_info(dossier, live=False, note=f"static: {status.label_vi}"))

    start_day = store.calendar.add_working_days(today, -12)
    start = datetime(start_day.year, start_day.month, start_day.day, 8, 30, tzinfo=VN_TZ)
    overdue = new_dossier(store, submitted_at=start, procedure_index=2)
    overdue.processing_days = 3
    _walk(store, overdue, PATHS[S.PROCESSING], start)
    entries.append(_info(overdue, live=False, note="static: overdue (past appointment date)"))

    proxy_start = now - timedelta(minutes=50)
    proxy = new_dossier(
        store, submitted_at=proxy_start, procedure_index=1, proxy_id_number="000000000999"
    )
    proxy.processing_days = 15
    store.transition(proxy, S.RECEIVED, at=proxy_start + timedelta(minutes=10))
    entries.append(_info(proxy, live=False, note="static: proxy ID 000000000999 also accepted"))

    for index, plan in enumerate(LIVE_PLANS):
        live = new_dossier(store, submitted_at=now - timedelta(minutes=5), procedure_index=index)
        store.schedule(live, plan)
        steps = " → ".join(str(int(s)) for s in (S.SUBMITTED, *plan))
        entries.append(_info(live, live=True, note=f"live: {steps}"))
    return entries


def _info(dossier: SimDossier, *, live: bool, note: str) -> SeedInfo:
    return SeedInfo(
        code=dossier.code,
        status=dossier.status,
        owner_id_number=dossier.owner.id_number,
        proxy_id_number=dossier.proxy_id_number,
        procedure=dossier.procedure_name,
        live=live,
        note=note,
    )


def seed_listing(now: datetime | None = None) -> list[SeedInfo]:
    """The codes a simulator seeded at ``now`` (default: the current time) would hold."""
    store = PortalStore(SimClock(anchor=now), calendar=WorkCalendar())
    return seed_store(store)


def format_listing(entries: list[SeedInfo]) -> str:
    """Plain-text table for ``portal-sim --list`` (the owner ID numbers are fake)."""
    lines = [f"{'code':<28} {'st':>2}  {'owner id (fake)':<15} note"]
    for entry in entries:
        lines.append(
            f"{entry.code:<28} {int(entry.status):>2}  {entry.owner_id_number:<15} {entry.note}"
        )
    return "\n".join(lines)
