"""What citizens asked: groups of questions the bot did not answer well, and what an editor
does with one (bot/learning/ does the work).

* ``GET /questions?days=30&view=open|handled`` — the groups of the period, most asked first.
* ``GET /questions/{gid}?days=30`` — one group: counts, dates, wordings, the decision taken
  or (editors) the four actions.
* ``POST /questions/{gid}/preview`` — checks an attach or synonym change and shows its
  effect on the logged questions (nothing is saved); the page then offers "save".
* ``POST /questions/{gid}/save`` — the change as a new catalog version (refused when the
  catalog moved since the preview), ``/not-ours``, ``/dismiss``, and
  ``POST /questions/decisions/{id}/reopen``.

Everyone signed in reads; every POST requires an editor (a forged POST from a viewer is
refused by ``require``). Changes carry the editor as the actor and source "web".
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot.calendar import vn_date
from bot.console import web
from bot.learning.changes import (
    MAX_SYNONYM_TARGETS,
    CatalogChange,
    ChangeError,
    ChangeKind,
    clean_phrase,
)
from bot.learning.effect import Answer
from bot.learning.grouping import QuestionGroup
from bot.learning.service import DEFAULT_DAYS, PERIODS, LearningService, Preview
from bot.learning.triage import TriageAction, TriageRecord
from bot.roles import Role, StaffIdentity
from bot.search.snapshot import CatalogSnapshot
from bot.texts import Lang, Texts
from bot.texts.markup import Html

#: Groups shown on the list page (the most asked).
LIST_LIMIT = 100
#: Wordings shown on a group's page.
WORDINGS = 20
DONE = ("attach", "attach_same", "synonym", "not_ours", "dismiss", "reopen")


def learning_of(request: Request) -> LearningService:
    return web.services_of(request).learning


def days_of(request: Request) -> int:
    raw = request.query_params.get("days", "")
    return int(raw) if raw.isdigit() and int(raw) in PERIODS else DEFAULT_DAYS


def day(moment: datetime | None) -> str:
    return vn_date(moment).strftime("%d/%m/%Y") if moment is not None else "—"


def group_path(gid: str, days: int, **params: str) -> str:
    return f"/questions/{gid}?" + urlencode({"days": days, **params})


def decision_text(texts: Texts, lang: Lang, record: TriageRecord) -> Html:
    action = texts.get(lang, f"con_q_action_{record.action.value}", code=record.procedure_code)
    return texts.get(
        lang, "con_q_decided", action=action, actor=record.actor, at=day(record.created_at)
    )


def answer_labeller(
    texts: Texts, lang: Lang, snapshot: CatalogSnapshot
) -> Callable[[Answer], Html]:
    def label(answer: Answer) -> Html:
        if answer.decision != "answer":
            return texts.get(lang, f"con_q_ans_{answer.decision}")
        procedure = snapshot.get(answer.code)
        title = procedure.title.vi if procedure else answer.code
        if procedure is not None and lang == "en" and procedure.title.en:
            title = procedure.title.en
        return texts.get(lang, "con_q_ans_answer", title=title, code=answer.code)

    return label


def _since(days: int) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)


async def list_page(request: Request) -> Response:
    staff = await web.require(request, Role.VIEWER)
    days = days_of(request)
    view = "handled" if request.query_params.get("view") == "handled" else "open"
    grouping = await learning_of(request).groups(days=days)
    groups = grouping.handled if view == "handled" else grouping.open
    texts = web.services_of(request).texts
    done = request.query_params.get("done", "")
    flash = None
    if done in DONE:
        params = {k: request.query_params.get(k, "") for k in ("code", "version")}
        flash = texts.get(staff.lang, f"con_q_done_{done}", **params)
    return web.render(
        request,
        "questions_list.html",
        days=days,
        periods=PERIODS,
        view=view,
        groups=groups[:LIST_LIMIT],
        total=len(groups),
        questions=sum(g.count for g in groups),
        grouping=grouping,
        day=day,
        decided=lambda record: decision_text(texts, staff.lang, record),
        group_path=group_path,
        flash=flash,
        lessons=await web.services_of(request).handoff.lessons(since=_since(days)),
    )


async def _group_page(
    request: Request,
    staff: StaffIdentity,
    group: QuestionGroup | None,
    days: int,
    *,
    preview: Preview | None = None,
    form: dict[str, str] | None = None,
    error: Html | None = None,
    status_code: int = 200,
) -> Response:
    learning = learning_of(request)
    if group is None:
        message = web.services_of(request).texts.get(staff.lang, "con_q_not_found")
        return web.render(
            request,
            "questions_group.html",
            status_code=404,
            group=None,
            days=days,
            message=message,
        )
    texts = web.services_of(request).texts
    suggestions = []
    snapshot = None
    if staff.can(Role.EDITOR) and group.triage is None:
        suggestions = await learning.suggestions(group)
        snapshot = learning_snapshot(request)
    if preview is not None:
        snapshot = learning_snapshot(request)
    values = form or {}
    if not values and group.triage is None:
        values = {
            "phrase": clean_phrase(group.label),
            "code": suggestions[0].code if suggestions else "",
        }
    return web.render(
        request,
        "questions_group.html",
        status_code=status_code,
        group=group,
        days=days,
        wordings=group.texts[:WORDINGS],
        day=day,
        decided=decision_text(texts, staff.lang, group.triage) if group.triage else None,
        suggestions=suggestions,
        title_of=(lambda code: _title(snapshot, code, staff.lang)),
        preview=preview,
        answer_label=answer_labeller(texts, staff.lang, snapshot) if snapshot else None,
        form=values,
        error=error,
        synonym_limit=MAX_SYNONYM_TARGETS,
        path_of=lambda action: f"/questions/{group.gid}/{action}?days={days}",
        back=f"/questions?days={days}" + ("&view=handled" if group.triage else ""),
    )


def learning_snapshot(request: Request) -> CatalogSnapshot:
    return web.services_of(request).catalog.current


def _title(snapshot: CatalogSnapshot | None, code: str, lang: Lang) -> str:
    procedure = snapshot.get(code) if snapshot is not None else None
    if procedure is None:
        return code
    return procedure.title.en if lang == "en" and procedure.title.en else procedure.title.vi


async def _find(request: Request, days: int) -> QuestionGroup | None:
    return await learning_of(request).find(request.path_params["gid"], days=days)


async def group_page(request: Request) -> Response:
    staff = await web.require(request, Role.VIEWER)
    days = days_of(request)
    return await _group_page(request, staff, await _find(request, days), days)


def _change(form: FormData) -> CatalogChange:
    kind = ChangeKind.SYNONYM if form.get("kind") == "synonym" else ChangeKind.ATTACH
    other = str(form.get("code_other", "")).strip()
    code = other or str(form.get("code", "")).strip()
    if kind is ChangeKind.ATTACH and not code:
        raise ChangeError("con_q_err_choose")
    return CatalogChange(
        kind, str(form.get("phrase", "")), code=code, meaning=str(form.get("meaning", ""))
    )


def _form_values(form: FormData) -> dict[str, str]:
    keys = ("kind", "phrase", "code", "code_other", "meaning", "note", "reply_vi", "reply_en")
    return {key: str(form.get(key, "")) for key in keys}


async def _refused(
    request: Request,
    staff: StaffIdentity,
    group: QuestionGroup,
    days: int,
    form: FormData,
    exc: ChangeError,
) -> Response:
    message = web.services_of(request).texts.get(staff.lang, exc.key, **exc.params)
    return await _group_page(
        request,
        staff,
        group,
        days,
        form=_form_values(form),
        error=message,
        status_code=400,
    )


GroupAction = Callable[[Request, StaffIdentity, QuestionGroup, int, FormData], Awaitable[Response]]


def _on_open_group(action: GroupAction) -> Callable[[Request], Awaitable[Response]]:
    """The endpoint of an editor's POST on a group still waiting for a decision: a gone or
    decided group shows its page instead; a refused change shows the form again (400)."""

    @functools.wraps(action)
    async def endpoint(request: Request) -> Response:
        staff = await web.require(request, Role.EDITOR)
        days = days_of(request)
        group = await _find(request, days)
        if group is None or group.triage is not None:
            return await _group_page(request, staff, group, days)
        form = await request.form()
        try:
            return await action(request, staff, group, days, form)
        except ChangeError as exc:
            return await _refused(request, staff, group, days, form, exc)

    return endpoint


@_on_open_group
async def preview_change(
    request: Request, staff: StaffIdentity, group: QuestionGroup, days: int, form: FormData
) -> Response:
    preview = await learning_of(request).preview(group, _change(form), days=days)
    values = _form_values(form)
    values.update(phrase=preview.plan.change.phrase, meaning=preview.plan.change.meaning)
    if preview.plan.change.kind is ChangeKind.ATTACH:
        values.update(code=preview.plan.targets[0], code_other="")
    return await _group_page(request, staff, group, days, preview=preview, form=values)


@_on_open_group
async def save_change(
    request: Request, staff: StaffIdentity, group: QuestionGroup, days: int, form: FormData
) -> Response:
    raw_version = str(form.get("version", ""))
    applied = await learning_of(request).apply(
        group,
        _change(form),
        actor=staff.actor,
        note=str(form.get("note", "")),
        origin="web",
        expected_version=int(raw_version) if raw_version.isdigit() else None,
    )
    if not applied.changed:
        done = "attach_same"
    else:
        done = "attach" if applied.decision.action is TriageAction.ATTACH else "synonym"
    params = {"days": str(days), "done": done, "version": str(applied.version.id)}
    params["code"] = applied.decision.procedure_code or ""
    return web.redirect(request, "/questions?" + urlencode(params))


@_on_open_group
async def not_ours(
    request: Request, staff: StaffIdentity, group: QuestionGroup, days: int, form: FormData
) -> Response:
    await learning_of(request).not_ours(
        group,
        reply_vi=str(form.get("reply_vi", "")),
        reply_en=str(form.get("reply_en", "")),
        actor=staff.actor,
        origin="web",
    )
    return web.redirect(request, "/questions?" + urlencode({"days": days, "done": "not_ours"}))


@_on_open_group
async def dismiss(
    request: Request, staff: StaffIdentity, group: QuestionGroup, days: int, form: FormData
) -> Response:
    await learning_of(request).dismiss(
        group, actor=staff.actor, note=str(form.get("note", "")), origin="web"
    )
    return web.redirect(request, "/questions?" + urlencode({"days": days, "done": "dismiss"}))


async def reopen(request: Request) -> Response:
    staff = await web.require(request, Role.EDITOR)
    days = days_of(request)
    raw = str(request.path_params["decision"])
    if raw.isdigit():
        await learning_of(request).reopen(int(raw), actor=staff.actor, origin="web")
    return web.redirect(request, "/questions?" + urlencode({"days": days, "done": "reopen"}))


def routes() -> list[BaseRoute]:
    return [
        Route("/questions", list_page, methods=["GET"]),
        Route("/questions/decisions/{decision}/reopen", reopen, methods=["POST"]),
        Route("/questions/{gid}", group_page, methods=["GET"]),
        Route("/questions/{gid}/preview", preview_change, methods=["POST"]),
        Route("/questions/{gid}/save", save_change, methods=["POST"]),
        Route("/questions/{gid}/not-ours", not_ours, methods=["POST"]),
        Route("/questions/{gid}/dismiss", dismiss, methods=["POST"]),
    ]
