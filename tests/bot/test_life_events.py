"""Life events: loading life_events.yaml, recognising a situation in a message, the card."""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path

import pytest

import run_bot
from bot.life_events import LifeEventMatcher, available_steps
from bot.render.life_event import render_life_event, step_button_label
from bot.texts import Lang, Texts
from procedures_catalog.life_events import (
    LIFE_EVENTS_FILE,
    BiText,
    LifeEvent,
    LifeEventsError,
    LifeEventStep,
    MissingCode,
    life_event_problems,
    load_bundled_life_events,
    load_life_events,
    missing_codes,
    read_life_events,
)
from procedures_catalog.loader import BUNDLED_DIR, read_catalog
from procedures_catalog.schema import Localized, Procedure
from sandbox.telegram_html import parse_html

TEXTS = Texts()

GOOD = """\
- id: new-baby
  title: {vi: "Có em bé", en: "A new baby"}
  intro: {vi: "Chúc mừng.", en: "Congratulations."}
  triggers: ["sinh con", "vợ mới đẻ", "had a baby"]
  exclude: ["khai sinh"]
  steps:
    - code: "1.001193"
      note: {vi: "Khai sinh trước.", en: "Register the birth first."}
    - code: "2.000693"
      note: {vi: "Thai sản.", en: "Maternity benefit."}
- id: loss
  title: {vi: "Có người mất", en: "A death"}
  intro: {vi: "Xin chia buồn.", en: "Our condolences."}
  triggers: ["bố mất", "passed away"]
  steps:
    - code: "1.000656"
      note: {vi: "Khai tử.", en: "Death registration."}
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / LIFE_EVENTS_FILE
    path.write_text(text, "utf-8")
    return path


# ---------------------------------------------------------------- loading


def test_a_good_file_loads_in_order(tmp_path: Path) -> None:
    events = load_life_events(_write(tmp_path, GOOD))
    assert [e.id for e in events] == ["new-baby", "loss"]
    assert [s.code for s in events[0].steps] == ["1.001193", "2.000693"]
    assert events[0].title.en == "A new baby" and events[0].exclude == ["khai sinh"]
    assert events[1].exclude == []


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("  exclude:", "  excludes:", "[0] new-baby.excludes", "unknown key"),
        ('["bố mất", "passed away"]', "[]", "[1] loss.triggers", "at least one trigger"),
        (
            '["sinh con", "vợ mới đẻ", "had a baby"]',
            '["sinh con", "  "]',
            "triggers[1]",
            "at least 1",
        ),
        ("id: loss", "id: new-baby", "[1] new-baby.id", "duplicate id"),
        ('code: "2.000693"', 'code: "1.001193"', "[0] new-baby.steps", "appears twice"),
        ('code: "1.000656"', 'code: "khai-tu"', "[1] loss.steps[0].code", "not a procedure code"),
        ("id: loss", "id: Có người mất", "[1] Có người mất.id", "slug"),
        ('en: "A death"', 'en: ""', "[1] loss.title.en", "at least 1"),
        ('["bố mất", "passed away"]', '["sinh con"]', "[1] loss.triggers", "also a trigger of"),
    ],
)
def test_each_kind_of_bad_file_is_named(
    tmp_path: Path, old: str, new: str, field: str, message: str
) -> None:
    assert old in GOOD
    path = _write(tmp_path, GOOD.replace(old, new, 1))
    _, problems = read_life_events(path)
    assert problems, "the mistake went unnoticed"
    assert any(field in p.field_path and message in p.message for p in problems), problems
    assert all(p.file == str(path) and p.location.startswith("line ") for p in problems)
    with pytest.raises(LifeEventsError) as raised:
        load_life_events(path)
    assert str(path) in str(raised.value) and field in str(raised.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id: x\n", "must be a list of events"),
        ("- id: [oops\n", "not valid YAML"),
        ("[]\n", "holds no events"),
    ],
)
def test_a_file_that_is_not_a_list_of_events(tmp_path: Path, text: str, message: str) -> None:
    _, problems = read_life_events(_write(tmp_path, text))
    assert any(message in p.message for p in problems), problems


def test_missing_codes_lists_steps_not_in_the_catalog(tmp_path: Path) -> None:
    events = load_life_events(_write(tmp_path, GOOD))
    assert missing_codes(events, {"1.001193", "1.000656"}) == [
        MissingCode("new-baby", 1, "2.000693")
    ]
    assert missing_codes(events, {"1.001193", "2.000693", "1.000656"}) == []


# ---------------------------------------------------------------- the bundled file


@functools.cache
def _bundled() -> tuple[list[LifeEvent], dict[str, Procedure]]:
    # read_catalog, not load_bundled: unrelated catalog problems are not this test's concern
    return load_bundled_life_events(), {p.code: p for p in read_catalog(BUNDLED_DIR).procedures}


def test_the_bundled_life_events_validate_against_the_bundled_catalog() -> None:
    events, catalog = _bundled()
    assert {e.id for e in events} == {"birth", "death", "marriage", "moving"}
    assert missing_codes(events, catalog.keys()) == []
    assert life_event_problems(BUNDLED_DIR, catalog.keys()) == []
    birth = next(e for e in events if e.id == "birth")
    assert [s.code for s in birth.steps][:3] == ["2.000986", "2.001023", "1.001193"]
    death = next(e for e in events if e.id == "death")
    assert [s.code for s in death.steps][:2] == ["1.000656", "1.003197"]


def test_catalog_validate_checks_the_life_events(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(run_bot, "COMMAND_MODULES", ("bot.cli.catalog",))
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    for code in ("1.001193", "1.000656", "2.000693"):
        (catalog / f"{code}.yaml").write_text(_procedure(code).model_dump_json(), "utf-8")
    _write(catalog, GOOD)
    assert run_bot.main(["catalog", "validate", str(catalog)]) == 0
    assert "OK: 3 procedures" in capsys.readouterr().out
    (catalog / "2.000693.yaml").unlink()
    assert run_bot.main(["catalog", "validate", str(catalog)]) == 1
    out = capsys.readouterr().out
    assert "new-baby.steps[1].code" in out and "procedure 2.000693 is not in the catalog" in out
    _write(catalog, GOOD.replace("  exclude:", "  excludes:"))
    assert run_bot.main(["catalog", "validate", str(catalog)]) == 1
    assert "unknown key" in capsys.readouterr().out


# ---------------------------------------------------------------- matching


@functools.cache
def _matcher() -> LifeEventMatcher:
    return LifeEventMatcher(_bundled()[0])


SITUATIONS = [
    ("tôi vừa sinh con", "birth"),
    ("toi vua sinh con", "birth"),
    ("vo em moi de", "birth"),
    ("Vợ em mới đẻ, cần làm giấy tờ gì cho cháu?", "birth"),
    ("vợ tôi mới sinh em bé tuần trước", "birth"),
    ("nhà em vừa có em bé", "birth"),
    ("vo toi sihn con hom qua", "birth"),  # typo
    ("we just had a baby", "birth"),
    ("My wife gave birth yesterday, what papers do we need?", "birth"),
    ("bố tôi mất", "death"),
    ("bo toi mat hom qua", "death"),
    ("nha em co nguoi mat", "death"),
    ("Mẹ tôi vừa qua đời, gia đình cần làm gì", "death"),
    ("ông nội em mất rồi", "death"),
    ("my father passed away", "death"),
    ("My mother died last week", "death"),
    ("tôi sắp cưới", "marriage"),
    ("tôi sắp lấy vợ, cần chuẩn bị gì", "marriage"),
    ("sap cuoi vo thi lam giay to gi", "marriage"),
    ("We are getting married in May", "marriage"),
    ("chuyển nhà về quê", "moving"),
    ("gia đình tôi sắp chuyển nhà ra Hà Tĩnh", "moving"),
    ("chuyen nha ve que thi can lam gi", "moving"),
    ("mình đi làm ăn xa vài năm", "moving"),
    ("we are moving house next month", "moving"),
]

NOT_SITUATIONS = [
    "làm giấy khai sinh cần gì",
    "lam giay khai sinh can gi",
    "đăng ký khai sinh cho con",
    "dang ky khai sinh con",
    "đăng ký kết hôn ở đâu",
    "dang ky ket hon o dau",
    "khai tử cho bố",
    "khai tu cho bo",
    "trích lục khai tử cần giấy tờ gì",
    "bố tôi mất căn cước",
    "me toi bi mat so ho khau",
    "bố tôi bị mất giấy tờ xe",
    "làm căn cước mà mất bao lâu",
    "bố tôi bị chóng mặt",
    "tôi mới đề nghị cấp lại căn cước",
    "toi moi de nghi cap lai can cuoc",
    "gia đình tôi mới sinh sống ở Hà Tĩnh, đăng ký tạm trú thế nào",
    "sắp cuối năm rồi, gia hạn thẻ bảo hiểm y tế",
    "sap cuoi nam gia han bhyt",
    "đăng ký thường trú cần gì",
    "khai báo tạm vắng",
    "chuyển nhượng nhà đất cần gì",
    "birth certificate copy",
    "how do I register a marriage",
    "I lost my ID card, how do I get a new one?",
    "xin chào",
]


@pytest.mark.parametrize(("text", "event_id"), SITUATIONS)
def test_a_situation_is_recognised(text: str, event_id: str) -> None:
    event = _matcher().match(text)
    assert event is not None and event.id == event_id


@pytest.mark.parametrize("text", NOT_SITUATIONS)
def test_a_named_procedure_is_left_to_the_search(text: str) -> None:
    event = _matcher().match(text)
    assert event is None, f"{text!r} fired {event.id}"


def _event(event_id: str, triggers: list[str], exclude: list[str] | None = None) -> LifeEvent:
    note = BiText(vi="ghi chú", en="note")
    return LifeEvent(
        id=event_id,
        title=BiText(vi="Tiêu đề", en="Title"),
        intro=BiText(vi="Mở đầu.", en="Intro."),
        triggers=triggers,
        exclude=exclude or [],
        steps=[LifeEventStep(code="1.001193", note=note)],
    )


def test_matching_rules_gaps_marks_typos_exclusions_and_order() -> None:
    matcher = LifeEventMatcher(
        [
            _event("a", ["bố mất", "người thân qua đời"], ["mất giấy"]),
            _event("b", ["sắp cưới", "chuyển nhà"]),
        ]
    )
    assert matcher.match("bố tôi vừa mất")  # two small words between
    assert matcher.match("bố tôi đã vừa mất") is None  # three is too many
    assert matcher.match("bố tôi bị mất") is None  # "bị" is not a small word
    assert matcher.match("bố tôi mặt") is None  # other marks: a different word
    assert matcher.match("bo toi mat")  # no marks: letters only
    assert matcher.match("nguoi thaan qua doi")  # one typo in a word of 4+ letters
    assert matcher.match("nguoii thaan qua doi") is None  # two typos
    assert matcher.match("bo mstt") is None  # no typo in a short word
    assert matcher.match("bố mất giấy tờ") is None  # overlapping exclusion
    assert matcher.match("bố mất. Tôi bị mất giấy tờ")  # exclusion elsewhere: still a death
    assert matcher.match("bố\nmất") is None  # not across sentences
    found = matcher.match("tôi sắp cưới, rồi bố mất")
    assert found is not None and found.id == "b"  # the earliest in the text


# ---------------------------------------------------------------- rendering


def _procedure(code: str, vi: str = "Thủ tục", en: str = "Procedure") -> Procedure:
    return Procedure(
        code=code,
        title=Localized(vi=vi, en=en),
        summary=Localized(vi="Tóm tắt.", en="Summary."),
        field="Hộ tịch",
        level=["Cấp xã"],
        agency="UBND cấp xã",
        last_reviewed=date(2026, 11, 29),
        source="test fixture",
    )


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_card_lists_the_steps_in_order_escaped(lang: Lang) -> None:
    event = _event("x", ["a b"]).model_copy(
        update={
            "title": BiText(vi="Sinh <con> & cháu", en="Baby <b>born</b>"),
            "intro": BiText(vi="Chúc <mừng>", en="Hi & welcome"),
            "steps": [
                LifeEventStep(code="1.001193", note=BiText(vi="trước <60 ngày>", en="<first>")),
                LifeEventStep(code="9.999999", note=BiText(vi="không có", en="absent")),
                LifeEventStep(code="2.000693", note=BiText(vi="sau đó", en="then & after")),
            ],
        }
    )
    catalog = {
        "1.001193": _procedure("1.001193", "Khai <sinh>", "Birth <reg>"),
        "2.000693": _procedure("2.000693", "Thai sản & BHXH", "Maternity & benefit"),
    }
    steps = available_steps(event, catalog.get)
    assert [(s.number, s.procedure.code) for s in steps] == [(1, "1.001193"), (2, "2.000693")]
    html = render_life_event(event, steps, lang, TEXTS)
    parsed = parse_html(html)  # raises like Telegram's "can't parse entities"
    text = parsed.text
    assert "9.999999" not in text and "absent" not in text
    if lang == "vi":
        assert "Sinh <con> & cháu" in text and "Chúc <mừng>" in text
        assert text.index("1. Khai <sinh>") < text.index("2. Thai sản & BHXH")
        assert "trước <60 ngày>" in text and "theo thứ tự" in text
    else:
        assert "Baby <b>born</b>" in text and "Hi & welcome" in text
        assert text.index("1. Birth <reg>") < text.index("2. Maternity & benefit")
        assert "<first>" in text and "then & after" in text and "in order" in text
    assert step_button_label(steps[0], lang, TEXTS).startswith("1. ")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_bundled_event_renders(lang: Lang) -> None:
    events, catalog = _bundled()
    for event in events:
        steps = available_steps(event, catalog.get)
        assert len(steps) == len(event.steps)
        parse_html(render_life_event(event, steps, lang, TEXTS))
