"""The HTML entity parser behaves like Telegram's (texts, offsets, errors, lengths)."""

from __future__ import annotations

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sandbox.telegram_html import (
    MAX_TEXT_LENGTH,
    ParseError,
    TextError,
    detect_entities,
    entity_text,
    format_text,
    parse_html,
    utf16_len,
)


def test_supported_tags_become_entities() -> None:
    parsed = parse_html(
        "<b>B</b><strong>S</strong><i>I</i><em>E</em><u>U</u><ins>N</ins><s>X</s>"
        '<strike>K</strike><del>D</del><span class="tg-spoiler">P</span>'
        '<tg-spoiler>Q</tg-spoiler><a href="https://dichvucong.gov.vn/">L</a><code>C</code>'
        "<pre>R</pre><blockquote>O</blockquote><blockquote expandable>Z</blockquote>"
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>'
    )
    assert parsed.text == "BSIEUNXKDPQLCROZ👍"
    kinds = [e["type"] for e in parsed.entities]
    assert kinds == [
        "bold", "bold", "italic", "italic", "underline", "underline", "strikethrough",
        "strikethrough", "strikethrough", "spoiler", "spoiler", "text_link", "code", "pre",
        "blockquote", "expandable_blockquote", "custom_emoji",
    ]  # fmt: skip
    assert parsed.entities[11]["url"] == "https://dichvucong.gov.vn/"
    assert parsed.entities[-1] == {
        "offset": 16,
        "length": 2,
        "type": "custom_emoji",
        "custom_emoji_id": "5368324170671202286",
    }


def test_pre_with_language_and_nested_offsets_in_utf16() -> None:
    parsed = parse_html('😀 <pre><code class="language-python">x = 1</code></pre> <b>a<i>b</i></b>')
    assert parsed.text == "😀 x = 1 ab"
    assert parsed.entities == [
        {"offset": 3, "length": 5, "type": "pre", "language": "python"},
        {"offset": 9, "length": 2, "type": "bold"},
        {"offset": 10, "length": 1, "type": "italic"},
    ]
    assert entity_text(parsed.text, parsed.entities[1]) == "ab"


def test_entities_and_numeric_references_are_decoded() -> None:
    parsed = parse_html("&lt;a&gt; &amp; &quot;q&quot; &#39;&#x1F600;")
    assert parsed.text == '<a> & "q" \'😀'


@pytest.mark.parametrize(
    ("source", "detail"),
    [
        ("<script>alert(1)</script>", 'Unsupported start tag "script" at byte offset 0'),
        ("Xin <b>chào", 'Can\'t find end tag corresponding to start tag "b"'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("1<2", "Unclosed start tag at byte offset 1"),
        ("Tom & Jerry", 'Character "&" must be escaped as "&amp;" at byte offset 4'),
        ("&nbsp;", 'Character "&" must be escaped as "&amp;" at byte offset 0'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<br>", 'Unsupported start tag "br" at byte offset 0'),
        ('<span class="x">s</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        (
            "ờ<b x>",
            'Expected equal sign in declaration of an attribute of the tag "b" at byte offset 3',
        ),
    ],
)
def test_errors_carry_telegrams_detail(source: str, detail: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_html(source)
    assert caught.value.detail == detail
    assert caught.value.description == f"Bad Request: can't parse entities: {detail}"


def test_bare_ampersand_can_be_tolerated_like_tdlib() -> None:
    assert parse_html("Tom & Jerry", strict_ampersand=False).text == "Tom & Jerry"


def test_length_rules_count_utf16_after_parsing() -> None:
    assert utf16_len("😀a") == 3
    format_text("<b>" + "a" * MAX_TEXT_LENGTH + "</b>", "HTML")
    format_text("😀" * (MAX_TEXT_LENGTH // 2), "HTML")
    with pytest.raises(TextError, match="message is too long"):
        format_text("😀" * (MAX_TEXT_LENGTH // 2) + "a", "HTML")
    with pytest.raises(TextError, match="message text is empty"):
        format_text("  <b> </b>\n", "HTML")
    with pytest.raises(TextError, match="message caption is too long"):
        format_text("c" * 1025, "HTML", caption=True)


def test_surrounding_whitespace_is_trimmed_and_entities_follow() -> None:
    parsed = format_text("\n  <b>hi</b> there  \n", "HTML")
    assert parsed.text == "hi there"
    assert parsed.entities == [{"offset": 0, "length": 2, "type": "bold"}]


def test_user_message_entities_are_detected() -> None:
    text = "/start@dvc_sandbox_bot hỏi @dvc_sandbox_bot https://dichvucong.gov.vn #cccd"
    found = {entity_text(text, e): e["type"] for e in detect_entities(text)}
    assert found == {
        "/start@dvc_sandbox_bot": "bot_command",
        "@dvc_sandbox_bot": "mention",
        "https://dichvucong.gov.vn": "url",
        "#cccd": "hashtag",
    }


@given(st.text())
def test_escaped_text_parses_back_to_itself(text: str) -> None:
    parsed = parse_html(html.escape(text))
    assert parsed.text == text
    assert parsed.entities == []
    assert utf16_len(parsed.text) == len(text.encode("utf-16-le")) // 2


@given(st.text(min_size=1), st.sampled_from(["b", "i", "u", "s", "code", "tg-spoiler"]))
def test_escaped_text_in_a_tag_gets_one_entity_of_its_utf16_length(text: str, tag: str) -> None:
    parsed = parse_html(f"<{tag}>{html.escape(text)}</{tag}>")
    assert parsed.text == text
    assert [e["length"] for e in parsed.entities] == [utf16_len(text)]


@given(st.text(alphabet=st.sampled_from("aé😀𝔸 "), min_size=1, max_size=5000))
def test_too_long_iff_more_than_4096_utf16_units(text: str) -> None:
    size = utf16_len(text.strip())
    try:
        format_text(html.escape(text), "HTML")
    except TextError as exc:
        assert (size == 0 and "empty" in exc.description) or (
            size > MAX_TEXT_LENGTH and "too long" in exc.description
        )
    else:
        assert 0 < size <= MAX_TEXT_LENGTH
