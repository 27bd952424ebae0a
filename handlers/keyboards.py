"""Inline keyboards of the conversation, built from texts in the user's language."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.clarify import ClarifyQuestion
from bot.life_events import EventStep
from bot.render.clarify import option_label
from bot.render.life_event import step_button_label
from bot.render.procedure import SECTION_BUTTON_KEYS, Section
from bot.search.engine import SearchResult
from bot.texts import Lang, Texts
from handlers.callbacks import CallbackKind, encode
from procedures_catalog.schema import Procedure

MAX_BUTTON_TEXT = 60


def _short(text: str) -> str:
    return text if len(text) <= MAX_BUTTON_TEXT else text[: MAX_BUTTON_TEXT - 1] + "…"


def main_menu(lang: Lang, texts: Texts) -> InlineKeyboardMarkup:
    item = [("find", "menu_find"), ("status", "menu_status"), ("mine", "menu_mine")]
    rows = [
        [InlineKeyboardButton(texts.get(lang, key), callback_data=encode(CallbackKind.MENU, name))]
        for name, key in item
    ]
    rows.append(
        [
            InlineKeyboardButton(
                texts.get(lang, "menu_help"), callback_data=encode(CallbackKind.MENU, "help")
            )
        ]
    )
    return InlineKeyboardMarkup(rows)


def _section_button(code: str, section: Section, lang: Lang, texts: Texts) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        texts.get(lang, SECTION_BUTTON_KEYS[section]),
        callback_data=encode(CallbackKind.SECTION, code, section),
    )


def card_keyboard(
    procedure: Procedure,
    lang: Lang,
    texts: Texts,
    *,
    log_id: int | None = None,
    current: Section | None = None,
) -> InlineKeyboardMarkup:
    """Section buttons (all but the one shown), checklist, official link, back, feedback."""
    code = procedure.code
    sections = [_section_button(code, s, lang, texts) for s in Section if s is not current]
    rows = [sections[i : i + 2] for i in range(0, len(sections), 2)]
    extra = [
        InlineKeyboardButton(
            texts.get(lang, "btn_checklist"), callback_data=encode(CallbackKind.CHECKLIST, code)
        )
    ]
    if current is not None:
        extra.append(
            InlineKeyboardButton(
                texts.get(lang, "btn_back"), callback_data=encode(CallbackKind.PROCEDURE, code)
            )
        )
    rows.append(extra)
    if procedure.detail_url:
        rows.append(
            [InlineKeyboardButton(texts.get(lang, "btn_official"), url=str(procedure.detail_url))]
        )
    log = log_id or 0
    rows.append(
        [
            InlineKeyboardButton(
                texts.get(lang, "btn_helpful"),
                callback_data=encode(CallbackKind.FEEDBACK, code, log, 1),
            ),
            InlineKeyboardButton(
                texts.get(lang, "btn_not_helpful"),
                callback_data=encode(CallbackKind.FEEDBACK, code, log, 0),
            ),
        ]
    )
    return InlineKeyboardMarkup(rows)


def choices_keyboard(
    choices: Sequence[SearchResult],
    titles: dict[str, str],
    lang: Lang,
    texts: Texts,
    *,
    log_id: int | None = None,
) -> InlineKeyboardMarkup:
    """One button per candidate procedure, then "none of these"."""
    rows = [
        [
            InlineKeyboardButton(
                _short(titles.get(c.code, c.title)),
                callback_data=encode(CallbackKind.PROCEDURE, c.code),
            )
        ]
        for c in choices
    ]
    rows.append(
        [
            InlineKeyboardButton(
                texts.get(lang, "clarify_none_of_these"),
                callback_data=encode(CallbackKind.NONE_OF_THESE, log_id or 0),
            )
        ]
    )
    return InlineKeyboardMarkup(rows)


def clarify_keyboard(
    question: ClarifyQuestion,
    titles: dict[str, str],
    lang: Lang,
    texts: Texts,
    *,
    log_id: int | None = None,
) -> InlineKeyboardMarkup:
    """One button per answer, then the offered procedures no answer covers (by title),
    then "none of these". An answer with one procedure opens its card (`p:`); one with
    several asks again or lists them (`q:<attribute>:<answer>:<log id>`)."""
    log = log_id or 0
    rows = []
    for shown in question.options:
        data = (
            encode(CallbackKind.PROCEDURE, shown.codes[0])
            if len(shown.codes) == 1
            else encode(CallbackKind.CLARIFY, question.attribute.id, shown.index, log)
        )
        rows.append([InlineKeyboardButton(_short(option_label(shown, lang)), callback_data=data)])
    for code in question.others:
        rows.append(
            [
                InlineKeyboardButton(
                    _short(titles.get(code, code)),
                    callback_data=encode(CallbackKind.PROCEDURE, code),
                )
            ]
        )
    rows.append(
        [
            InlineKeyboardButton(
                texts.get(lang, "clarify_none_of_these"),
                callback_data=encode(CallbackKind.NONE_OF_THESE, log),
            )
        ]
    )
    return InlineKeyboardMarkup(rows)


def life_event_keyboard(
    steps: Sequence[EventStep], lang: Lang, texts: Texts
) -> InlineKeyboardMarkup:
    """One button per step of a life event, in order; each sends that procedure's card as a
    new message (the steps stay on screen)."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    _short(step_button_label(shown, lang, texts)),
                    callback_data=encode(CallbackKind.EVENT_STEP, shown.procedure.code),
                )
            ]
            for shown in steps
        ]
    )


def checklist_keyboard(
    procedure: Procedure, ticked: set[int], lang: Lang, texts: Texts
) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                _short(("☑️ " if i in ticked else "⬜ ") + doc.name),
                callback_data=encode(CallbackKind.TICK, procedure.code, i),
            )
        ]
        for i, doc in enumerate(procedure.documents)
    ]
    rows.append(
        [
            InlineKeyboardButton(
                texts.get(lang, "btn_back"),
                callback_data=encode(CallbackKind.PROCEDURE, procedure.code),
            )
        ]
    )
    return InlineKeyboardMarkup(rows)
