"""Texts of a hand-off: what the citizen agrees to share, the topic's name and first message,
when staff will read it, and the staff's waiting list (pure functions, no Telegram)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from bot.calendar import VN_TZ
from bot.handoff import HandoffContext, WaitingHandoff
from bot.render.localized import title
from bot.texts import Lang, Texts
from bot.texts.markup import Html
from procedures_catalog.schema import Procedure

#: Telegram's limit on a forum topic's name.
TOPIC_NAME_LIMIT = 128
#: How much of the question the topic's name carries when no procedure is known.
_NAME_QUESTION_CHARS = 60

ProcedureOf = Callable[[str], Procedure | None]


def _answer(texts: Texts, lang: Lang, context: HandoffContext, procedure_of: ProcedureOf) -> Html:
    procedure = procedure_of(context.procedure_code) if context.procedure_code else None
    if context.decision == "answer" and procedure is not None:
        return texts.get(lang, "handoff_answer_card", title=title(procedure, lang))
    if context.decision == "clarify":
        return texts.get(lang, "handoff_answer_clarify")
    if context.decision == "none":
        return texts.get(lang, "handoff_answer_none")
    return texts.get(lang, "handoff_answer_nothing")


def consent(texts: Texts, lang: Lang, context: HandoffContext, procedure_of: ProcedureOf) -> Html:
    """What will be shared with the staff, for the citizen to confirm."""
    question = context.question or texts.get(lang, "handoff_no_question")
    return texts.get(
        lang,
        "handoff_consent",
        question=question,
        answer=_answer(texts, lang, context, procedure_of),
    )


def topic_name(reference: str, context: HandoffContext, procedure_of: ProcedureOf) -> str:
    """``#K7Q3MX · Cấp lại thẻ căn cước`` (or the start of the question), ≤ 128 characters."""
    procedure = procedure_of(context.procedure_code) if context.procedure_code else None
    about = title(procedure, "vi") if procedure is not None else context.question
    about = " ".join(about.split())
    if procedure is None and len(about) > _NAME_QUESTION_CHARS:
        about = about[: _NAME_QUESTION_CHARS - 1].rstrip() + "…"
    name = f"#{reference} · {about}" if about else f"#{reference}"
    return name if len(name) <= TOPIC_NAME_LIMIT else name[: TOPIC_NAME_LIMIT - 1] + "…"


def topic_header(
    texts: Texts,
    reference: str,
    citizen_lang: Lang,
    context: HandoffContext,
    procedure_of: ProcedureOf,
) -> Html:
    """The first message of the topic, in Vietnamese (the staff's language)."""
    return texts.get(
        "vi",
        "handoff_topic_header",
        reference=reference,
        question=context.question or texts.get("vi", "handoff_answer_nothing"),
        answer=_answer(texts, "vi", context, procedure_of),
        language="Tiếng Việt" if citizen_lang == "vi" else "English",
    )


def when(texts: Texts, lang: Lang, moment: datetime) -> Html:
    """``thứ Hai 07/12 lúc 07:30`` in Vietnam time."""
    local = moment.astimezone(VN_TZ)
    return texts.get(
        lang,
        "handoff_weekday",
        weekday=texts.get(lang, f"weekday_{local.weekday()}"),
        date=local.strftime("%d/%m"),
        time=local.strftime("%H:%M"),
    )


def waiting_list(texts: Texts, lang: Lang, waiting: Sequence[WaitingHandoff], hours: float) -> Html:
    """The staff's list of hand-offs left without a reply for too long."""
    limit = f"{hours:g}"
    if not waiting:
        return texts.get(lang, "handoff_waiting_none", hours=limit)
    lines = [texts.get(lang, "handoff_waiting_title", hours=limit)]
    for item in waiting:
        lines.append(
            texts.get(
                lang,
                "handoff_waiting_line",
                reference=item.reference,
                opened=item.opened_at.astimezone(VN_TZ).strftime("%d/%m %H:%M"),
                waited=f"{item.waited.total_seconds() / 3600:.1f}",
            )
        )
    return Html("\n").join(lines)
