"""The look-up use case against the portal simulator: a dossier found, not found, a code that
is no code or almost one, the owner's ID number required (asked, mismatched, given — kept
only encrypted), the portal down, and the dossier code the bot waits for."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import PendingStep
from bot.dossiers import read_code
from bot.dossiers.results import (
    Failure,
    LookupFailed,
    MalformedCode,
    NotACode,
    OwnerAsk,
    OwnerIdNeeded,
    StatusFound,
)
from bot.pending import StepKind
from bot.portal.codes import CodeIssue, DossierCode
from bot.portal.status import DossierStatus
from sandbox.portal_store import PortalStore
from tests.dossiers.conftest import KitFactory
from tests.portal.simkit import by_status

USER = 7401
UNKNOWN = "000.99.99.H27-261120-9999"


def processing(store: PortalStore) -> tuple[str, str]:
    """A dossier being processed: its code and its owner's ID number."""
    dossier = by_status(store)[DossierStatus.PROCESSING]
    return dossier.code, dossier.owner.id_number


async def test_a_code_in_a_sentence_is_read_once_and_looked_up(
    kit_factory: KitFactory, portal_store: PortalStore
) -> None:
    code, _ = processing(portal_store)
    parsed = read_code(f"cho em hỏi hồ sơ {code} đến đâu rồi ạ")
    assert isinstance(parsed, DossierCode) and parsed.code == code
    result = await kit_factory("igate").dossiers.check(USER, parsed)
    assert isinstance(result, StatusFound)
    assert result.dossier.code == code and result.dossier.status is DossierStatus.PROCESSING
    assert result.followable and result.lookup_url.startswith("https://")


async def test_a_finished_dossier_is_not_followable(
    kit_factory: KitFactory, portal_store: PortalStore
) -> None:
    done = by_status(portal_store)[DossierStatus.RESULT_RETURNED]
    result = await kit_factory("igate").dossiers.check(USER, read_code(done.code))
    assert isinstance(result, StatusFound) and not result.followable


async def test_unknown_code_is_not_found_with_the_official_page(kit_factory: KitFactory) -> None:
    result = await kit_factory("igate").dossiers.check(USER, read_code(UNKNOWN))
    assert isinstance(result, LookupFailed)
    assert result.failure is Failure.NOT_FOUND and result.failure.text_key == "status_err_not_found"
    assert result.lookup_url and result.code.code == UNKNOWN


async def test_no_code_and_a_malformed_code_never_reach_the_portal(
    kit_factory: KitFactory,
) -> None:
    dossiers = kit_factory("igate").dossiers
    assert isinstance(await dossiers.check(USER, read_code("làm hộ chiếu")), NotACode)
    result = await dossiers.check(USER, read_code("000.99.99.H27-2611"))
    assert isinstance(result, MalformedCode)
    assert result.problem.issue is CodeIssue.MISSING_PART


async def test_portal_down_is_unavailable_with_the_official_page(
    kit_factory: KitFactory, portal_store: PortalStore
) -> None:
    code, _ = processing(portal_store)
    portal_store.faults.error_rate = 1.0
    result = await kit_factory("igate").dossiers.check(USER, read_code(code))
    assert isinstance(result, LookupFailed) and result.failure is Failure.UNAVAILABLE
    assert result.lookup_url


async def test_owner_id_asked_mismatched_then_used_and_kept_only_encrypted(
    kit_factory: KitFactory, portal_store: PortalStore
) -> None:
    code, owner = processing(portal_store)
    kit = kit_factory("onestop")
    dossiers = kit.dossiers
    parsed = read_code(code)
    assert isinstance(parsed, DossierCode)
    assert await dossiers.check(USER, parsed) == OwnerIdNeeded(parsed, OwnerAsk.FIRST)
    # An ordinary question, or an ID number in a group, is not taken as the answer.
    assert await dossiers.take_answer(USER, "làm hộ chiếu", private=True) is None
    assert await dossiers.take_answer(USER, owner, private=False) is None
    wrong = await dossiers.take_answer(USER, "012 345 678 901", private=True)
    assert wrong is not None and wrong.holds_owner_id and "012345678901" not in repr(wrong)
    mismatch = await dossiers.answer(USER, wrong)
    assert isinstance(mismatch, OwnerIdNeeded) and mismatch.why is OwnerAsk.MISMATCH
    right = await dossiers.take_answer(USER, owner, private=True)
    assert right is not None and right.owner_id == owner and not right.follow
    found = await dossiers.answer(USER, right)
    assert isinstance(found, StatusFound) and found.dossier.code == code
    async with kit.sessions() as session:
        (step,) = (await session.scalars(select(PendingStep))).all()
    assert step.kind == StepKind.FOLLOW_OWNER and step.payload == {"code": code}
    assert step.secret is not None and owner.encode() not in step.secret
    assert kit.privacy.decrypt(step.secret) == owner
    assert owner not in str(step.payload)


async def test_the_awaited_code_is_taken_once_and_a_bad_one_waits_again(
    kit_factory: KitFactory, portal_store: PortalStore
) -> None:
    code, _ = processing(portal_store)
    agency, day, seq = code.rsplit("-", 2)
    dossiers = kit_factory("igate").dossiers
    assert await dossiers.take_answer(USER, code, private=True) is None  # nothing awaited
    await dossiers.await_code(USER)
    bad = await dossiers.take_answer(USER, f"{agency}-{day}{seq}", private=True)
    assert bad is not None and not bad.holds_owner_id
    assert isinstance(await dossiers.answer(USER, bad), MalformedCode)
    spaced = await dossiers.take_answer(USER, f"{agency} {day} {seq}", private=True)
    assert spaced is not None
    assert isinstance(await dossiers.answer(USER, spaced), StatusFound)
    assert await dossiers.take_answer(USER, code, private=True) is None  # taken once


async def test_another_instance_takes_the_owner_id(
    kit_factory: KitFactory, portal_store: PortalStore
) -> None:
    code, owner = processing(portal_store)
    first, second = kit_factory("onestop"), kit_factory("onestop")
    assert isinstance(await first.dossiers.check(USER, read_code(code)), OwnerIdNeeded)
    awaited = await second.dossiers.take_answer(USER, owner, private=True)
    assert awaited is not None
    assert await first.dossiers.take_answer(USER, owner, private=True) is None  # once only
    assert isinstance(await second.dossiers.answer(USER, awaited), StatusFound)
