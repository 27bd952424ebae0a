"""Start-up check that the database answers, turned into one clear line when it does not."""

from __future__ import annotations

import asyncio

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.errors import StartupError


def redacted_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


async def ensure_reachable(engine: AsyncEngine, url: str, limit_s: float = 10.0) -> None:
    """Run `SELECT 1`; raise `StartupError` naming DVC_DATABASE_URL when it fails."""
    try:
        async with asyncio.timeout(limit_s):
            async with engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
    except (OperationalError, DBAPIError, OSError, TimeoutError) as exc:
        reason = str(getattr(exc, "orig", exc) or type(exc).__name__).splitlines()[0]
        raise StartupError(
            f"DVC_DATABASE_URL: cannot reach the database at {redacted_url(url)} ({reason})"
        ) from None
