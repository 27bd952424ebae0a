"""The dashboard page (``GET /dashboard``): usage over a date range, portal health, backlog,
and the hand-offs to staff left without a reply for too long.

Readable by every role. The figures come from `bot.dashboard.DashboardService`; this module
only reads the range from the query string (two ``<input type="date">`` in a GET form; a
bad range falls back to the last 30 days with a message), draws the charts (inline SVG,
`bot.console.charts`) and names the procedures in the staff member's language.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot.calendar import VN_TZ
from bot.console.charts import daily_chart_svg, share_bar_svg
from bot.console.web import render, request_lang, require, services_of
from bot.dashboard import MAX_DAYS, DashboardFigures, DateRange, DateRangeError
from bot.render.localized import title
from bot.render.stats_chart import COLOURS
from bot.roles import Role
from bot.stats import DECISIONS
from bot.texts import Lang, Texts

#: The quick ranges offered beside the date inputs (days ending today).
QUICK_RANGES = (7, 30, 90)


def vn_time(moment: datetime | None) -> str:
    """A stored instant as Vietnamese wall-clock time, ``dd/mm/yyyy hh:mm``."""
    return "—" if moment is None else f"{moment.astimezone(VN_TZ):%d/%m/%Y %H:%M}"


def percent(share: float | None) -> str:
    return "—" if share is None else f"{100 * share:.0f}%"


def _charts(figures: DashboardFigures, texts: Texts, lang: Lang) -> dict[str, Markup]:
    labels = {d: str(texts.get(lang, f"con_dash_label_{d}")) for d in DECISIONS}
    usage = figures.usage
    return {
        "daily": daily_chart_svg(
            usage.days, labels, title=str(texts.get(lang, "con_dash_chart_title"))
        ),
        "split": share_bar_svg(
            [(labels[d], usage.count(d), COLOURS[d]) for d in DECISIONS],
            title=str(texts.get(lang, "con_dash_split_title")),
        ),
        "feedback": share_bar_svg(
            [
                (str(texts.get(lang, "con_dash_helpful")), usage.helpful, COLOURS["answer"]),
                (str(texts.get(lang, "con_dash_not_helpful")), usage.not_helpful, COLOURS["none"]),
            ],
            title=str(texts.get(lang, "con_dash_feedback_title")),
        ),
    }


async def dashboard(request: Request) -> Response:
    await require(request, Role.VIEWER)
    services = services_of(request)
    service, texts, lang = services.dashboard, services.texts, request_lang(request)
    params = request.query_params
    error = None
    try:
        period = service.parse_range(params.get("first"), params.get("last"))
    except DateRangeError as exc:
        error = texts.get(lang, exc.key, max=MAX_DAYS)
        period = service.default_range()
    figures = await service.figures(period)
    top = []
    for code, count in figures.usage.top_answered:
        procedure = services.catalog.get(code)
        top.append((code, title(procedure, lang) if procedure else "", count))
    today = service.today()
    quick = [(days, DateRange.last_days(today, days)) for days in QUICK_RANGES]
    return render(
        request,
        "dashboard.html",
        figures=figures,
        period=period,
        error=error,
        top=top,
        charts=_charts(figures, texts, lang),
        quick=quick,
        window_minutes=int(figures.portal.window / timedelta(minutes=1)),
        vn_time=vn_time,
        percent=percent,
        handoff_enabled=services.handoff.enabled,
        waiting=await services.handoff.waiting() if services.handoff.enabled else [],
        handoff_hours=f"{services.settings.handoff_wait_hours:g}",
    )


def routes() -> list[BaseRoute]:
    return [Route("/dashboard", dashboard, methods=["GET"], name="dashboard")]
