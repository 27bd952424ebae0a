"""Telegram's HTML formatting, re-implemented for the fake Bot API server.

`parse_html` turns Bot API HTML (``parse_mode=HTML``) into the plain text and the
``MessageEntity`` dicts Telegram would produce, or raises `ParseError` carrying the detail
Telegram puts after ``Bad Request: can't parse entities:``. It follows tdlib's parser
(tag names, attribute rules, error texts, UTF-16 offsets) with one deliberate difference:
by default a bare ``&`` that does not start ``&lt;``/``&gt;``/``&amp;``/``&quot;`` or a
numeric reference is an error, as the Bot API documentation requires (tdlib keeps it).

`format_text` adds what the Bot API server does around parsing (telegram-bot-api's
``Client::get_formatted_text``): a raw text over 32 KiB is refused before anything else, an
unknown ``parse_mode`` is refused, and after parsing surrounding whitespace is trimmed and the
length rules are counted in UTF-16 code units. As in tdlib, ``<a href="">`` takes the link
text as its URL, and a link whose URL is not a valid link loses its entity (no error).
`detect_entities` finds the entities Telegram fills in for messages written by users (bot
commands, mentions, URLs, hashtags).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

Entity = dict[str, Any]

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_RAW_TEXT_BYTES = 1 << 15  # telegram-bot-api: text.size() > (1 << 15) -> "Text is too long"
PARSE_MODES = frozenset({"", "none", "html", "markdown", "markdownv2"})

_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "code": "code",
    "pre": "pre",
}
ALLOWED_TAGS = frozenset({*_SIMPLE_TAGS, "a", "blockquote", "tg-emoji"})
_SPACES = " \t\r\n\v\f\0"
_ENTITY_RE = re.compile(r"&(?:(lt|gt|amp|quot)|#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,8}));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
# What tdlib's LinkManager::get_checked_link accepts, roughly: http(s)/tg/ton links, or a
# host name with a dot (taken as http).
_LINK_RE = re.compile(
    r"^(?:(?:https?|tg|ton)://[^\s/?#]+\S*|[\w-]+(?:\.[\w-]+)+(?::\d+)?(?:[/?#]\S*)?)$", re.I
)


class TextError(ValueError):
    """A text Telegram refuses; `description` is the Bot API error description."""

    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = description


class ParseError(TextError):
    """The HTML is not accepted by Telegram; `detail` is Telegram's explanation."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"Bad Request: can't parse entities: {detail}")
        self.detail = detail


@dataclass
class ParsedText:
    """Plain text plus its entities (offsets and lengths in UTF-16 code units)."""

    text: str
    entities: list[Entity] = field(default_factory=list)


@dataclass
class _Open:
    tag: str
    argument: str
    start: int  # UTF-16 offset in the output
    piece: int  # index in the list of output pieces (for the link text of <a href="">)


def utf16_len(text: str) -> int:
    """Length of `text` as Telegram counts it (UTF-16 code units)."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8", "surrogatepass"))


def _decode_entity(text: str, index: int) -> tuple[str, int] | None:
    """Decode the character reference starting at `index` (a ``&``); None if there is none."""
    match = _ENTITY_RE.match(text, index)
    if match is None:
        return None
    named, dec, hexa = match.groups()
    if named:
        return _NAMED[named], match.end()
    code = int(dec) if dec else int(hexa, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code), match.end()


def _skip_spaces(text: str, j: int) -> int:
    while j < len(text) and text[j] in _SPACES:
        j += 1
    return j


def _parse_start_tag(text: str, i: int) -> tuple[str, str, int]:
    """Parse ``<tag attr=...>`` at `i`; return (tag, argument, index after ``>``)."""
    n = len(text)
    pos = _byte_offset(text, i)
    j = i + 1
    while j < n and text[j] not in _SPACES and text[j] != ">":
        j += 1
    if j >= n:
        raise ParseError(f"Unclosed start tag at byte offset {pos}")
    tag = text[i + 1 : j].lower()
    if tag not in ALLOWED_TAGS:
        raise ParseError(f'Unsupported start tag "{tag}" at byte offset {pos}')
    argument = ""
    while True:
        j = _skip_spaces(text, j)
        if j >= n:
            raise ParseError(f"Unclosed start tag at byte offset {pos}")
        if text[j] == ">":
            break
        name_start = j
        while j < n and text[j] not in _SPACES and text[j] not in "=>":
            j += 1
        name = text[name_start:j].lower()
        if not name:
            raise ParseError(f'Empty attribute name in the tag "{tag}" at byte offset {pos}')
        j = _skip_spaces(text, j)
        if j >= n:
            raise ParseError(f"Unclosed start tag at byte offset {pos}")
        if text[j] != "=":
            if tag == "blockquote" and name == "expandable":
                argument = "1"
                continue
            raise ParseError(
                f'Expected equal sign in declaration of an attribute of the tag "{tag}" '
                f"at byte offset {pos}"
            )
        j = _skip_spaces(text, j + 1)
        if j >= n:
            raise ParseError(f"Unclosed start tag at byte offset {pos}")
        value, j = _parse_attribute_value(text, j)
        if j >= n:
            raise ParseError(f"Unclosed start tag at byte offset {pos}")
        if tag == "a" and name == "href":
            argument = value
        elif tag == "code" and name == "class" and value.startswith("language-"):
            argument = value[len("language-") :]
        elif tag == "span" and name == "class" and value.startswith("tg-"):
            argument = value[len("tg-") :]
        elif tag == "tg-emoji" and name == "emoji-id":
            argument = value
        elif tag == "blockquote" and name == "expandable":
            argument = "1"
    if tag == "span" and argument != "spoiler":
        raise ParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {pos}')
    if tag == "tg-emoji" and not argument.isdigit():
        raise ParseError("Invalid custom emoji identifier specified")
    return tag, argument, j + 1


def _parse_attribute_value(text: str, j: int) -> tuple[str, int]:
    n = len(text)
    if text[j] not in "'\"":
        start = j
        while j < n and (text[j].isalnum() or text[j] in ".-"):
            j += 1
        if j < n and text[j] not in _SPACES and text[j] != ">":
            raise ParseError(
                f"Unexpected end of name token at byte offset {_byte_offset(text, start)}"
            )
        return text[start:j].lower(), j
    quote = text[j]
    j += 1
    out: list[str] = []
    while j < n and text[j] != quote:
        if text[j] == "&" and (decoded := _decode_entity(text, j)) is not None:
            out.append(decoded[0])
            j = decoded[1]
            continue
        out.append(text[j])
        j += 1
    if j < n:
        j += 1
    return "".join(out), j


def _make_entity(tag: str, argument: str, offset: int, length: int) -> Entity:
    entity: Entity = {"offset": offset, "length": length}
    if tag == "a":
        entity["type"] = "text_link"
        entity["url"] = argument
    elif tag == "blockquote":
        entity["type"] = "expandable_blockquote" if argument else "blockquote"
    elif tag == "tg-emoji":
        entity["type"] = "custom_emoji"
        entity["custom_emoji_id"] = argument
    else:
        entity["type"] = _SIMPLE_TAGS[tag]
        if tag == "pre" and argument:
            entity["language"] = argument
    return entity


def parse_html(text: str, *, strict_ampersand: bool = True) -> ParsedText:
    """Parse Bot API HTML into plain text and entities, or raise `ParseError`."""
    # A str subclass (the bot's markupsafe Html) would make every index below a new object.
    text = str.__str__(text)
    out: list[str] = []
    u16 = 0
    stack: list[_Open] = []
    entities: list[Entity] = []
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        if ch == "&":
            decoded = _decode_entity(text, i)
            if decoded is not None:
                out.append(decoded[0])
                u16 += utf16_len(decoded[0])
                i = decoded[1]
                continue
            if strict_ampersand:
                raise ParseError(
                    f'Character "&" must be escaped as "&amp;" at byte offset '
                    f"{_byte_offset(text, i)}"
                )
        if ch != "<":
            out.append(ch)
            u16 += 2 if ord(ch) > 0xFFFF else 1
            i += 1
            continue
        if i + 1 < n and text[i + 1] == "/":
            i = _close_tag(text, i, stack, entities, u16, out)
            continue
        tag, argument, i = _parse_start_tag(text, i)
        stack.append(_Open(tag, argument, u16, len(out)))
    if stack:
        raise ParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].tag}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return ParsedText("".join(out), entities)


def _close_tag(
    text: str, i: int, stack: list[_Open], entities: list[Entity], u16: int, out: list[str]
) -> int:
    n = len(text)
    pos = _byte_offset(text, i)
    if not stack:
        raise ParseError(f"Unexpected end tag at byte offset {pos}")
    j = i + 2
    while j < n and text[j] not in _SPACES and text[j] != ">":
        j += 1
    end_name = text[i + 2 : j].lower()
    j = _skip_spaces(text, j)
    if j >= n or text[j] != ">":
        raise ParseError(f"Unclosed end tag at byte offset {pos}")
    top = stack.pop()
    if end_name and end_name != top.tag:
        raise ParseError(
            f'Unmatched end tag at byte offset {pos}, expected "</{top.tag}>", '
            f'found "</{end_name}>"'
        )
    if top.tag == "code" and top.argument and stack and stack[-1].tag == "pre":
        if not stack[-1].argument:
            stack[-1].argument = top.argument
    elif top.tag == "a" and u16 > top.start:
        url = (top.argument or "".join(out[top.piece :])).strip()
        if _LINK_RE.match(url):
            entities.append(_make_entity("a", url, top.start, u16 - top.start))
    elif u16 > top.start:
        entities.append(_make_entity(top.tag, top.argument, top.start, u16 - top.start))
    return j + 1


def trim(parsed: ParsedText) -> ParsedText:
    """Strip surrounding whitespace as Telegram does, clipping the entities to the rest."""
    text = parsed.text
    stripped = text.lstrip(_SPACES)
    shift = len(text) - len(stripped)  # only BMP whitespace, so chars == UTF-16 units
    stripped = stripped.rstrip(_SPACES)
    size = utf16_len(stripped)
    entities: list[Entity] = []
    for entity in parsed.entities:
        start = max(entity["offset"] - shift, 0)
        end = min(entity["offset"] + entity["length"] - shift, size)
        if end > start:
            entities.append({**entity, "offset": start, "length": end - start})
    return ParsedText(stripped, entities)


def format_text(
    text: str | None,
    parse_mode: str | None,
    entities: list[Entity] | None = None,
    *,
    caption: bool = False,
    strict_ampersand: bool = True,
) -> ParsedText:
    """Parse and check a message text or caption.

    Raises `ParseError` for bad HTML and `TextError` for an empty or too long text or an
    unknown parse mode (checked, as the Bot API server does, only when there is a text).
    """
    raw = text or ""
    if len(raw.encode("utf-8", "surrogatepass")) > MAX_RAW_TEXT_BYTES:
        raise TextError("Bad Request: text is too long")
    mode = (parse_mode or "").lower()
    if raw and mode not in PARSE_MODES:
        raise TextError("Bad Request: unsupported parse_mode")
    if raw and mode == "html":
        parsed = parse_html(raw, strict_ampersand=strict_ampersand)
    else:  # Markdown modes are accepted unparsed; the bot uses HTML
        parsed = ParsedText(raw, list(entities or []))
    parsed = trim(parsed)
    size = utf16_len(parsed.text)
    if caption:
        if size > MAX_CAPTION_LENGTH:
            raise TextError("Bad Request: message caption is too long")
    elif size == 0:
        raise TextError("Bad Request: message text is empty")
    elif size > MAX_TEXT_LENGTH:
        raise TextError("Bad Request: message is too long")
    return parsed


_DETECT_RE = re.compile(
    r"(?P<url>https?://[^\s<>\"]+)"
    r"|(?<![\w/@])(?P<bot_command>/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?)(?![\w@/])"
    r"|(?<![\w@])(?P<mention>@[A-Za-z0-9_]{5,32})(?!\w)"
    r"|(?<![\w#])(?P<hashtag>#\w+)"
)


def detect_entities(text: str) -> list[Entity]:
    """Entities Telegram adds to a user's message: bot_command, mention, url, hashtag."""
    found: list[Entity] = []
    for match in _DETECT_RE.finditer(text):
        kind = match.lastgroup or "url"
        start, end = match.span()
        offset = utf16_len(text[:start])
        found.append({"type": kind, "offset": offset, "length": utf16_len(text[start:end])})
    return found


def entity_text(text: str, entity: Entity) -> str:
    """The slice of `text` an entity covers (UTF-16 offsets)."""
    encoded = text.encode("utf-16-le")
    start = entity["offset"] * 2
    return encoded[start : start + entity["length"] * 2].decode("utf-16-le")
