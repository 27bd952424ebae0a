"""A procedure's card as Telegram shows it, for the console's live preview.

The card and each of its sections are rendered by the bot's own renderer
(`bot.render.procedure`) in Vietnamese and English. Telegram HTML is then turned into safe
web HTML: only the tags Telegram understands are kept (re-written, with their one allowed
attribute, `href`, escaped and limited to web and Telegram links), everything else is text;
bare links become links as in Telegram. Line breaks stay line breaks (the page shows the
text with `white-space: pre-wrap`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from markupsafe import Markup

from bot.render.html_split import TELEGRAM_TEXT_LIMIT
from bot.render.procedure import SECTION_BUTTON_KEYS, Section, render_card, render_section
from bot.texts import LANGS, Lang, Texts
from procedures_catalog.schema import Procedure

_TAGS = {
    "b": "b",
    "strong": "b",
    "i": "i",
    "em": "i",
    "u": "u",
    "ins": "u",
    "s": "s",
    "strike": "s",
    "del": "s",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "a": "a",
    "tg-spoiler": "span",
}
_SAFE_HREF = re.compile(r"^(https?://|tg://)", re.IGNORECASE)
_LINK_OPEN = Markup('<a href="{}" rel="noopener noreferrer" target="_blank">')
_BARE_URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]")


class _Sanitizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[Markup] = []
        self.open: list[str] = []
        self.text_length = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        name = _TAGS.get(tag)
        if name is None:
            return
        if name == "a":
            href = dict(attrs).get("href") or ""
            safe = href if _SAFE_HREF.match(href) else "#"
            self.out.append(_LINK_OPEN.format(safe))
        elif tag == "tg-spoiler":
            self.out.append(Markup('<span class="tg-spoiler">'))
        else:
            self.out.append(Markup(f"<{name}>"))
        self.open.append(name)

    def handle_endtag(self, tag: str) -> None:
        name = _TAGS.get(tag)
        if name is not None and name in self.open:
            while self.open:
                last = self.open.pop()
                self.out.append(Markup(f"</{last}>"))
                if last == name:
                    break

    def handle_data(self, data: str) -> None:
        self.text_length += len(data)
        if "a" in self.open:
            self.out.append(Markup.escape(data))
            return
        position = 0
        for match in _BARE_URL.finditer(data):
            self.out.append(Markup.escape(data[position : match.start()]))
            url = match.group()
            self.out.append(_LINK_OPEN.format(url) + url + Markup("</a>"))
            position = match.end()
        self.out.append(Markup.escape(data[position:]))

    def result(self) -> Markup:
        self.close()
        closing = [Markup(f"</{name}>") for name in reversed(self.open)]
        return Markup("").join([*self.out, *closing])


def telegram_to_web(html: str) -> tuple[Markup, int]:
    """Safe web HTML of a Telegram HTML message, and the message's text length (what
    Telegram counts against its limit)."""
    parser = _Sanitizer()
    parser.feed(html)
    return parser.result(), parser.text_length


@dataclass(frozen=True)
class Message:
    """One rendered message: its title (a section's button label), HTML and length."""

    title: str
    html: Markup
    length: int

    @property
    def too_long(self) -> bool:
        return self.length > TELEGRAM_TEXT_LIMIT


@dataclass(frozen=True)
class CardPreview:
    """The card and its sections in one language."""

    lang: Lang
    card: Message
    sections: list[Message]


def render_preview(procedure: Procedure, texts: Texts) -> list[CardPreview]:
    """The card and every section, in each language, as the bot renders them."""
    previews = []
    for lang in LANGS:
        html, length = telegram_to_web(render_card(procedure, lang, texts))
        sections = []
        for section in Section:
            label = str(texts.get(lang, SECTION_BUTTON_KEYS[section]))
            body, size = telegram_to_web(render_section(procedure, section, lang, texts))
            sections.append(Message(label, body, size))
        previews.append(CardPreview(lang, Message("", html, length), sections))
    return previews
