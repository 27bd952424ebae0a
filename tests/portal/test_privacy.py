"""Masking helpers for ID numbers, tokens and names."""

from __future__ import annotations

from bot.portal.privacy import mask_id_number, mask_name, mask_token


def test_masks() -> None:
    assert mask_id_number(" 038095001234 ") == "*********234"
    assert mask_id_number("1234") == "****"
    assert mask_id_number(None) == ""
    assert mask_token("eyJhbGciOi.secret") == "***(len=17)"
    assert mask_token("") == ""
    assert mask_name("Nguyễn Văn An") == "N. V. A."
    assert mask_name(None) == ""
