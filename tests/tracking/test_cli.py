"""Staff tools: `run_bot.py tracking dead-letters | requeue | stats`."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from telegram.error import BadRequest

from bot.portal.status import DossierStatus
from bot.texts import Texts
from bot.tracking import outbox
from bot.tracking.detect import Notice
from bot.tracking.notices import StatusChange
from bot.tracking.sender import Sender
from run_bot import main
from sandbox.portal_sim import build_store
from tests.tracking.kit import FakeSend, add_dossiers, database, fast_config, subscribe


async def _one_dead_letter(url: str) -> None:
    store = build_store(seed=False)
    async with database(url) as sessions:
        owners = await subscribe(sessions, add_dossiers(store, 1))
        ((code, user),) = owners.items()
        async with sessions.begin() as session:
            notice = Notice("chg:cli:1", StatusChange(code, DossierStatus.PROCESSING))
            await outbox.add_notices(session, [(1, user, notice)], datetime.now(UTC))
        send = FakeSend(raises=[BadRequest("Bad Request: chat not found")])
        await Sender(
            sessions=sessions, send=send, texts=Texts(), config=fast_config()
        ).run_until_idle()


def test_staff_see_and_requeue_dead_letters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    asyncio.run(_one_dead_letter(url))
    monkeypatch.setenv("DVC_DATABASE_URL", url)
    assert main(["tracking", "dead-letters", "--json"]) == 0
    (line,) = capsys.readouterr().out.strip().splitlines()
    letter = json.loads(line)
    assert letter["kind"] == "status_change" and "Chat not found" in letter["last_error"]
    assert main(["tracking", "requeue", str(letter["id"])]) == 0
    assert "requeued 1 of 1" in capsys.readouterr().out
    assert main(["tracking", "stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["pending"] == 1
