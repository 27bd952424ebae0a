"""State of the portal simulator: dossiers, their lifecycle in accelerated time, tokens, knobs.

One :class:`PortalStore` backs every API shape the simulator serves, so a dossier created or
advanced through the control API shows up identically through the iGate and the one-stop
routes. Nothing here is global: build a store, hand it to ``create_portal_app``.

Time: :class:`SimClock` maps an injectable real time source (seconds) to simulated portal
time, ``anchor + elapsed * speed``. Dossiers with a *plan* move to their next status every
``step`` of simulated time (checked lazily whenever a dossier is read). Token lifetimes use
unscaled real seconds from the same source, so tests can expire them by moving the source.

Applicant data in the store (names, ID numbers, phones, addresses) is invented test data,
served in the portal's personal fields so that tests can check the adapters drop it.
"""

from __future__ import annotations

import asyncio
import random
import secrets
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.calendar import VN_TZ, WorkCalendar, vn_date
from bot.portal.status import DossierStatus as S
from bot.portal.status import is_closed

TimeSource = Callable[[], float]

#: Next status when a dossier is advanced without a plan (the main lifecycle path).
DEFAULT_NEXT: dict[S, S] = {
    S.SUBMITTED: S.RECEIVED,
    S.RECEIVED: S.PROCESSING,
    S.PROCESSING: S.RESULT_READY,
    S.SUPPLEMENT_REQUIRED: S.PROCESSING,
    S.PAYMENT_REQUIRED: S.PROCESSING,
    S.RESULT_READY: S.RESULT_RETURNED,
}

DEFAULT_REASONS: dict[S, str] = {
    S.REFUSED: "Hồ sơ không thuộc thẩm quyền giải quyết của cơ quan tiếp nhận",
    S.SUPPLEMENT_REQUIRED: "Bổ sung bản sao giấy chứng sinh có chứng thực; tờ khai ký chưa đúng",
    S.STOPPED: "Người yêu cầu không đủ điều kiện theo quy định",
}

STEP_NAMES: dict[S, str] = {
    S.SUBMITTED: "Chờ tiếp nhận",
    S.RECEIVED: "Bộ phận Một cửa tiếp nhận",
    S.REFUSED: "Từ chối tiếp nhận",
    S.PROCESSING: "Chuyên viên thẩm định hồ sơ",
    S.SUPPLEMENT_REQUIRED: "Chờ công dân bổ sung",
    S.PAYMENT_REQUIRED: "Chờ thực hiện nghĩa vụ tài chính",
    S.WITHDRAWN: "Công dân rút hồ sơ",
    S.STOPPED: "Dừng xử lý",
    S.RESULT_READY: "Trả kết quả tại Bộ phận Một cửa",
    S.RESULT_RETURNED: "Đã trả kết quả",
}


class SimClock:
    """Accelerated portal time over an injectable real time source."""

    def __init__(
        self,
        *,
        anchor: datetime | None = None,
        speed: float = 1.0,
        source: TimeSource = time.monotonic,
    ) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self._source = source
        self._anchor = (anchor or datetime.now(VN_TZ)).astimezone(VN_TZ)
        self._start = source()
        self._speed = speed

    @property
    def speed(self) -> float:
        return self._speed

    def set_speed(self, speed: float) -> None:
        """Change the speed from now on (simulated time stays continuous)."""
        if speed <= 0:
            raise ValueError("speed must be positive")
        self._anchor, self._start, self._speed = self.now(), self._source(), speed

    def real(self) -> float:
        """Unscaled seconds from the time source (token lifetimes)."""
        return self._source()

    def now(self) -> datetime:
        return self._anchor + timedelta(seconds=(self._source() - self._start) * self._speed)


@dataclass
class Owner:
    """Invented applicant data (obviously fake)."""

    name: str
    id_number: str
    phone: str
    email: str
    address: str


@dataclass
class SimEvent:
    at: datetime
    status: S
    action: str
    unit: str
    sender: str
    receiver: str
    note: str | None = None
    deadline: datetime | None = None


@dataclass
class SimDossier:
    code: str
    nation_code: str
    internal_id: str
    procedure_code: str
    procedure_name: str
    unit: str
    owner: Owner
    proxy_id_number: str | None = None
    channel: str = "2"  # KenhThucHien: 1 trực tiếp, 2 trực tuyến, 3 bưu chính
    processing_days: int = 5
    status: S = S.SUBMITTED
    submitted_at: datetime | None = None
    received_at: datetime | None = None
    appointment_at: datetime | None = None
    completed_at: datetime | None = None
    returned_at: datetime | None = None
    supplement_requested_at: datetime | None = None
    supplement_reason: str | None = None
    refusal_reason: str | None = None
    fee_status: str | None = None
    postal_code: str | None = None
    events: list[SimEvent] = field(default_factory=list)
    plan: list[S] = field(default_factory=list)
    next_change_at: datetime | None = None

    @property
    def current_step(self) -> str:
        return STEP_NAMES.get(self.status, self.status.label_vi)


@dataclass
class FaultConfig:
    """Knobs for the data endpoints. ``*_next`` counters are deterministic (consumed one per
    request); ``*_rate`` values are probabilities drawn from the store's seeded RNG."""

    latency: float = 0.0
    error_status: int = 503
    error_rate: float = 0.0
    error_next: int = 0
    hang_seconds: float = 5.0
    timeout_rate: float = 0.0
    timeout_next: int = 0
    malformed_rate: float = 0.0
    malformed_next: int = 0
    rate_limit_rate: float = 0.0
    rate_limit_next: int = 0
    retry_after: float = 1.0
    unauthorized_next: int = 0  # answer 401 even to a valid token (revoked access)
    include_token_endpoint: bool = False


class TokenBook:
    """Bearer tokens issued by the simulated Keycloak realm."""

    def __init__(self, clock: SimClock, ttl: float) -> None:
        self._clock = clock
        self.ttl = ttl
        self._expiry: dict[str, float] = {}

    def issue(self) -> tuple[str, float]:
        now = self._clock.real()
        self._expiry = {t: at for t, at in self._expiry.items() if at > now}  # forget expired
        token = "sim." + secrets.token_urlsafe(24)
        self._expiry[token] = now + self.ttl
        return token, self.ttl

    def is_valid(self, token: str) -> bool:
        expiry = self._expiry.get(token)
        return expiry is not None and self._clock.real() < expiry

    def revoke_all(self) -> int:
        count = len(self._expiry)
        self._expiry.clear()
        return count

    def expire_all(self) -> int:
        now = self._clock.real()
        for token in self._expiry:
            self._expiry[token] = now
        return len(self._expiry)


class PortalStore:
    """Dossiers plus everything the simulated portal needs to answer."""

    def __init__(
        self,
        clock: SimClock | None = None,
        *,
        calendar: WorkCalendar | None = None,
        step: timedelta = timedelta(hours=4),
        client_id: str = "dvc-bot",
        client_secret: str = "sim-secret",
        token_ttl: float = 300.0,
        onestop_requires_token: bool = True,
        rng_seed: int = 20250701,
    ) -> None:
        self.clock = clock or SimClock()
        self.calendar = calendar or WorkCalendar()
        self.step = step
        self.client_id = client_id
        self.client_secret = client_secret
        self.tokens = TokenBook(self.clock, token_ttl)
        self.onestop_requires_token = onestop_requires_token
        self.faults = FaultConfig()
        self.rng = random.Random(rng_seed)
        self.stats: Counter[str] = Counter()
        #: Set by the loopback server when it stops, to cut simulated hangs short.
        self.shutdown: asyncio.Event | None = None
        self._dossiers: dict[str, SimDossier] = {}
        self._sequence = 0

    # -- reading --------------------------------------------------------------------------

    def get(self, code: str) -> SimDossier | None:
        """A dossier by its code or nation code (case-insensitive), brought up to date."""
        wanted = code.strip().upper()
        dossier = self._dossiers.get(wanted)
        if dossier is None:
            dossier = next(
                (d for d in self._dossiers.values() if d.nation_code.upper() == wanted), None
            )
        if dossier is not None:
            self._catch_up(dossier)
        return dossier

    def all(self) -> list[SimDossier]:
        for dossier in self._dossiers.values():
            self._catch_up(dossier)
        return list(self._dossiers.values())

    # -- writing --------------------------------------------------------------------------

    def next_sequence(self) -> int:
        self._sequence += 1
        return self._sequence

    def add(self, dossier: SimDossier) -> SimDossier:
        key = dossier.code.upper()
        if key in self._dossiers:
            raise ValueError(f"dossier {dossier.code} already exists")
        self._dossiers[key] = dossier
        return dossier

    def schedule(self, dossier: SimDossier, plan: Iterable[S]) -> None:
        """Let the dossier move through ``plan``, one status every ``step`` from now."""
        dossier.plan = list(plan)
        dossier.next_change_at = self.clock.now() + self.step if dossier.plan else None

    def transition(
        self, dossier: SimDossier, status: S, *, at: datetime | None = None, reason: str = ""
    ) -> SimDossier:
        """Move to ``status`` now (or at ``at``), filling dates and reasons as a portal does."""
        when = at or self.clock.now()
        dossier.status = status
        if status is S.SUBMITTED:
            dossier.submitted_at = dossier.submitted_at or when
        elif status is S.RECEIVED:
            dossier.received_at = when
            due = self.calendar.add_working_days(vn_date(when), dossier.processing_days)
            dossier.appointment_at = datetime(due.year, due.month, due.day, 16, 30, tzinfo=VN_TZ)
        elif status is S.SUPPLEMENT_REQUIRED:
            dossier.supplement_requested_at = when
            dossier.supplement_reason = reason or DEFAULT_REASONS[status]
        elif status is S.PAYMENT_REQUIRED:
            dossier.fee_status = "Chờ thanh toán"
        elif status in (S.REFUSED, S.STOPPED):
            dossier.refusal_reason = reason or DEFAULT_REASONS[status]
        elif status is S.RESULT_READY:
            dossier.completed_at = when
        elif status is S.RESULT_RETURNED:
            dossier.returned_at = when
        if status is S.PROCESSING and dossier.fee_status == "Chờ thanh toán":
            dossier.fee_status = "Đã thanh toán"
        first = not dossier.events
        dossier.events.append(
            SimEvent(
                at=when,
                status=status,
                action="Nộp hồ sơ" if first else STEP_NAMES[status],
                unit="Cổng Dịch vụ công" if first else dossier.unit,
                sender=dossier.owner.name if first else "Cán bộ Thử Nghiệm",
                receiver="Bộ phận Một cửa",
                note=reason or None,
                deadline=dossier.appointment_at,
            )
        )
        if is_closed(status):
            dossier.plan, dossier.next_change_at = [], None
        return dossier

    def advance(self, dossier: SimDossier) -> SimDossier:
        """Next status: the planned one if any, else the default lifecycle step."""
        self._catch_up(dossier)
        if dossier.plan:
            status = dossier.plan.pop(0)
            dossier.next_change_at = self.clock.now() + self.step if dossier.plan else None
        elif dossier.status in DEFAULT_NEXT:
            status = DEFAULT_NEXT[dossier.status]
        else:
            raise ValueError(f"dossier {dossier.code} is closed ({dossier.status.label_vi})")
        return self.transition(dossier, status)

    def _catch_up(self, dossier: SimDossier) -> None:
        now = self.clock.now()
        while dossier.plan and dossier.next_change_at is not None and dossier.next_change_at <= now:
            at = dossier.next_change_at
            status = dossier.plan.pop(0)
            dossier.next_change_at = at + self.step if dossier.plan else None
            self.transition(dossier, status, at=at)

    # -- faults ---------------------------------------------------------------------------

    def draw(self, counter: str, rate: str | None = None) -> bool:
        """Consume one ``<counter>`` fault or draw ``<rate>``; True when the fault fires."""
        remaining = getattr(self.faults, counter)
        if remaining > 0:
            setattr(self.faults, counter, remaining - 1)
            return True
        probability = getattr(self.faults, rate) if rate else 0.0
        return probability > 0 and self.rng.random() < probability
