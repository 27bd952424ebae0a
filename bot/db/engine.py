"""Engine and session factory for SQLite (aiosqlite) and PostgreSQL (asyncpg).

Both recover from an outage without a restart. PostgreSQL's pool pings a connection before
handing it out, so connections a restarted server closed are replaced. SQLite has no server:
its outage is a file deleted (and recreated by the operator), and an open connection keeps
using a deleted file through its handle, so the bot would go on reading and writing a file
nobody can see and never open the new one. A connection whose file is no longer the file at
the path is therefore dropped when it is checked out, and a new one opens the path again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.ext.asyncio import AsyncSession as AsyncSession


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _sqlite_file(url: str) -> Path | None:
    """The database file a SQLite URL names; None for memory and ``file:`` URI databases."""
    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        return Path(database)
    return None


def _ensure_sqlite_dir(url: str) -> None:
    path = _sqlite_file(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)


#: ``connection_record.info`` key: the identity of the file the connection opened.
_FILE_IDENTITY = "dvc_sqlite_file"


def _file_identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def _drop_connections_to_lost_files(engine: AsyncEngine, path: Path) -> None:
    """Reopen the path when the file a pooled connection uses was deleted or replaced."""

    @event.listens_for(engine.sync_engine, "connect")
    def _remember_file(_dbapi_conn: Any, record: Any) -> None:
        record.info[_FILE_IDENTITY] = _file_identity(path)

    @event.listens_for(engine.sync_engine, "checkout")
    def _same_file(_dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        if record.info.get(_FILE_IDENTITY) != _file_identity(path):
            # The pool closes this connection and opens the path again.
            raise DisconnectionError("the SQLite file was deleted or replaced")


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """Create the async engine; SQLite gets WAL, foreign keys and a busy timeout."""
    if is_sqlite(url):
        _ensure_sqlite_dir(url)
        # One connection: SQLite allows one writer at a time, and queueing writers in the
        # pool is far cheaper than SQLite's busy handler, which sleeps between retries.
        kwargs.setdefault("pool_size", 1)
        kwargs.setdefault("max_overflow", 0)
        engine = create_async_engine(url, connect_args={"timeout": 30}, **kwargs)

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        path = _sqlite_file(url)
        if path is not None:
            _drop_connections_to_lost_files(engine, path)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    kwargs.setdefault("pool_size", 10)
    return create_async_engine(url, **kwargs)


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
