"""Database helpers for tests: count rows without going through the bot."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.db.engine import create_engine, session_factory


async def count_rows(database_url: str, model: type) -> int:
    """Rows of `model`'s table in the database at `database_url`."""
    engine = create_engine(database_url)
    try:
        async with session_factory(engine)() as session:
            return int(await session.scalar(select(func.count()).select_from(model)) or 0)
    finally:
        await engine.dispose()
