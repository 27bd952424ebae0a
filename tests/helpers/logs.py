"""Undo what a test did to the logging configuration.

Tests that call `run_bot.main` in process run `configure_logging`, which sets the root level,
quietens a few libraries and puts a `RedactingFilter` on every root handler, pytest's own
capture handlers included. Left in place, those filters pile up test after test, and every
log record of the rest of the run goes through all of them (a DEBUG-level test became 30
times slower late in the suite). `kept_logging()` restores the levels and the filters.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager


def _loggers() -> list[logging.Logger]:
    found = [
        lg for lg in logging.root.manager.loggerDict.values() if isinstance(lg, logging.Logger)
    ]
    return [logging.getLogger(), *found]


@contextmanager
def kept_logging() -> Iterator[None]:
    """Restore every logger's level and filters, and its handlers' levels and filters."""
    loggers = {lg: (lg.level, list(lg.filters), lg.propagate, lg.disabled) for lg in _loggers()}
    handlers = {h: (h.level, list(h.filters)) for lg in loggers for h in lg.handlers}
    try:
        yield
    finally:
        for lg, (level, filters, propagate, disabled) in loggers.items():
            if lg.level != level:
                lg.setLevel(level)  # clears every logger's cache: only when needed
            lg.filters[:] = filters
            lg.propagate, lg.disabled = propagate, disabled
        for handler, (level, filters) in handlers.items():
            handler.level = level
            handler.filters[:] = filters
