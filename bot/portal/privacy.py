"""Masking helpers for values that must never appear in full in logs or messages.

The owner ID number (CCCD / passport / tax code), OAuth tokens and client secrets, and
applicant names come from or go to the portal; whenever one has to be mentioned (a log line,
an exception message, ``/mydata``), only its masked form is used.
"""

from __future__ import annotations


def mask_id_number(value: str | None) -> str:
    """``"038095001234"`` → ``"*********234"``: keep only the last three characters."""
    if not value:
        return ""
    text = value.strip()
    if len(text) <= 4:
        return "*" * len(text)
    return "*" * (len(text) - 3) + text[-3:]


def mask_token(value: str | None) -> str:
    """A token or secret becomes ``"***(len=N)"``: nothing of its content is kept."""
    if not value:
        return ""
    return f"***(len={len(value)})"


def mask_name(value: str | None) -> str:
    """``"Nguyễn Văn An"`` → ``"N. V. A."``: initials only."""
    if not value:
        return ""
    return " ".join(f"{word[0]}." for word in value.split())
