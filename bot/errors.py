"""Errors that stop start-up with one clear line for the operator (no traceback)."""

from __future__ import annotations


class StartupError(Exception):
    """Start-up cannot continue; `str(exc)` says why in one line."""
