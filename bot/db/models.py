"""SQLAlchemy 2 ORM models for every table the bot keeps.

Privacy: no applicant names or plain ID numbers are stored. Query and feedback rows carry
an HMAC of the Telegram user id (`user_hash`), and an owner ID number that a portal needs is
kept only encrypted (`owner_id_encrypted`, see bot/db/crypto.py).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: DateTime(timezone=True),
        dict[str, Any]: JSON,
    }


class User(Base):
    """A Telegram user who talked to the bot."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    language: Mapped[str] = mapped_column(String(2), default="vi")
    blocked: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class StaffMember(Base):
    """Staff added at run time, in addition to `DVC_STAFF_IDS`."""

    __tablename__ = "staff_members"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    added_by: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: ``viewer``, ``editor`` or ``admin`` (`bot.roles.Role`).
    role: Mapped[str] = mapped_column(String(10), default="viewer", server_default="viewer")


class UtcDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as UTC on every backend.

    SQLite keeps ``DateTime(timezone=True)`` as text and silently drops the offset, so a
    Vietnam-time value would come back seven hours off. This type converts every bound value
    to UTC (a naive value is taken as UTC) and returns aware UTC values, so comparisons in SQL
    (``next_poll_at <= :now``) mean the same on SQLite and PostgreSQL.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class UserPlace(Base):
    """The xã/phường a user told the bot they live in, and a pending /noio question.

    ``commune_code`` is a new unit's code (procedures_catalog/data/ha_tinh_communes.tsv);
    ``ask_until`` is set while the bot waits for the user to type the name, and expires.
    """

    __tablename__ = "user_places"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    commune_code: Mapped[str | None] = mapped_column(String(10), nullable=True)
    ask_until: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, onupdate=utcnow)


class PendingStep(Base):
    """A dialogue step waiting for the user's next message, until it expires.

    One row per user: asking something new replaces what was asked before. ``kind`` names
    what the bot waits for (``bot.pending.StepKind``: a dossier code after the "✍️ Nhập mã
    hồ sơ" button, the owner's ID number for a look-up…). Deleted with the user (/forget).
    """

    __tablename__ = "pending_steps"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    kind: Mapped[str] = mapped_column(String(30))
    until: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, onupdate=utcnow)
    #: What the step is about (e.g. the dossier code); never personal data in the clear.
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    #: A secret the step needs, only encrypted (``Privacy.encrypt``): an owner ID number.
    secret: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


class Subscription(Base):
    """A user following one dossier; also the poll schedule row (claimed with a lease).

    ``change_seq`` counts the status changes recorded so far; together with the portal's
    time of a change it makes the outbox dedup key (see bot/tracking/detect.py).
    ``next_poll_at`` is also the end-of-subscription timer once the dossier is closed.
    """

    __tablename__ = "subscriptions"
    __table_args__ = (
        UniqueConstraint("user_id", "dossier_code", name="uq_subscriptions_user_code"),
        Index("ix_subscriptions_due", "active", "next_poll_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    dossier_code: Mapped[str] = mapped_column(String(64))
    portal_kind: Mapped[str] = mapped_column(String(20))
    owner_id_encrypted: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    last_status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    last_status_label: Mapped[str] = mapped_column(String(200), default="")
    last_changed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    change_seq: Mapped[int] = mapped_column(Integer, default=0)
    appointment_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    overdue_notified: Mapped[bool] = mapped_column(Boolean, default=False)
    reminder_notified: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    next_poll_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    last_polled_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    lease_owner: Mapped[str | None] = mapped_column(String(64), nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class OutboxMessage(Base):
    """A notification waiting to be sent; `dedup_key` makes each change notified once.

    States (bot/tracking/outbox.py): pending → sending (claimed with a lease) → sent, or
    back to pending (retry), or dead (undeliverable, shown to staff), or cancelled (the
    subscription or the user is gone).
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dedup_key: Mapped[str] = mapped_column(String(200), unique=True)
    subscription_id: Mapped[int | None] = mapped_column(
        ForeignKey("subscriptions.id", ondelete="SET NULL"), nullable=True
    )
    user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    kind: Mapped[str] = mapped_column(String(30))  # status_change, overdue, result_ready, ended
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    lease_owner: Mapped[str | None] = mapped_column(String(64), nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    message_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class PortalBudget(Base):
    """The next free request slot of one portal, shared by every poller instance.

    ``next_slot`` is a POSIX timestamp (float, so the arithmetic is portable SQL); a worker
    reserves ``k`` slots by advancing it by ``k / rps`` (bot/tracking/budget.py).
    """

    __tablename__ = "portal_budgets"

    portal: Mapped[str] = mapped_column(String(100), primary_key=True)
    next_slot: Mapped[float] = mapped_column(Float, default=0.0)


class QueryLog(Base):
    """What citizens asked and what the search decided (user id hashed, numbers masked)."""

    __tablename__ = "query_log"
    __table_args__ = (
        # The figures of a period (bot/stats.py) read this index alone (migration 0007).
        Index(
            "ix_query_log_decision_period",
            "decision",
            "created_at",
            "intent",
            "top_code",
            "user_hash",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_hash: Mapped[str] = mapped_column(String(64), index=True)
    query: Mapped[str] = mapped_column(Text)
    intent: Mapped[str] = mapped_column(String(20))
    decision: Mapped[str] = mapped_column(String(10))
    top_code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    top_score: Mapped[float | None] = mapped_column(nullable=True)
    catalog_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class Feedback(Base):
    """A 👍/👎 on an answer."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_hash: Mapped[str] = mapped_column(String(64))
    query_log_id: Mapped[int | None] = mapped_column(
        ForeignKey("query_log.id", ondelete="SET NULL"), nullable=True
    )
    procedure_code: Mapped[str] = mapped_column(String(40))
    helpful: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ChecklistTick(Base):
    """A document a user has ticked as ready for one procedure."""

    __tablename__ = "checklist_ticks"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    procedure_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    document_index: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CatalogVersion(Base):
    """One imported catalog; exactly one row has `is_current` true once a catalog exists."""

    __tablename__ = "catalog_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    author: Mapped[str] = mapped_column(String(100))
    note: Mapped[str] = mapped_column(Text, default="")
    checksum: Mapped[str] = mapped_column(String(64))
    procedure_count: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(300), default="")
    restored_from: Mapped[int | None] = mapped_column(Integer, nullable=True)
    is_current: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CatalogEntry(Base):
    """One procedure of one catalog version, stored as the schema's JSON."""

    __tablename__ = "catalog_entries"

    version_id: Mapped[int] = mapped_column(
        ForeignKey("catalog_versions.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class StaffAudit(Base):
    """Who did what to the catalog or the staff list."""

    __tablename__ = "staff_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(50))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Where the change was made: ``web``, ``cli`` or ``telegram``.
    source: Mapped[str] = mapped_column(String(20), default="cli", server_default="cli")


class ConsoleLink(Base):
    """A one-time sign-in link for the staff console, sent by /console.

    Only the SHA-256 of the random token is kept; a link is used at most once, before
    `expires_at` (a conditional UPDATE sets `used_at`).
    """

    __tablename__ = "console_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class ConsoleSession(Base):
    """A signed-in console session; the cookie holds the id, the table only its SHA-256."""

    __tablename__ = "console_sessions"

    session_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    lang: Mapped[str] = mapped_column(String(2), default="vi")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)


class QuestionTriage(Base):
    """What staff decided about a group of questions the bot could not answer well.

    ``action``: ``attach`` (made a colloquial name of ``procedure_code``), ``synonym`` (a
    word added to the catalog), ``not_ours`` (the bot answers with ``reply_vi``/``reply_en``)
    or ``dismiss``. ``members`` are the group's normalised, number-masked texts, which the
    console hides from the open list and the bot matches for a ``not_ours`` reply. Rows are
    never deleted; reopening a group sets ``active`` false (bot/learning/).
    """

    __tablename__ = "question_triage"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_key: Mapped[str] = mapped_column(String(300), index=True)
    action: Mapped[str] = mapped_column(String(20))
    members: Mapped[list[str]] = mapped_column(JSON, default=list)
    reply_vi: Mapped[str] = mapped_column(Text, default="")
    reply_en: Mapped[str] = mapped_column(Text, default="")
    procedure_code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    catalog_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    actor: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class Handoff(Base):
    """A citizen's conversation handed to a person: one forum topic in the support group.

    No message text is kept (Telegram keeps what was said in the group); only the topic,
    the times, the procedure and the citizen's rating. One open hand-off per citizen
    (the partial unique index); ``reference`` is the short name staff and citizen share.
    """

    __tablename__ = "handoffs"
    __table_args__ = (
        Index(
            "uq_handoffs_open_user",
            "user_id",
            unique=True,
            sqlite_where=sql_text("state = 'open'"),
            postgresql_where=sql_text("state = 'open'"),
        ),
        Index("ix_handoffs_topic", "support_chat_id", "thread_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    support_chat_id: Mapped[int] = mapped_column(BigInteger)
    thread_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    language: Mapped[str] = mapped_column(String(2), default="vi")
    procedure_code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    #: The ``query_log`` row of the question handed over (masked text lives there only).
    query_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    state: Mapped[str] = mapped_column(String(10), default="open")
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    first_reply_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    closed_by: Mapped[str] = mapped_column(String(100), default="")
    #: 1 for 👍, -1 for 👎, None until the citizen rates the help.
    rating: Mapped[int | None] = mapped_column(Integer, nullable=True)


class HandoffLesson(Base):
    """A question staff marked "the bot should know this" in a hand-off topic, with their
    answer, for the console's inbox. The question is number-masked; ``user_hash`` lets
    /forget remove it with the citizen's other questions."""

    __tablename__ = "handoff_lessons"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(12), index=True)
    user_hash: Mapped[str] = mapped_column(String(64), index=True)
    question: Mapped[str] = mapped_column(Text, default="")
    answer: Mapped[str] = mapped_column(Text, default="")
    procedure_code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    actor: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, index=True)
