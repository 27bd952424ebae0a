"""The national dossier status codes (TrangThaiHoSo 1–10) and how other systems map to them.

Every adapter turns whatever its portal returns into a :class:`DossierStatus`:

* the numeric code of the national list (``trangThaiHoSoId``, ``TrangThaiHoSo``), see
  :func:`from_code`;
* the DVCQG / OpenCPS string vocabulary (``processing``, ``waiting`` …), see
  :func:`from_string_code`;
* free label text such as an iGate ``dossierStatus.name`` (ids are not standard there), see
  :func:`from_name`, which ignores case and diacritics and knows the common variants.

:attr:`DossierStatus.UNKNOWN` (0) is not a national code: it stands for a label we could not
map. The bot then shows the portal's own label verbatim (``Dossier.status_label``).
"""

from __future__ import annotations

import re
import unicodedata
from enum import IntEnum


class DossierStatus(IntEnum):
    """National dossier status (the 1–10 list used with the Cổng DVC quốc gia)."""

    UNKNOWN = 0
    SUBMITTED = 1  # Mới đăng ký (chờ tiếp nhận)
    RECEIVED = 2  # Được tiếp nhận
    REFUSED = 3  # Không được tiếp nhận
    PROCESSING = 4  # Đang xử lý
    SUPPLEMENT_REQUIRED = 5  # Yêu cầu bổ sung giấy tờ
    PAYMENT_REQUIRED = 6  # Yêu cầu thực hiện nghĩa vụ tài chính
    WITHDRAWN = 7  # Công dân yêu cầu rút hồ sơ
    STOPPED = 8  # Dừng xử lý
    RESULT_READY = 9  # Đã xử lý xong (có kết quả, chờ trả)
    RESULT_RETURNED = 10  # Đã trả kết quả

    @property
    def label_vi(self) -> str:
        """The exact Vietnamese label of the national list."""
        return NATIONAL_LABELS[self]

    @property
    def text_key(self) -> str:
        """Key of the citizen-facing label in ``bot.texts.status``."""
        return f"status_label_{int(self)}"

    @property
    def next_step_key(self) -> str:
        """Key of the "what to do next" text in ``bot.texts.status``."""
        return f"status_next_{int(self)}"


NATIONAL_LABELS: dict[DossierStatus, str] = {
    DossierStatus.UNKNOWN: "Không xác định",
    DossierStatus.SUBMITTED: "Mới đăng ký",
    DossierStatus.RECEIVED: "Được tiếp nhận",
    DossierStatus.REFUSED: "Không được tiếp nhận",
    DossierStatus.PROCESSING: "Đang xử lý",
    DossierStatus.SUPPLEMENT_REQUIRED: "Yêu cầu bổ sung giấy tờ",
    DossierStatus.PAYMENT_REQUIRED: "Yêu cầu thực hiện nghĩa vụ tài chính",
    DossierStatus.WITHDRAWN: "Công dân yêu cầu rút hồ sơ",
    DossierStatus.STOPPED: "Dừng xử lý",
    DossierStatus.RESULT_READY: "Đã xử lý xong",
    DossierStatus.RESULT_RETURNED: "Đã trả kết quả",
}

#: Final states: nothing more will happen, tracking stops.
CLOSED = frozenset(
    {
        DossierStatus.REFUSED,
        DossierStatus.WITHDRAWN,
        DossierStatus.STOPPED,
        DossierStatus.RESULT_RETURNED,
    }
)
#: The citizen has to do something (bring documents, pay, collect the result).
ACTION_NEEDED = frozenset(
    {
        DossierStatus.SUPPLEMENT_REQUIRED,
        DossierStatus.PAYMENT_REQUIRED,
        DossierStatus.RESULT_READY,
    }
)
#: The agency owes the citizen a reason (refused, documents missing, stopped).
NEEDS_REASON = frozenset(
    {DossierStatus.REFUSED, DossierStatus.SUPPLEMENT_REQUIRED, DossierStatus.STOPPED}
)
#: The processing clock is paused ("Tạm dừng xử lý" in provincial statistics, minus "Dừng").
PAUSED = frozenset({DossierStatus.SUPPLEMENT_REQUIRED, DossierStatus.PAYMENT_REQUIRED})


def is_closed(status: DossierStatus) -> bool:
    """True for final states (refused, withdrawn, stopped, result returned)."""
    return status in CLOSED


def has_result(status: DossierStatus) -> bool:
    """True once the result exists (ready at the desk, or already handed over)."""
    return status in (DossierStatus.RESULT_READY, DossierStatus.RESULT_RETURNED)


def needs_citizen_action(status: DossierStatus) -> bool:
    """True when the citizen must act: supplement, pay, or collect the result."""
    return status in ACTION_NEEDED


def is_paused(status: DossierStatus) -> bool:
    """True while the legal time limit does not run (waiting for the citizen)."""
    return status in PAUSED


def needs_reason(status: DossierStatus | int) -> bool:
    """True when the card should show the agency's reason (or say it is missing)."""
    return status in NEEDS_REASON


def counts_towards_deadline(status: DossierStatus) -> bool:
    """True when the appointment date is meaningful for an overdue warning."""
    return status in (DossierStatus.RECEIVED, DossierStatus.PROCESSING)


def from_code(value: int | str | None) -> DossierStatus:
    """Map a numeric national code (``4``, ``"4"``, ``" 04 "``) to the enum; else UNKNOWN."""
    if value is None or isinstance(value, bool):
        return DossierStatus.UNKNOWN
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()):  # "²".isdigit() is True
        return DossierStatus.UNKNOWN
    number = int(text)
    if 1 <= number <= 10:
        return DossierStatus(number)
    return DossierStatus.UNKNOWN


# DVCQG / OpenCPS string statuses (dossier_status.md §2). Deviation from the TD mapping: the
# TD code maps ``new`` to 2, which §2 flags as probably inverted; ``new`` is a freshly
# submitted (or draft) dossier in OpenCPS, so we map it to 1 and never claim "received" early.
# ``interoperating`` (liên thông: handled by another agency) is still being processed.
STRING_CODES: dict[str, DossierStatus] = {
    "new": DossierStatus.SUBMITTED,
    "receiving": DossierStatus.SUBMITTED,
    "received": DossierStatus.RECEIVED,
    "denied": DossierStatus.REFUSED,
    "processing": DossierStatus.PROCESSING,
    "interoperating": DossierStatus.PROCESSING,
    "waiting": DossierStatus.SUPPLEMENT_REQUIRED,
    "paying": DossierStatus.PAYMENT_REQUIRED,
    "cancelled": DossierStatus.WITHDRAWN,
    "canceled": DossierStatus.WITHDRAWN,
    "unresolved": DossierStatus.STOPPED,
    "releasing": DossierStatus.RESULT_READY,
    "done": DossierStatus.RESULT_RETURNED,
}


def from_string_code(value: str | None) -> DossierStatus:
    """Map an OpenCPS/DVCQG string status (``"processing"``) to the enum; else UNKNOWN."""
    if not value:
        return DossierStatus.UNKNOWN
    return STRING_CODES.get(value.strip().lower(), DossierStatus.UNKNOWN)


def fold(text: str) -> str:
    """Lower-case, strip Vietnamese diacritics (đ → d) and collapse punctuation to spaces."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain.lower()).split())


# Ordered rules over folded label text: the first rule whose phrase occurs wins, so the more
# specific phrases come first ("khong duoc tiep nhan" before "tiep nhan", "da xu ly xong"
# before "xu ly"). Covers the national labels, the TD sub-states (§3), iGate screens (§4:
# "Có kết quả", "Đã trả hồ sơ") and the common colloquial variants.
_NAME_RULES: tuple[tuple[str, DossierStatus], ...] = (
    ("khong duoc tiep nhan", DossierStatus.REFUSED),
    ("khong du dieu kien tiep nhan", DossierStatus.REFUSED),
    ("tu choi", DossierStatus.REFUSED),
    ("rut ho so", DossierStatus.WITHDRAWN),
    ("da rut", DossierStatus.WITHDRAWN),
    ("huy ho so", DossierStatus.WITHDRAWN),
    ("da tra ket qua", DossierStatus.RESULT_RETURNED),
    ("da tra ho so", DossierStatus.RESULT_RETURNED),
    ("da chuyen tra", DossierStatus.RESULT_RETURNED),
    ("hoan thanh bo sung", DossierStatus.PROCESSING),
    ("da gui bo sung", DossierStatus.PROCESSING),
    ("bo sung", DossierStatus.SUPPLEMENT_REQUIRED),
    ("da thanh toan", DossierStatus.PROCESSING),
    ("da nop phi", DossierStatus.PROCESSING),
    ("nghia vu tai chinh", DossierStatus.PAYMENT_REQUIRED),
    ("thanh toan", DossierStatus.PAYMENT_REQUIRED),
    ("nop phi", DossierStatus.PAYMENT_REQUIRED),
    ("le phi", DossierStatus.PAYMENT_REQUIRED),
    ("dung xu ly", DossierStatus.STOPPED),
    ("khong giai quyet", DossierStatus.STOPPED),
    ("da xu ly xong", DossierStatus.RESULT_READY),
    ("co ket qua", DossierStatus.RESULT_READY),
    ("cho tra ket qua", DossierStatus.RESULT_READY),
    ("hoan thanh", DossierStatus.RESULT_READY),
    ("dang xu ly", DossierStatus.PROCESSING),
    ("dang giai quyet", DossierStatus.PROCESSING),
    ("chuyen xu ly", DossierStatus.PROCESSING),
    ("lien thong", DossierStatus.PROCESSING),
    ("tham dinh", DossierStatus.PROCESSING),
    ("xu ly", DossierStatus.PROCESSING),
    ("moi dang ky", DossierStatus.SUBMITTED),
    ("cho tiep nhan", DossierStatus.SUBMITTED),
    ("moi nop", DossierStatus.SUBMITTED),
    ("duoc tiep nhan", DossierStatus.RECEIVED),
    ("da tiep nhan", DossierStatus.RECEIVED),
    ("tiep nhan", DossierStatus.RECEIVED),
)


def from_name(label: str | None) -> DossierStatus:
    """Map a status label (any case, with or without diacritics) to the enum; else UNKNOWN.

    Tries the string vocabulary first (``"processing"``), then the ordered phrase rules.
    """
    if not label:
        return DossierStatus.UNKNOWN
    by_string = from_string_code(label)
    if by_string is not DossierStatus.UNKNOWN:
        return by_string
    folded = f" {fold(label)} "
    for phrase, status in _NAME_RULES:
        if f" {phrase} " in folded:
            return status
    return DossierStatus.UNKNOWN


def from_any(*candidates: int | str | None) -> DossierStatus:
    """First known status among candidates: numeric codes, string codes or label text."""
    for candidate in candidates:
        if candidate is None:
            continue
        status = from_code(candidate)
        if status is DossierStatus.UNKNOWN and isinstance(candidate, str):
            status = from_name(candidate)
        if status is not DossierStatus.UNKNOWN:
            return status
    return DossierStatus.UNKNOWN
