"""Split rendered HTML into Telegram-sized messages without cutting a tag or an entity.

The renderers put tags only inside one line, so cutting between lines keeps every chunk
well-formed. A single line longer than the limit (a pathological catalog entry) loses its
tags and is cut between words, never inside an `&…;` entity.
"""

from __future__ import annotations

import html
import re

TELEGRAM_TEXT_LIMIT = 4096
_TAG = re.compile(r"<[^>]+>")


def _cut_plain(line: str, limit: int) -> list[str]:
    text = html.unescape(_TAG.sub("", line))
    pieces: list[str] = []
    while text:
        if len(html.escape(text, quote=False)) <= limit:
            pieces.append(html.escape(text, quote=False))
            break
        cut = text.rfind(" ", 0, limit // 2)
        cut = cut if cut > 0 else limit // 2  # escaping at most doubles-ish the length
        pieces.append(html.escape(text[:cut], quote=False))
        text = text[cut:].lstrip()
    return pieces


def split_html(text: str, limit: int = TELEGRAM_TEXT_LIMIT) -> list[str]:
    """Chunks of at most `limit` characters (raw HTML length, a safe upper bound)."""
    if len(text) <= limit:
        return [text]
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        pieces = [line] if len(line) <= limit else _cut_plain(line, limit)
        for piece in pieces:
            candidate = f"{current}\n{piece}" if current else piece
            if len(candidate) <= limit:
                current = candidate
            else:
                if current.strip():
                    chunks.append(current)
                current = piece
    if current.strip():
        chunks.append(current)
    return chunks or [text[:limit]]
