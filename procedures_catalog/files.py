"""Safe first contact with an untrusted file: size, emptiness, binary content, encoding.

The size is checked with `stat` before a byte is read, so a 50 MB upload costs nothing.
Text must be UTF-8 (a UTF-8 byte-order mark is accepted); anything else becomes a
`Problem` that tells staff how to save the file correctly.
"""

from __future__ import annotations

from pathlib import Path

from procedures_catalog.problems import MAX_FILE_BYTES, Problem

# Magic numbers of files staff upload by mistake, with what to say about them.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP or Excel (.xlsx) file"),
    (b"\xd0\xcf\x11\xe0", "an old Excel (.xls) or Word (.doc) file; save it as .xlsx"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "a gzip archive"),
)


def size_problem(path: Path, display: str, limit: int = MAX_FILE_BYTES) -> Problem | None:
    """A problem when the file is missing, unreadable, empty or larger than `limit`."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        return Problem(display, "", "", f"cannot read the file ({exc.strerror or exc})")
    if size > limit:
        return Problem(
            display,
            "",
            "",
            f"file is too large ({size / 1024 / 1024:.1f} MB; the limit is "
            f"{limit / 1024 / 1024:.0f} MB); split the catalog into smaller files",
        )
    if size == 0:
        return Problem(display, "", "", "file is empty")
    return None


def read_bytes(
    path: Path, display: str, limit: int = MAX_FILE_BYTES
) -> tuple[bytes, list[Problem]]:
    """The file's bytes after the size check, or a problem."""
    problem = size_problem(path, display, limit)
    if problem:
        return b"", [problem]
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        return b"", [Problem(display, "", "", f"cannot read the file ({exc.strerror or exc})")]
    if len(data) > limit:  # the file grew after stat
        return b"", [Problem(display, "", "", "file is too large")]
    return data, []


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode_text(data: bytes, display: str) -> tuple[str | None, list[Problem]]:
    """Decode UTF-8 text (BOM allowed); explain binary content and other encodings."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [
            Problem(
                display,
                "",
                "",
                "file is saved as UTF-16 (Excel 'Unicode Text'); save it as UTF-8 "
                "(in Excel: Save As → 'CSV UTF-8 (Comma delimited)')",
            )
        ]
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return None, [Problem(display, "", "", f"this is {what}, not a text file")]
    head = data[:8192]
    if b"\x00" in head:
        offset = head.index(b"\x00")
        return None, [
            Problem(
                display,
                f"line {_line_of(data, offset)}",
                "",
                "this is a binary file, not a text file (it contains NUL bytes)",
            )
        ]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex().upper()
        return None, [
            Problem(
                display,
                f"line {_line_of(data, exc.start)}",
                "",
                f"file is not UTF-8 (byte 0x{bad} at offset {exc.start}); it was probably "
                "saved in a legacy encoding such as Windows-1258 or TCVN3. Save it as UTF-8 "
                "(in Excel: Save As → 'CSV UTF-8 (Comma delimited)'; in an editor: "
                "Encoding → UTF-8) and try again",
            )
        ]
    if not text.strip():
        return None, [Problem(display, "", "", "file is empty (only blank space)")]
    return text, []


def read_text(path: Path, display: str) -> tuple[str | None, list[Problem]]:
    """Size-check, read and decode a UTF-8 text file."""
    data, problems = read_bytes(path, display)
    if problems:
        return None, problems
    return decode_text(data, display)
