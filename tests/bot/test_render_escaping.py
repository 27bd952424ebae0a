"""Safe rendering by construction: no hand escaping in the renderers, and catalog text with
tags and ampersands reaches the user escaped exactly once."""

from __future__ import annotations

import ast
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.calendar import WorkCalendar
from bot.life_events import EventStep
from bot.portal.models import Dossier
from bot.portal.status import DossierStatus
from bot.render.checklist import render_checklist
from bot.render.dossier import render_dossier
from bot.render.life_event import render_life_event, step_button_label
from bot.render.localized import title
from bot.render.procedure import Section, render_card, render_section
from bot.render.status_guide import render_status_guide
from bot.texts import Lang, Texts
from bot.texts.markup import Html
from procedures_catalog.life_events import BiText, LifeEvent, LifeEventStep
from procedures_catalog.schema import Document, Localized, Procedure
from sandbox.telegram_html import parse_html

ROOT = Path(__file__).resolve().parents[2]
TEXTS = Texts()
#: Modules whose ``escape`` is escaping by hand, and names of private escape helpers.
ESCAPE_MODULES = frozenset({"html", "markupsafe"})
HELPER_NAMES = frozenset({"_e", "e", "_esc", "esc", "_escape", "escape", "_h", "h"})
TITLE_VI = "Cấp <b>thẻ</b> & giấy"
TITLE_EN = "Card <b>issue</b> & paper"
ESCAPED = {
    "vi": "Cấp &lt;b&gt;thẻ&lt;/b&gt; &amp; giấy",
    "en": "Card &lt;b&gt;issue&lt;/b&gt; &amp; paper",
}
SHOWN = {"vi": TITLE_VI, "en": TITLE_EN}


def _is_hand_escape(node: ast.AST, methods: set[int]) -> bool:
    match node:
        case ast.ImportFrom(module=module, names=names) if module in ESCAPE_MODULES:
            return any(alias.name == "escape" for alias in names)
        case ast.Attribute(value=ast.Name(id=name), attr="escape"):
            return name in ESCAPE_MODULES
        case ast.FunctionDef(name=name):
            return id(node) not in methods and name in HELPER_NAMES
        case ast.Call(func=ast.Name(id=name)):
            return name in HELPER_NAMES
    return False


def hand_escapes(source: str) -> list[int]:
    """Lines that escape by hand: ``escape`` imported from html/markupsafe, ``html.escape``,
    or a private helper (``def _e``, ``_e(...)``). Methods (``Html.escape``) are the one
    sanctioned place and are not counted."""
    tree = ast.parse(source)
    methods = {
        id(node)
        for cls in ast.walk(tree)
        if isinstance(cls, ast.ClassDef)
        for node in cls.body
        if isinstance(node, ast.FunctionDef)
    }
    return sorted(
        {getattr(node, "lineno", 0) for node in ast.walk(tree) if _is_hand_escape(node, methods)}
    )


@pytest.mark.parametrize("package", ["bot/render", "bot/tracking", "bot/texts"])
def test_no_module_escapes_by_hand(package: str) -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in sorted((ROOT / package).rglob("*.py"))
        for line in hand_escapes(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, "build Html (bot/texts/markup.py) instead: " + ", ".join(offenders)


@pytest.mark.parametrize(
    "source",
    [
        "from html import escape",
        "from html import escape, unescape",
        "import html\ntext = html.escape(value, quote=False)",
        "def _e(value: object) -> str:\n    return value",
        "name = _e(unit.name)",
        "from markupsafe import Markup, escape",
        "import markupsafe\nx = markupsafe.escape(1)",
    ],
)
def test_the_guard_sees_each_kind_of_hand_escape(source: str) -> None:
    assert hand_escapes(source)


@pytest.mark.parametrize(
    "source",
    [
        "from html import unescape",
        "x = label.unescape()",
        "import re\nx = re.escape(kind)",
        '"""Values are escaped with :func:`markupsafe.escape` by Texts.get."""',
        "class Html(str):\n    def escape(cls, s):\n        return s",
    ],
)
def test_the_guard_lets_sanctioned_code_pass(source: str) -> None:
    assert not hand_escapes(source)


def test_texts_escape_values_but_not_markup() -> None:
    text = TEXTS.get("vi", "card_code", code="1<b>&2")
    assert isinstance(text, Html)
    assert text == "Mã thủ tục: <code>1&lt;b&gt;&amp;2</code>"
    nested = TEXTS.get("vi", "card_field", field=TEXTS.get("vi", "card_code", code="1"))
    assert nested == "Lĩnh vực: Mã thủ tục: <code>1</code>"
    assert Html.escape("a \"quoted\" 'word'") == "a \"quoted\" 'word'"  # as Telegram needs


def _procedure() -> Procedure:
    return Procedure.model_validate(
        {
            "code": "1.000001",
            "title": {"vi": TITLE_VI, "en": TITLE_EN},
            "summary": {"vi": "Tóm tắt", "en": "Summary"},
            "field": "Hộ tịch & <b>dân cư</b>",
            "level": ["Cấp xã"],
            "agency": "UBND cấp xã",
            "documents": [Document(name="Tờ khai <mẫu> & ảnh").model_dump()],
            "channels": [{"kind": "in_person", "time_value": 3, "time_unit": "working_days"}],
            "last_reviewed": date(2026, 1, 1),
            "source": "test",
        }
    )


def _assert_escaped_once(html_text: str, lang: Lang) -> None:
    assert ESCAPED[lang] in html_text
    assert "&amp;amp;" not in html_text and "&amp;lt;" not in html_text
    assert SHOWN[lang] in parse_html(html_text).text  # what the user reads


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_title_with_tags_is_escaped_once_on_the_card_and_its_sections(lang: Lang) -> None:
    procedure = _procedure()
    card = render_card(procedure, lang, TEXTS)
    _assert_escaped_once(card, lang)
    assert f"<b>{ESCAPED[lang]}</b>" in card
    assert "Hộ tịch &amp; &lt;b&gt;dân cư&lt;/b&gt;" in card
    for section in Section:
        _assert_escaped_once(render_section(procedure, section, lang, TEXTS), lang)
    _assert_escaped_once(render_checklist(procedure, set(), lang, TEXTS), lang)
    guide = render_status_guide(procedure, lang, TEXTS, lookup_url="https://x", hotline="1")
    _assert_escaped_once(guide, lang)
    assert "Tờ khai &lt;mẫu&gt; &amp; ảnh" in render_section(
        procedure, Section.DOCUMENTS, lang, TEXTS
    )


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_title_with_tags_is_escaped_once_in_a_life_event_and_plain_on_its_button(
    lang: Lang,
) -> None:
    procedure = _procedure()
    step = LifeEventStep(code=procedure.code, note=BiText(vi="ghi chú", en="note"))
    event = LifeEvent(
        id="test",
        title=BiText(vi="Sự kiện", en="Event"),
        intro=BiText(vi="Giới thiệu", en="Intro"),
        triggers=["sự kiện"],
        steps=[step],
    )
    shown = [EventStep(number=1, step=step, procedure=procedure)]
    _assert_escaped_once(render_life_event(event, shown, lang, TEXTS), lang)
    assert step_button_label(shown[0], lang, TEXTS) == f"1. {SHOWN[lang]}"  # buttons are plain


def test_the_procedure_name_on_a_status_card_is_escaped_once() -> None:
    dossier = Dossier(
        code="H27-1",
        status=DossierStatus.PROCESSING,
        status_label="Đang xử lý",
        procedure_name=TITLE_VI,
        submitted_at=datetime(2026, 3, 2, 2, tzinfo=UTC),
    )
    html_text = render_dossier(
        dossier,
        today=date(2026, 3, 3),
        calendar=WorkCalendar(),
        lang="vi",
        texts=TEXTS,
        lookup_url="https://x?a=1&b=2",
    )
    _assert_escaped_once(html_text, "vi")
    assert "https://x?a=1&amp;b=2" in html_text


def test_one_title_rule_falls_back_to_vietnamese() -> None:
    procedure = _procedure()
    assert title(procedure, "en") == TITLE_EN
    assert title(procedure, "vi") == TITLE_VI
    no_english = procedure.model_copy(update={"title": Localized(vi=TITLE_VI)})
    assert title(no_english, "en") == TITLE_VI
