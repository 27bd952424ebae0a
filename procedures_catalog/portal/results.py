"""Parse the portal's results text (`ket_qua_xu_ly`) into short result names.

The text lists each result followed by its code (`Mã: KQ.G15.000031`, `Mã: Chưa xác định`),
then the page's furniture ("Từ khóa…Mô tả…Chọn cơ quan thực hiện…Nộp hồ sơ"). Codes and
furniture are dropped; long results are cut to their first clause.
"""

from __future__ import annotations

import re

from procedures_catalog.portal.text import clean, is_no_info, shorten, strip_bullet, tidy_end

RESULT_LIMIT = 160
MAX_RESULTS = 6
_ISSUED_WITH_RE = re.compile(r",?\s*(?:được\s+)?ban hành kèm theo\b[^;()]*")
_FURNITURE_RE = re.compile(r"Từ khóa.*$", re.DOTALL)
_CODE_RE = re.compile(r"Mã:\s*")
_CODE_TOKEN_RE = re.compile(r"(?:Chưa xác định|[A-Za-z0-9._\-]+?)(?=[A-ZĐ][a-zà-ỹđ]|\s|$)")


def _drop_code(text: str) -> str:
    """`text` (what follows "Mã:") without the result code at its start."""
    match = _CODE_TOKEN_RE.match(text)
    return text[match.end() :] if match else text


def _name(raw: str) -> list[str]:
    """The result names in one piece of text (results listed with "- " come apart)."""
    text = clean(raw)
    for i in range(len(text) - 2, 9, -1):  # "…đầu tưGiấy chứng nhận…": two results glued
        if text[i - 1].islower() and text[i].isupper() and text[i + 1].islower():
            text = f"{text[:i]} - {text[i:]}"
    parts = re.split(r"(?:^|\s)-\s+", text)
    names = []
    for part in parts:
        part = tidy_end(strip_bullet(_ISSUED_WITH_RE.sub("", part)))
        if len(part) >= 3 and not is_no_info(part):
            names.append(shorten(part[0].upper() + part[1:], RESULT_LIMIT))
    return names


def parse_results(text: str) -> list[str]:
    """The result names of `ket_qua_xu_ly`, codes and page furniture removed, no repeats."""
    body = _FURNITURE_RE.sub("", text or "")
    if is_no_info(body):
        return []
    pieces = _CODE_RE.split(body)
    texts = [pieces[0]] + [_drop_code(p) for p in pieces[1:]]
    results: list[str] = []
    for piece in texts:
        for name in _name(piece):
            if name not in results:
                results.append(name)
    return results[:MAX_RESULTS]
