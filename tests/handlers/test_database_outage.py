"""A database outage: questions are still answered from the catalog in memory, whatever
needs the database gets one apology (never two), and the bot recovers by itself.

Through the real engine and pool:

* the database stops answering (``refusing``): the pooled connections are closed, as a
  server restart closes them, and every new connection fails as the driver fails then
  (SQLite's ``OperationalError``, asyncpg's ``ConnectionRefusedError``);
* an update whose first handler fails gets one apology and nothing after it;
* the SQLite file is deleted and the operator recreates it with the migrations: the bot
  must neither go on writing to the deleted file nor need a restart to use the new one.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Update
from telegram.ext import TypeHandler

from bot.db import migrate
from bot.db.engine import create_engine, is_sqlite
from bot.db.models import User
from bot.telegram.context import BotContext
from tests.helpers.botrig import BotRig, running_bot

QUESTION = "làm lại căn cước"
CARD = "Cấp lại thẻ căn cước"
APOLOGY = "Xin lỗi, đã có lỗi xảy ra"
NOTHING_FOLLOWED = "Bạn chưa theo dõi hồ sơ nào"
USER = 9401


@contextmanager
def refusing(engine: AsyncEngine) -> Iterator[None]:
    """Every new connection fails as the driver fails when the database is unreachable:
    asyncpg with the socket's "connection refused", SQLite with its OperationalError."""
    dbapi = engine.dialect.loaded_dbapi

    def refuse(*_args: Any) -> None:
        if engine.dialect.name == "sqlite":
            raise dbapi.OperationalError("unable to open database file")
        raise ConnectionRefusedError(111, "Connect call failed (test outage)")

    event.listen(engine.sync_engine, "do_connect", refuse)
    try:
        yield
    finally:
        event.remove(engine.sync_engine, "do_connect", refuse)


def engine_of(rig: BotRig) -> AsyncEngine:
    return rig.application.bot_data.services.engine


async def test_questions_are_answered_and_failures_apologised_once_while_the_database_is_down(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    async with running_bot(database_url) as rig:
        assert NOTHING_FOLLOWED in (await rig.ask(USER, "/mine"))[0]
        with refusing(engine_of(rig)), caplog.at_level(logging.INFO, logger="bot.db"):
            await engine_of(rig).dispose()  # the server went away with its connections
            answer = await rig.ask(USER, QUESTION)
            mine = await rig.ask(USER, "/mine")
            newcomer = await rig.ask(USER + 1, QUESTION)
            again = await rig.ask(USER, QUESTION)
        after = await rig.ask(USER, "/mine")
    for replies in (answer, newcomer, again):
        assert len(replies) == 1 and CARD in replies[0], replies
    assert mine == [mine[0]] and APOLOGY in mine[0], mine
    assert len(after) == 1 and NOTHING_FOLLOWED in after[0], after
    # The operator reads one line when the outage starts, not one per message.
    failed = [r for r in caplog.records if "users: writing a batch failed" in r.getMessage()]
    assert len(failed) == 1 and failed[0].levelno == logging.WARNING


async def test_an_update_that_failed_gets_one_apology_and_nothing_after_it(
    database_url: str,
) -> None:
    async def broken(update: Update, context: BotContext) -> None:
        raise RuntimeError("a bug in a handler that runs before the others")

    async with running_bot(database_url) as rig:
        rig.application.add_handler(TypeHandler(Update, broken), group=-4)
        replies = await rig.ask(USER, QUESTION)
    assert replies == [replies[0]] and APOLOGY in replies[0], replies


def sqlite_path(database_url: str) -> Path:
    database = make_url(database_url).database
    assert database
    return Path(database)


async def recreate(database_url: str) -> None:
    """What an operator does after losing the file: a new database with the migrations."""
    engine = create_engine(database_url)
    try:
        await migrate.upgrade(engine)
    finally:
        await engine.dispose()


async def stored_language(database_url: str, user_id: int) -> str | None:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as conn:
            return await conn.scalar(select(User.language).where(User.id == user_id))
    finally:
        await engine.dispose()


async def test_the_bot_uses_a_recreated_sqlite_file_without_a_restart(database_url: str) -> None:
    if not is_sqlite(database_url):
        pytest.skip("a file that is deleted and recreated is SQLite's outage")
    path = sqlite_path(database_url)
    async with running_bot(database_url) as rig:
        assert NOTHING_FOLLOWED in (await rig.ask(USER, "/mine"))[0]
        for file in path.parent.glob(path.name + "*"):
            file.unlink()  # the database, its WAL and shared-memory index
        answer = await rig.ask(USER, QUESTION)
        mine = await rig.ask(USER, "/mine")
        await recreate(database_url)
        after = await rig.ask(USER, "/mine")
        switched = await rig.ask(USER, "/lang en")
    assert len(answer) == 1 and CARD in answer[0], answer
    assert mine == [mine[0]] and APOLOGY in mine[0], mine
    assert len(after) == 1 and NOTHING_FOLLOWED in after[0], after
    assert len(switched) == 1
    assert await stored_language(database_url, USER) == "en"  # in the new file, not the lost one
