"""Alembic environment: runs on the connection handed in by bot.db.migrate (async engines)."""

from __future__ import annotations

from alembic import context

from bot.db.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached with the plain alembic CLI
    raise RuntimeError("run migrations through `python run_bot.py db upgrade`")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
