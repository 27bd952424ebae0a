"""The console dashboard's figures: usage over a Vietnamese date range, portal health derived
from the subscriptions' latest polls (or read live), the outbox backlog and dead letters;
and the hand-built SVG charts (SQLite, and PostgreSQL in CI)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from xml.etree import ElementTree

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.console.charts import daily_chart_svg, nice_ceiling, share_bar_svg
from bot.dashboard import (
    PORTAL_FAILURES,
    DashboardService,
    DateRange,
    DateRangeError,
    parse_range,
)
from bot.db.engine import session_factory
from bot.db.models import Feedback, OutboxMessage, QueryLog, Subscription, User
from bot.portal.http import BreakerState
from bot.stats import DayCount
from bot.tracking.outbox import OutboxState

NOW = datetime(2026, 11, 29, 5, 0, tzinfo=UTC)  # 29/11 12:00 in Vietnam
TODAY = date(2026, 11, 29)
LABELS = {"answer": "Trả lời", "clarify": "Hỏi lại", "none": "<none>"}


def asked(at: datetime, decision: str, user: str, code: str | None = None) -> QueryLog:
    return QueryLog(
        user_hash=user, query="…", intent="procedure", decision=decision, top_code=code,
        created_at=at,
    )  # fmt: skip


def rated(user: str, code: str, helpful: bool, at: datetime) -> Feedback:
    return Feedback(user_hash=user, procedure_code=code, helpful=helpful, created_at=at)


def polled(user: int, code: str, ago: timedelta, error: str = "") -> Subscription:
    return Subscription(
        user_id=user,
        dossier_code=code,
        portal_kind="igate",
        last_polled_at=NOW - ago,
        last_error=error,
        failures=1 if error else 0,
    )


def outbox_row(key: str, state: OutboxState, at: datetime) -> OutboxMessage:
    return OutboxMessage(
        dedup_key=key, user_id=1, kind="status_change", payload={"code": key}, state=state,
        created_at=at, last_error="Forbidden" if state is OutboxState.DEAD else "",
    )  # fmt: skip


def test_parse_range_defaults_and_refusals() -> None:
    assert parse_range(None, None, today=TODAY) == DateRange(date(2026, 10, 31), TODAY)
    assert parse_range("2026-11-01", "", today=TODAY) == DateRange(date(2026, 11, 1), TODAY)
    assert parse_range("", "2026-11-10", today=TODAY).days == 30
    for first, last, key in (
        ("2026-11-31", None, "con_dash_err_date"),
        ("yesterday", None, "con_dash_err_date"),
        ("2026-11-20", "2026-11-10", "con_dash_err_order"),
        ("2024-01-01", "2026-11-10", "con_dash_err_long"),
    ):
        with pytest.raises(DateRangeError) as caught:
            parse_range(first, last, today=TODAY)
        assert caught.value.key == key


def test_range_bounds_are_vietnamese_midnights() -> None:
    since, until = DateRange(date(2026, 11, 27), date(2026, 11, 28)).bounds()
    assert since == datetime(2026, 11, 26, 17, 0, tzinfo=UTC)
    assert until == datetime(2026, 11, 28, 17, 0, tzinfo=UTC)


async def test_figures_for_a_range(engine: AsyncEngine) -> None:
    sessions = session_factory(engine)
    late_28 = datetime(2026, 11, 28, 16, 59, tzinfo=UTC)  # 23:59 on 28/11 in Vietnam
    early_29 = datetime(2026, 11, 28, 17, 1, tzinfo=UTC)  # 00:01 on 29/11
    async with sessions.begin() as session:
        session.add_all(
            [
                asked(late_28, "answer", "a", "1.014064"),
                asked(late_28, "none", "b"),
                asked(early_29, "answer", "a", "1.014064"),
                asked(early_29, "clarify", "c", "1.001193"),
                asked(early_29 - timedelta(days=40), "answer", "old", "9.9"),
                rated("a", "1.014064", True, early_29),
                rated("a", "1.014064", True, late_28),
                rated("c", "1.001193", False, late_28),
                User(id=1),
            ]
        )  # fmt: skip
    async with sessions.begin() as session:
        session.add_all(
            [
                outbox_row("p1", OutboxState.PENDING, NOW - timedelta(minutes=30)),
                outbox_row("p2", OutboxState.PENDING, NOW - timedelta(minutes=5)),
                outbox_row("s1", OutboxState.SENDING, NOW - timedelta(minutes=50)),
                outbox_row("d1", OutboxState.DEAD, NOW - timedelta(days=2)),
                outbox_row("d2", OutboxState.DEAD, NOW - timedelta(days=1)),
                outbox_row("ok", OutboxState.SENT, NOW - timedelta(days=3)),
            ]
        )
    service = DashboardService(sessions, clock=lambda: NOW)
    figures = await service.figures()
    assert figures.period == DateRange(date(2026, 10, 31), TODAY)
    usage = figures.usage
    assert len(usage.days) == 30 and usage.days[-2:] == (
        DayCount(date(2026, 11, 28), answer=1, none=1),
        DayCount(date(2026, 11, 29), answer=1, clarify=1),
    )
    assert (usage.questions, usage.people) == (4, 3)
    assert usage.top_answered == (("1.014064", 2),)
    assert (usage.helpful, usage.not_helpful, usage.helpful_share) == (2, 1, 2 / 3)
    assert figures.backlog.pending == 3 and figures.backlog.dead == 2
    assert figures.backlog.oldest_pending_at == NOW - timedelta(minutes=50)
    assert [d.code for d in figures.backlog.dead_letters] == ["d2", "d1"]
    assert figures.portal.breaker is None and figures.portal.error_rate is None

    one_day = await service.figures(service.parse_range("2026-11-29", "2026-11-29"))
    assert [d.total for d in one_day.usage.days] == [2]
    assert (one_day.usage.people, one_day.usage.helpful, one_day.usage.not_helpful) == (2, 1, 0)


async def test_portal_health_from_the_latest_polls(engine: AsyncEngine) -> None:
    sessions = session_factory(engine)
    async with sessions.begin() as session:
        session.add(User(id=1))
    async with sessions.begin() as session:
        session.add_all(
            [
                polled(1, "A", timedelta(minutes=50)),
                polled(1, "B", timedelta(minutes=40), "DossierNotFound"),  # an answer
                polled(1, "C", timedelta(minutes=30), "PortalUnavailable"),
                polled(1, "OLD", timedelta(hours=3), "PortalUnavailable"),  # outside the hour
            ]
        )
    service = DashboardService(sessions, clock=lambda: NOW, failure_threshold=3)
    health = (await service.figures()).portal
    assert (health.polled, health.failed, health.error_rate) == (3, 1, 1 / 3)
    assert health.breaker is BreakerState.CLOSED and not health.live
    assert health.last_poll_at == NOW - timedelta(minutes=30)

    async with sessions.begin() as session:
        session.add_all(
            [
                polled(1, "D", timedelta(minutes=20), "PortalBadResponse"),
                polled(1, "E", timedelta(minutes=10), "PortalUnavailable"),
            ]
        )
    health = (await service.figures()).portal
    assert health.breaker is BreakerState.OPEN and health.failed == 3

    live = DashboardService(
        sessions, clock=lambda: NOW, live_breaker=lambda: BreakerState.HALF_OPEN
    )
    health = (await live.figures()).portal
    assert health.breaker is BreakerState.HALF_OPEN and health.live


def test_portal_failures_are_the_portal_side_errors() -> None:
    assert {"PortalUnavailable", "PortalBadResponse", "PortalAuthError"} <= PORTAL_FAILURES
    assert not {"CircuitOpen", "DossierNotFound", "OwnerMismatch", ""} & PORTAL_FAILURES


def test_axis_top_is_round_and_above_the_highest_bar() -> None:
    for value in (0, 1, 5, 9, 41, 99, 100, 1234, 33_333):
        top = nice_ceiling(value)
        assert top >= value and top % 4 == 0
        assert top <= max(4, 2 * value)


def test_daily_chart_is_valid_escaped_svg() -> None:
    days = [DayCount(date(2026, 11, 1) + timedelta(days=i), answer=i, none=1) for i in range(30)]
    svg = str(daily_chart_svg(days, LABELS, title="Câu hỏi <mỗi> ngày"))
    root = ElementTree.fromstring(svg)  # well-formed, the labels escaped
    assert root.get("viewBox") == "0 0 800 280" and root.get("width") == "100%"
    assert "&lt;none&gt;" in svg and "<none>" not in svg
    bars = [e for e in root.iter("{http://www.w3.org/2000/svg}rect") if e.get("y") != "8"]
    assert len(bars) == 29 + 30  # answer bars (day 0 has none) + one "none" per day
    labels = [e.text for e in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "01/11" in labels and "04/11" in labels and "02/11" not in labels  # every 3rd day
    empty = ElementTree.fromstring(str(daily_chart_svg([], LABELS, title="t")))
    assert empty.tag.endswith("svg")


def test_share_bar_splits_by_count() -> None:
    svg = str(share_bar_svg([("👍", 3, "#2e7d32"), ("👎 <b>", 1, "#c62828")], title="x"))
    root = ElementTree.fromstring(svg)
    widths = [float(e.get("width", 0)) for e in root.iter("{http://www.w3.org/2000/svg}rect")]
    assert widths == [300.0, 100.0]
    assert "👎 &lt;b&gt;: 1 (25%)" in svg
    grey = ElementTree.fromstring(str(share_bar_svg([("👍", 0, "#000")], title="x")))
    assert len(list(grey.iter("{http://www.w3.org/2000/svg}rect"))) == 1
