"""Parse the portal's flattened dossier table (`thanh_phan_ho_so`) into `Document`s.

Each group starts with an optional heading ("* Trường hợp …:", "- Đối với …") and the
header `Tên giấy tờMẫu đơn, tờ khaiSố lượng`; then, per document, its name, an optional
form file name (`Mẫu CT01.docx`) and the quantity (`1 bản chính`, `0 bản chính,1 bản sao`),
all run together. Names are official prose: they are shortened to their first clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from procedures_catalog.portal.forms import form_name_of, split_file_names
from procedures_catalog.portal.text import clean, is_no_info, shorten, strip_bullet, tidy_end
from procedures_catalog.schema import Document, DocumentAction, DocumentForm

HEADER = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"
NAME_LIMIT = 160
CONDITION_LIMIT = 100
# "1 bản chính", "0 bản chính,1 bản sao"; checked by `_is_quantity` (a token inside a name,
# "nộp 02 bản chính tờ khai" or "(01 bản chính)", is not a quantity cell).
_QUANTITY_RE = re.compile(r"(?<![\d(])(?>(\d+) bản (chính|sao)(?:,\s?(\d+) bản (chính|sao))?)")
_NAME_PREFIX_RE = re.compile(
    r"^(?:bản\s+(?:sao|chính|chụp)(?:\s+(?:điện tử|có chứng thực|chứng thực|hợp lệ|hợp pháp))*"
    r"(?:\s+từ\s+(?:sổ\s+gốc|bản\s+chính))?(?:\s*(?:,|hoặc|và|kèm(?:\s+theo)?|/))?\s+)+",
    re.IGNORECASE,
)
_ISSUED_WITH_RE = re.compile(r",?\s*(?:được\s+)?ban hành kèm theo\b[^;()]*(?:\([^()]*\)[^;()]*)*")
_GENERIC_HEAD_RE = re.compile(
    r"^(?:\W*(?:[a-zđ]\)|\d+[.)])?\s*)?(?:thành phần hồ sơ|hồ sơ gồm|hồ sơ bao gồm|"
    r"giấy tờ phải nộp|số lượng hồ sơ)\b[^:]{0,20}:?\s*$",
    re.IGNORECASE,
)
_SHOW_HEAD_RE = re.compile(r"xuất trình", re.IGNORECASE)
_INLINE_CASE_RE = re.compile(
    r"^\W*((?:trường hợp|đối với)\b[^:]{3,250}?)(?::|,?\s+thì\s+(?:phải\s+)?(?:nộp|xuất trình|"
    r"kèm theo|bổ sung|có)?)\s*(\S.*)$",
    re.IGNORECASE,
)
_LEAD_CASE_RE = re.compile(r"^\(((?:đối với|trường hợp|nếu|khi)\b[^()]{3,150})\)\s*(\S.*)$", re.I)
_NOTE_ROW_RE = re.compile(
    r"không phải nộp|không yêu cầu|tự khai thác|số lượng hồ sơ|^\W*\([^()]*\)\W*$"
    r"|(?:bao gồm|gồm|sau)\s*:?\s*$",
    re.IGNORECASE,
)
_COUNT_PREFIX_RE = re.compile(
    r"^0\d\s+(?:\([^()]{1,10}\)\s+)?(?:bản\s+(?:chính|sao|chụp)(?:\s+có\s+chứng\s+thực)?\s+)?"
)
_CASE_TAIL_RE = re.compile(r"\s*(?:thì\s+)?(?:hồ sơ\s+)?(?:còn\s+)?(?:phải\s+)?(?:có|gồm|nộp)?\s*$")


@dataclass
class DocumentsResult:
    """The documents of a page and what could not be read."""

    documents: list[Document]
    problems: list[str] = field(default_factory=list)
    groups: int = 0


def _is_quantity(body: str, match: re.Match[str]) -> bool:
    """A quantity cell ends the name; a token followed by a lowercase word, ")" or a
    letter glued to it (other than a list marker "c)") belongs to the name."""
    after = body[match.end() : match.end() + 3]
    if after.startswith(")"):
        return False
    return not (after[:1] == " " and after[1:2].islower())


def _quantity(match: re.Match[str]) -> tuple[int, int] | None:
    """(originals, copies) from a quantity token; None when it is not plausible."""
    counts = {"chính": 0, "sao": 0}
    first = match.group(1)
    if len(first) > 2 or (len(first) == 2 and first[0] == "0"):
        first = first[-1]  # "…ngày 24/07/20231 bản chính": the last digit is the quantity
    counts[match.group(2)] = int(first)
    if match.group(3):
        counts[match.group(4)] = int(match.group(3))
    if max(counts.values()) > 20:
        return None
    return counts["chính"], counts["sao"]


def _form(originals: int, copies: int, name: str) -> tuple[int, DocumentForm]:
    folded = name.casefold()
    head = folded[:90]
    either = "bản chính hoặc bản sao" in head or ("bản sao" in head and "hoặc bản chính" in head)
    if either or (originals and copies):
        return max(originals, copies), DocumentForm.ORIGINAL_OR_COPY
    if copies:
        certified = "chứng thực" in folded[:80] and "bản sao" in folded[:80]
        return copies, DocumentForm.CERTIFIED_COPY if certified else DocumentForm.COPY
    return originals, DocumentForm.ORIGINAL


_NOT_CASE_RE = re.compile(
    r"^(?:theo quy định|người\s.{0,60}\bnộp\b|căn cứ)|(?:nộp|gồm)\s+0?1\s*\(?(?:một)?\)?\s*bộ"
    r"|số lượng|(?:Trực tiếp|Trực tuyến|Dịch vụ bưu chính)\d",
    re.IGNORECASE,
)


def group_condition(heading: str) -> tuple[str, bool]:
    """(condition, show) from a group heading: the case it names, shortened ("" for generic
    headings, instructions and prose); show is True when the heading says the documents
    are shown, not submitted."""
    text = strip_bullet(_ISSUED_WITH_RE.sub("", clean(heading)).strip(" -*:"))
    text = re.sub(
        r"^(?:\(?[ivxlc]+[).]|[a-zđ]\)|\d+(?:\.\d+)*[.)]?|\(\*+\))\s*", "", text, flags=re.I
    )
    show = bool(_SHOW_HEAD_RE.search(text))
    if (
        not text
        or show
        or len(text) > 220
        or _GENERIC_HEAD_RE.match(text)
        or re.match(r"^giấy tờ phải", text, re.I)
        or _NOT_CASE_RE.search(text)
    ):
        return "", show
    text = re.split(r",?\s*(?:thì\s+)?(?:hồ sơ\s+)?(?:bao\s+)?gồm(?:\s+có)?\s*:", text, maxsplit=1)[
        0
    ]
    text = re.sub(
        r"[\s,]*(?:thì\s+)?(?:hồ sơ\s*)?(?:bao gồm|gồm(?: có)?|như sau|hồ sơ)?\s*:?\s*$",
        "",
        tidy_end(text),
        flags=re.I,
    )
    return shorten(tidy_end(text), CONDITION_LIMIT), show


def clean_name(raw: str, *, has_form: bool = False) -> str:
    """A short document name: bullets, "Bản sao …" prefixes (the form says it), "ban hành
    kèm theo …" and a form reference already in the form name removed; first clause kept."""
    name = tidy_end(strip_bullet(re.sub(r"^[^\w(]+", "", clean(raw))))
    name = _COUNT_PREFIX_RE.sub("", name)
    forms_first = re.match(
        r"^[^:]{0,150}\bbản\s+(?:sao|chính|chụp)\b[^:]*:\s*(.{10,})$", name, re.I
    )
    if forms_first:
        name = strip_bullet(forms_first.group(1))
    name = re.sub(r"^\((?![^()]*(?:trường hợp|đối với))[^()]{1,30}\)\s*", "", name, flags=re.I)
    name = strip_bullet(name)
    name = re.sub(r"^(?:\d+[.)]\s*)+", "", name)
    name = re.sub(r"\s*:\s*(?:nộp\s+)?0?\d*\s*(?:bản\s+(?:chụp|chính|sao)\b[^;:]*)?$", "", name)
    name = _ISSUED_WITH_RE.sub("", name)
    if has_form:
        name = re.sub(r"^[Mm]ẫu\s+(?:số\s+)?[\w./\-]+\s*:\s*", "", name)
        name = re.sub(r"\s*\(\s*(?:theo\s+)?[Mm]ẫu\s+(?:số\s+)?[\w./\-]+\s*\)", "", name)
        form_at = re.search(
            r"[:,]?\s*(?:\b(?:theo|tại)\s+)?(?:mẫu\s+quy\s+định\s+tại\s+)?\b[Mm]ẫu\s+(?:số\s+)?[\w./\-]*\d",
            name,
        )
        if form_at and form_at.start() >= 8:
            name = name[: form_at.start()]
    stripped = _NAME_PREFIX_RE.sub("", name)
    if len(stripped) >= 10:
        name = stripped
    cut = re.search(r":\s*[-+•]|;\s|\.\s+(?=[A-ZĐ])", name)
    if cut and cut.start() >= 15:
        name = name[: cut.start()]
    name = re.sub(r"^(\w+(?:\s\w+)?)\s+\1\b", r"\1", tidy_end(name))  # "Tờ khai Tờ khai …"
    if name and name[0].islower():
        name = name[0].upper() + name[1:]
    return shorten(name, NAME_LIMIT)


def _items(body: str) -> tuple[list[tuple[str, tuple[int, int]]], str]:
    """(raw name, quantities) per document of one group, and the text after the last one
    (the next group's heading)."""
    # name start, name end, quantities, whether the token may belong to the name ("01 bản")
    found: list[tuple[int, int, tuple[int, int], bool]] = []
    start = 0
    for match in _QUANTITY_RE.finditer(body):
        counts = _quantity(match)
        if counts is None or not _is_quantity(body, match):
            continue
        if not clean(body[start : match.start()]) and found:
            if not found[-1][3]:  # the same quantity repeated: one document
                start = match.end()
                continue
            # "…: 01 bản chính1 bản chính": the first token ("01 …") was part of the name
            start = found.pop()[0]
        digits = match.group(1)
        name_end = match.start() + (len(digits) - 1 if len(digits) > 2 or digits[0] == "0" else 0)
        found.append((start, name_end, counts, len(digits) == 2 and digits[0] == "0"))
        start = match.end()
    return [(body[a:b], counts) for a, b, counts, _ in found], body[start:]


def _document(raw: str, counts: tuple[int, int], condition: str, show: bool) -> Document | None:
    lead = _LEAD_CASE_RE.match(clean(raw))
    if lead:
        condition = shorten(tidy_end(lead.group(1)), CONDITION_LIMIT)
        raw = lead.group(2)
    inline = _INLINE_CASE_RE.match(clean(raw))
    if re.fullmatch(r"\W*\([^()]*\)\W*", clean(raw)):
        return None  # only a remark in parentheses ("(nếu có)")
    if counts == (0, 0) and (inline or _NOTE_ROW_RE.search(clean(raw))):
        return None  # a note row ("Trường hợp … thì không phải nộp …"), not a document
    if inline:
        condition = shorten(tidy_end(_CASE_TAIL_RE.sub("", inline.group(1))), CONDITION_LIMIT)
        raw = inline.group(2)
    name_text, files = split_file_names(raw)
    form_name = form_name_of(name_text, files)
    name = clean_name(name_text, has_form=bool(form_name))
    if len(name) < 3 or is_no_info(name) or name.casefold().rstrip(".") == "không quy định":
        return None
    quantity, form = _form(*counts, clean(name_text))
    action = DocumentAction.SHOW if show or name.casefold().startswith("xuất trình") else None
    return Document(
        name=name,
        quantity=quantity,
        form=form,
        action=action or DocumentAction.SUBMIT,
        form_name=form_name,
        condition=condition,
    )


def parse_documents(text: str) -> DocumentsResult:
    """Every document of `thanh_phan_ho_so`, in page order, duplicates dropped."""
    text = text or ""
    if HEADER not in text:
        return DocumentsResult([], ["no documents table"])
    parts = text.split(HEADER)
    heading = parts[0]
    documents: list[Document] = []
    problems: list[str] = []
    seen: set[tuple[str, str]] = set()
    for body in parts[1:]:
        condition, show = group_condition(heading)
        items, heading = _items(body)
        if not items and clean(body):
            problems.append("a group without a readable quantity")
        for raw, counts in items:
            doc = _document(raw, counts, condition, show)
            if doc is None:
                if counts != (0, 0):
                    problems.append("a document without a readable name")
                continue
            if (doc.name, doc.condition) not in seen:
                seen.add((doc.name, doc.condition))
                documents.append(doc)
    if not documents and not problems:
        problems.append("the documents table is empty")
    return DocumentsResult(documents, problems, len(parts) - 1)
