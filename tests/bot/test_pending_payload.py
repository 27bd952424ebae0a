"""Dialogue steps with a payload (migration 0004): the payload and the encrypted secret come
back with the step, `current` reads without ending it, `take` accepts several kinds and ends
the step once, and /forget removes a step holding a secret."""

from __future__ import annotations

from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import migrate
from bot.db.engine import session_factory
from bot.db.privacy import Privacy
from bot.pending import PendingSteps, StepKind
from bot.personal_data import PersonalDataService

USER = 4545


async def _columns(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as conn:
        columns = await conn.run_sync(lambda c: inspect(c).get_columns("pending_steps"))
    return {column["name"] for column in columns}


async def test_migration_0004_up_and_down(engine: AsyncEngine) -> None:
    assert {"payload", "secret"} <= await _columns(engine)
    await PendingSteps(session_factory(engine)).expect(USER, "x", payload={"a": 1}, secret=b"s")
    await migrate.downgrade(engine, "0003")
    assert not {"payload", "secret"} & await _columns(engine)
    await migrate.upgrade(engine)
    assert {"payload", "secret"} <= await _columns(engine)
    assert await migrate.current_revision(engine) == migrate.head_revision()


async def test_payload_and_secret_come_back_with_the_step(engine: AsyncEngine) -> None:
    privacy = Privacy(b"pending-payload-test-key-0123")
    pending = PendingSteps(session_factory(engine))
    secret = privacy.encrypt("001099012345")
    payload = {"code": {"code": "000.17.22.H56-210531-0001"}, "follow": True}
    await pending.expect(USER, StepKind.OWNER_ID, payload=payload, secret=secret)
    current = await pending.current(USER)
    assert current is not None and current.payload == payload and current.secret == secret
    assert await pending.take(USER, StepKind.DOSSIER_CODE) is None  # another kind: kept
    taken = await pending.take(USER, StepKind.DOSSIER_CODE, StepKind.OWNER_ID)
    assert taken is not None and taken.kind == StepKind.OWNER_ID
    assert taken.payload == payload and privacy.decrypt(taken.secret or b"") == "001099012345"
    assert await pending.take(USER, StepKind.OWNER_ID) is None
    assert await pending.current(USER) is None


async def test_a_plain_step_has_an_empty_payload(engine: AsyncEngine) -> None:
    pending = PendingSteps(session_factory(engine))
    await pending.expect(USER, StepKind.OWNER_ID, payload={"follow": False}, secret=b"x")
    await pending.expect(USER, StepKind.DOSSIER_CODE)  # replaces it, payload and secret too
    step = await pending.take(USER, StepKind.DOSSIER_CODE)
    assert step is not None and step.payload == {} and step.secret is None


async def test_forget_removes_a_step_holding_a_secret(engine: AsyncEngine) -> None:
    sessions = session_factory(engine)
    pending = PendingSteps(sessions)
    await pending.expect(USER, StepKind.FOLLOW_OWNER, payload={"code": "C"}, secret=b"enc")
    await PersonalDataService(sessions, Privacy(b"pending-payload-test-key-0123")).forget(USER)
    assert await pending.current(USER) is None
