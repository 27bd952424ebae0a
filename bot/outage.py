"""What a database outage looks like to the code above the database, logged once.

A database that is down, restarting or deleted raises SQLAlchemy's errors (the driver's,
wrapped) or, for a connection that could not be made at all, ``OSError`` (asyncpg's
"connection refused", a timeout). Code that can answer without the database catches
``DATABASE_ERRORS`` and goes on; handlers catch them through this module, as they never
import SQLAlchemy themselves.

During an outage every message fails the same way, so :class:`OutageLog` writes one line
when the failures start and one when they end, not one per message.
"""

from __future__ import annotations

import logging

from sqlalchemy.exc import SQLAlchemyError

#: What a query raises while the database is unreachable, deleted or restarting.
DATABASE_ERRORS: tuple[type[Exception], ...] = (SQLAlchemyError, OSError)


class OutageLog:
    """Logs the first of a run of failures and the success that ends it; debug between."""

    def __init__(
        self, logger: logging.Logger, failed: str, works: str, *, level: int = logging.WARNING
    ) -> None:
        self._log = logger
        self._failed = failed
        self._works = works
        self._level = level
        self.failing = False

    def failed(self, exc: BaseException) -> None:
        # The class only: a driver's message may quote the parameters (user data).
        if self.failing:
            self._log.debug("%s (%s), again", self._failed, type(exc).__name__)
            return
        self.failing = True
        self._log.log(
            self._level,
            "%s (%s); not logged again until it works",
            self._failed,
            type(exc).__name__,
        )

    def succeeded(self) -> None:
        if self.failing:
            self.failing = False
            self._log.info("%s", self._works)
