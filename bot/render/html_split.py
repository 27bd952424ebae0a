"""Split rendered HTML into Telegram-sized messages without cutting a tag or an entity.

The renderers put tags only inside one line, so cutting between lines keeps every chunk
well-formed. A single line longer than the limit (a pathological catalog entry) loses its
tags and is cut between words, never inside an `&…;` entity. The text is trusted HTML
(:class:`~bot.texts.markup.Html` or a plain ``str`` of HTML); the chunks are ``Html``.
"""

from __future__ import annotations

import re
from html import unescape

from bot.texts.markup import Html

TELEGRAM_TEXT_LIMIT = 4096
_TAG = re.compile(r"<[^>]+>")


def _cut_plain(line: str, limit: int) -> list[Html]:
    text = unescape(_TAG.sub("", line))
    pieces: list[Html] = []
    while text:
        whole = Html.escape(text)
        if len(whole) <= limit:
            pieces.append(whole)
            break
        cut = text.rfind(" ", 0, limit // 2)
        cut = cut if cut > 0 else limit // 2  # escaping at most doubles-ish the length
        pieces.append(Html.escape(text[:cut]))
        text = text[cut:].lstrip()
    return pieces


def split_html(text: str, limit: int = TELEGRAM_TEXT_LIMIT) -> list[Html]:
    """Chunks of at most `limit` characters (raw HTML length, a safe upper bound)."""
    if len(text) <= limit:
        return [Html(text)]
    chunks: list[Html] = []
    current = ""
    for line in str(text).split("\n"):
        pieces = [line] if len(line) <= limit else _cut_plain(line, limit)
        for piece in pieces:
            candidate = f"{current}\n{piece}" if current else str(piece)
            if len(candidate) <= limit:
                current = candidate
            else:
                if current.strip():
                    chunks.append(Html(current))
                current = str(piece)
    if current.strip():
        chunks.append(Html(current))
    return chunks or [Html(text[:limit])]
