"""clarify.yaml: loading good and bad files, the bundled file, and `catalog validate`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import run_bot
from procedures_catalog.clarify import (
    CLARIFY_FILE,
    MAX_ID_CHARS,
    ClarifyError,
    MissingClarifyCode,
    clarify_problems,
    load_bundled_clarify,
    load_clarify,
    missing_clarify_codes,
    read_clarify,
)
from procedures_catalog.loader import BUNDLED_DIR, procedure_files, read_catalog
from procedures_catalog.schema import Localized, Procedure

GOOD = """\
- id: the-tuoi
  question: {vi: "Người làm thẻ bao nhiêu tuổi?", en: "How old is the person?"}
  options:
    - label: {vi: "Dưới 14 tuổi", en: "Under 14"}
      codes: ["1.014062"]
    - label: {vi: "Từ đủ 14 tuổi", en: "14 or older"}
      codes: ["1.014061"]
- id: lan-dau
  question: {vi: "Lần đầu hay làm lại?", en: "First time or again?"}
  options:
    - label: {vi: "Lần đầu", en: "First time"}
      codes: ["1.014061", "1.014062"]
    - label: {vi: "Làm lại", en: "Again"}
      codes: ["1.014064"]
"""


def _write(directory: Path, text: str) -> Path:
    path = directory / CLARIFY_FILE
    path.write_text(text, "utf-8")
    return path


def test_a_good_file_loads_in_order(tmp_path: Path) -> None:
    attributes = load_clarify(_write(tmp_path, GOOD))
    assert [a.id for a in attributes] == ["the-tuoi", "lan-dau"]
    first = attributes[0]
    assert first.question.vi == "Người làm thẻ bao nhiêu tuổi?"
    assert [o.label.en for o in first.options] == ["Under 14", "14 or older"]
    assert attributes[1].options[0].codes == ["1.014061", "1.014062"]
    assert attributes[1].codes == {"1.014061", "1.014062", "1.014064"}


LONG_ID = "a" * (MAX_ID_CHARS + 1)


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("  question: {vi", "  asked: {vi", "[0] the-tuoi.asked", "unknown key"),
        ('en: "How old is the person?"', 'en: ""', "[0] the-tuoi.question.en", "at least 1"),
        ("id: lan-dau", "id: the-tuoi", "[1] the-tuoi.id", "duplicate id"),
        ("id: lan-dau", "id: Lần đầu", "[1] Lần đầu.id", "slug"),
        ("id: lan-dau", f"id: {LONG_ID}", f"[1] {LONG_ID}.id", "at most 32"),
        ('codes: ["1.014064"]', "codes: []", "[1] lan-dau.options[1].codes", "at least one"),
        ('codes: ["1.014064"]', 'codes: ["cccd"]', "options[1].codes", "not a procedure code"),
        ('codes: ["1.014064"]', 'codes: ["1.014064", "1.014064"]', "codes", "appears twice"),
        ('codes: ["1.014064"]', 'codes: ["1.014062"]', "[1] lan-dau.options", "[0] and [1]"),
        ('en: "Again"', 'en: "' + "x" * 61 + '"', "options[1].label.en", "at most 60"),
        ('      codes: ["1.014064"]\n', "", "[1] lan-dau.options[1].codes", "required"),
    ],
)
def test_each_kind_of_bad_file_is_named(
    tmp_path: Path, old: str, new: str, field: str, message: str
) -> None:
    assert old in GOOD
    path = _write(tmp_path, GOOD.replace(old, new, 1))
    _, problems = read_clarify(path)
    assert problems, "the mistake went unnoticed"
    assert any(field in p.field_path and message in p.message for p in problems), problems
    assert all(p.file == str(path) and p.location.startswith("line ") for p in problems)
    with pytest.raises(ClarifyError) as raised:
        load_clarify(path)
    assert str(path) in str(raised.value) and field in str(raised.value)


def test_one_option_is_not_a_question(tmp_path: Path) -> None:
    one = GOOD.split("- id: lan-dau")[0].split('    - label: {vi: "Từ đủ')[0]
    _, problems = read_clarify(_write(tmp_path, one))
    assert any("needs 2 to 8 options, not 1" in p.message for p in problems), problems


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id: x\n", "must be a list of attributes"),
        ("- id: [oops\n", "not valid YAML"),
        ("[]\n", "holds no attributes"),
        ("", "file is empty"),
    ],
)
def test_a_file_that_is_not_a_list_of_attributes(tmp_path: Path, text: str, message: str) -> None:
    _, problems = read_clarify(_write(tmp_path, text))
    assert any(message in p.message for p in problems), problems


def test_missing_codes_lists_option_codes_not_in_the_catalog(tmp_path: Path) -> None:
    attributes = load_clarify(_write(tmp_path, GOOD))
    assert missing_clarify_codes(attributes, {"1.014061", "1.014062"}) == [
        MissingClarifyCode("lan-dau", 1, "1.014064")
    ]
    assert missing_clarify_codes(attributes, {"1.014061", "1.014062", "1.014064"}) == []


def test_the_bundled_file_validates_against_the_bundled_catalog() -> None:
    attributes = load_bundled_clarify()
    codes = {p.code for p in read_catalog(BUNDLED_DIR).procedures}
    assert len(attributes) >= 15
    assert missing_clarify_codes(attributes, codes) == []
    assert clarify_problems(BUNDLED_DIR, codes) == []
    ages = next(a for a in attributes if a.id == "can-cuoc-tuoi")
    assert [o.codes for o in ages.options] == [["1.014062"], ["1.014061"]]
    # the data file is not read as a procedure
    assert all(p.name != CLARIFY_FILE for p in procedure_files(BUNDLED_DIR))


def _procedure(code: str) -> Procedure:
    return Procedure(
        code=code,
        title=Localized(vi="Thủ tục", en="Procedure"),
        summary=Localized(vi="Tóm tắt.", en="Summary."),
        field="Căn cước",
        level=["Cấp xã"],
        agency="Công an cấp xã",
        last_reviewed=date(2026, 11, 29),
        source="test fixture",
    )


def test_catalog_validate_checks_the_clarifying_questions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(run_bot, "COMMAND_MODULES", ("bot.cli.catalog",))
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    for code in ("1.014061", "1.014062", "1.014064"):
        (catalog / f"{code}.yaml").write_text(_procedure(code).model_dump_json(), "utf-8")
    _write(catalog, GOOD)
    assert run_bot.main(["catalog", "validate", str(catalog)]) == 0
    assert "OK: 3 procedures" in capsys.readouterr().out
    (catalog / "1.014064.yaml").unlink()
    assert run_bot.main(["catalog", "validate", str(catalog)]) == 1
    out = capsys.readouterr().out
    assert "lan-dau.options[1].codes" in out and "procedure 1.014064 is not in the catalog" in out
    _write(catalog, GOOD.replace('codes: ["1.014064"]', 'codes: ["1.014062"]'))
    assert run_bot.main(["catalog", "validate", str(catalog)]) == 1
    assert "[0] and [1]" in capsys.readouterr().out
