"""Form file names and form numbers in the portal's document cells.

A document cell runs its name into the form file's name ("…theo mẫu thống nhấtMẫu
TP-LS-02.docx", "…(Mẫu CT01 ban hành kèm theo Thông tư số 53/2025/TT-BCA).MauCT01.doc"),
sometimes several files in a row. `split_file_names` finds where the name ends;
`form_name_of` gives the form number ("Mẫu CT01", "Mẫu số 14-HSB") from the name or,
failing that, from a file name that is clearly a form ("MauCT01.doc" → "Mẫu CT01").
"""

from __future__ import annotations

import re

from procedures_catalog.portal.text import clean

_EXT = r"\.(?:docx?|pdf|xlsx?|rar|zip)"
_EXT_END_RE = re.compile(_EXT + r"\s*$", re.IGNORECASE)
_EXT_RE = re.compile(r"(?i:" + _EXT + r")(?![a-z])")
_WINDOW = 110
_NAME_FORM_RE = re.compile(r"\b[Mm](?:ẫu|ẪU)\s+(?P<so>số\s+)?(?P<code>[A-ZĐ0-9][A-Za-zĐđ0-9./\-]*)")
_FILE_FORM_RE = re.compile(
    r"^(?:[\d.\s_-]*)M(?:ẫ|a|ẪU|AU)?u?\s*(?P<so>s[ốo]\s*)?"
    r"(?P<code>[A-ZĐ]{0,6}\d+(?:[a-z](?![A-Za-z]))?(?:[.\-/](?:[A-ZĐ0-9]*\d[A-ZĐ0-9]*|[A-ZĐ]{2,}))*"
    r"|[A-ZĐ]{1,6}(?:-[A-ZĐ0-9]+)+)",
)


def _boundary(region: str) -> int | None:
    """Where a form file name starts in `region` (the text before its extension), or None.

    Candidates: after ")", ";" or ":" (or after a "." that ends a word) with no space
    following; a lowercase letter or digit directly followed by a capital; an acronym glued
    to a capitalised word; a lowercase word glued to a number ("chung1.000423"); a glued
    "Mẫu"/"Mau". The leftmost candidate in the last part of the region wins, so dots and
    capitals inside the file name itself do not cut it. Failing all that, a lowercase file
    name glued to the name's last syllable."""
    low = max(1, len(region) - _WINDOW)
    for i in range(low, len(region)):
        prev, char = region[i - 1], region[i]
        if char.isspace() or char in ".)":
            continue
        before = region[i - 2] if i >= 2 else ""
        nxt = region[i + 1] if i + 1 < len(region) else ""
        after_dot = prev == "." and (
            before == ")" or (before.isalpha() and (before.islower() or not char.isdigit()))
        )
        if (
            prev in ");:"
            or after_dot
            or ((prev.islower() or prev.isdigit()) and char.isupper())
            or (
                i >= 2
                and region[i - 2 : i].isalpha()
                and region[i - 2 : i].isupper()
                and char.isupper()
                and nxt.islower()
            )
            or (prev.islower() and re.match(r"\d+[._-]", region[i:]))
            or (not prev.isspace() and prev != "(" and re.match(r"M(?:ẫ|a)u", region[i:]))
        ):
            return i
    glued = re.search(r"(?<=\b[Mm]ẫu)(?=[^\s.,;:)])", region[low - 1 :])
    if glued:
        return low - 1 + glued.start()
    return _glued_syllable(region, low)


_SYLLABLE_RE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
    r"[aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]{1,3}"
    r"(?:ch|ng|nh|[cmnpt])?"
)


def _glued_syllable(region: str, low: int) -> int | None:
    """A lowercase file name glued to the name's last word ("theo quy địnhvăn bản.docx"):
    the rightmost word that is a Vietnamese syllable followed by more letters or digits."""
    for match in reversed(list(re.finditer(r"\S+", region[low:]))):
        word = match.group(0)
        if not word[:1].islower():
            continue
        head = _SYLLABLE_RE.match(word)
        if head and head.end() < len(word) and word[head.end()].isalnum():
            rest = word[head.end() :]
            if not _SYLLABLE_RE.fullmatch(word) and (
                rest[0].isdigit() or not _SYLLABLE_RE.fullmatch(rest) or len(rest) >= 1
            ):
                return low + match.start() + head.end()
    return None


def split_file_names(raw: str) -> tuple[str, list[str]]:
    """(name, file names) of a document cell; the name is unchanged when no file is found
    or where it ends cannot be told."""
    text = raw.rstrip()
    files: list[str] = []
    while _EXT_END_RE.search(text):
        end = _EXT_END_RE.search(text)
        assert end is not None
        region = text[: end.start()]
        previous = list(_EXT_RE.finditer(region))
        if previous and len(region) - previous[-1].end() <= _WINDOW:
            start = previous[-1].end()
        else:
            found = _boundary(region)
            if found is None:
                break
            start = found
        files.insert(0, clean(text[start:]).lstrip(".;: "))
        text = text[:start]
    if not files:  # a file name without extension glued to the name ("…nguồn genĐơn đăng ký")
        cut = _glued_tail(text.rstrip())
        if cut is not None:
            files.append(clean(text[cut:]))
            text = text[:cut]
    return text, files


def _glued_tail(text: str) -> int | None:
    """Where a short capitalised tail glued to a lowercase word starts ("sinh họcĐơn đề
    nghị"), when it is the last 50 characters at most and the name before is not short."""
    for i in range(max(15, len(text) - 50), len(text) - 1):
        if text[i].isupper() and text[i - 3 : i].isalpha() and text[i - 3 : i].islower():
            return i
    return None


def _label(so: str | None, code: str) -> str:
    code = re.sub(r"\.(?:docx?|pdf|xlsx?)$", "", code, flags=re.IGNORECASE).rstrip(".-/")
    return f"Mẫu số {code}" if so else f"Mẫu {code}"


def form_name_of(name: str, files: list[str]) -> str:
    """The form number(s) a document uses ("Mẫu CT01"; up to three, comma separated)."""
    labels: list[str] = []
    for match in _NAME_FORM_RE.finditer(name):
        code = match.group("code").rstrip(".-/")
        if not re.search(r"\d", code) and not re.fullmatch(r"[A-ZĐ]{2,}[\w.\-/]*", code):
            continue  # "Mẫu Phiếu …": a word, not a form number
        label = _label(match.group("so"), code)
        if label not in labels:
            labels.append(label)
    if not labels:
        for file in files:
            found = _FILE_FORM_RE.match(file)
            if found:
                label = _label(found.group("so"), found.group("code"))
                if label not in labels:
                    labels.append(label)
    return ", ".join(labels[:3])
