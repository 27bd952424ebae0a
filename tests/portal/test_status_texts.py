"""bot.texts.status: both languages complete, keys prefixed, templates render."""

from __future__ import annotations

import string

import pytest

from bot.portal import errors
from bot.portal.codes import CodeIssue
from bot.portal.status import DossierStatus
from bot.texts import Texts
from bot.texts import status as texts

ALLOWED_FIELDS = {
    "code", "part", "value", "days", "date", "url", "at", "action",
    # the guidance for a status question without a code
    "hotline", "title", "channel", "time",
}  # fmt: skip


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_same_keys_in_both_languages_all_prefixed() -> None:
    assert texts.VI.keys() == texts.EN.keys()
    assert all(key.startswith("status_") for key in texts.VI)


@pytest.mark.parametrize("key", sorted(texts.VI))
def test_placeholders_match_and_render(key: str) -> None:
    vi, en = fields(texts.VI[key]), fields(texts.EN[key])
    assert vi == en
    assert vi <= ALLOWED_FIELDS
    params = dict.fromkeys(ALLOWED_FIELDS, "x")
    assert texts.VI[key].format(**params) and texts.EN[key].format(**params)


def test_every_status_issue_and_error_has_a_text() -> None:
    table = Texts()
    for status in DossierStatus:
        for lang in ("vi", "en"):
            assert table.get(lang, status.text_key)
            assert table.get(lang, status.next_step_key)
    for issue in CodeIssue:
        assert f"status_code_{issue.value}" in texts.VI
    for name in errors.__all__:
        error_class = getattr(errors, name)
        assert error_class.text_key in texts.VI, name
