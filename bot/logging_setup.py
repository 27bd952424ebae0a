"""Logging that never prints the bot token or personal numbers.

httpx logs every request URL, and Telegram URLs contain the token; the filter redacts it
(and ID-number or phone-like digit runs) from every record before any handler sees it.
"""

from __future__ import annotations

import logging
import re

from bot.personal_numbers import mask_personal_numbers

# Anything shaped like a bot token (also tokens this process was not configured with).
_TOKEN_SHAPE = re.compile(r"(?<!\d)\d{5,}:[A-Za-z0-9_-]{30,}")


class RedactingFilter(logging.Filter):
    """Replace secrets in the rendered message; attached to the root handlers."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        for secret in self._secrets:
            message = message.replace(secret, "[REDACTED]")
        message = _TOKEN_SHAPE.sub("[REDACTED]", message)
        record.msg = mask_personal_numbers(message)
        record.args = None
        return True


def configure_logging(level: str, secrets: list[str]) -> None:
    """Set up the root logger once, in `main`."""
    root = logging.getLogger()
    if not root.handlers:
        stream = logging.StreamHandler()
        stream.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(stream)
    root.setLevel(level)
    redactor = RedactingFilter(secrets)
    for handler in root.handlers:
        handler.addFilter(redactor)
    # Per-request lines from httpx are noise at INFO and carry the token in the URL.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
