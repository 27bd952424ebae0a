"""The follow use case against the portal simulator: follow, follow twice, the portal down
(followed without a baseline), an unknown code refused, the owner's ID number of the last
look-up reused or asked for, /mine and /unfollow."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import Subscription
from bot.dossiers import read_code
from bot.dossiers.results import (
    Failure,
    Followed,
    LookupFailed,
    NotACode,
    OwnerAsk,
    OwnerIdNeeded,
    StatusFound,
)
from bot.portal.status import DossierStatus
from bot.tracking.subscriptions import FollowStatus
from sandbox.portal_store import PortalStore
from tests.dossiers.conftest import Kit, KitFactory
from tests.portal.simkit import by_status

USER = 7501


async def _subscriptions(kit: Kit) -> list[Subscription]:
    async with kit.sessions() as session:
        return list((await session.scalars(select(Subscription))).all())


async def test_follow_then_follow_again(kit_factory: KitFactory, portal_store: PortalStore) -> None:
    code = by_status(portal_store)[DossierStatus.PROCESSING].code
    dossiers = kit_factory("igate").dossiers
    first = await dossiers.follow(USER, read_code(code))
    assert isinstance(first, Followed) and first.status is FollowStatus.FOLLOWED
    assert first.code == code and first.count == 1 and first.dossier is not None
    again = await dossiers.follow(USER, read_code(code))
    assert isinstance(again, Followed) and again.status is FollowStatus.ALREADY


async def test_a_finished_dossier_is_not_followed(
    kit_factory: KitFactory, portal_store: PortalStore
) -> None:
    code = by_status(portal_store)[DossierStatus.RESULT_RETURNED].code
    result = await kit_factory("igate").dossiers.follow(USER, read_code(code))
    assert isinstance(result, Followed) and result.status is FollowStatus.CLOSED


async def test_portal_down_follows_without_a_baseline(
    kit_factory: KitFactory, portal_store: PortalStore
) -> None:
    code = by_status(portal_store)[DossierStatus.PROCESSING].code
    portal_store.faults.error_rate = 1.0
    kit = kit_factory("igate")
    result = await kit.dossiers.follow(USER, read_code(code))
    assert isinstance(result, Followed) and result.status is FollowStatus.FOLLOWED
    assert result.dossier is None
    assert [row.dossier_code for row in await _subscriptions(kit)] == [code]


async def test_unknown_or_no_code_is_refused(kit_factory: KitFactory) -> None:
    kit = kit_factory("igate")
    unknown = await kit.dossiers.follow(USER, read_code("000.99.99.H27-261120-9999"))
    assert isinstance(unknown, LookupFailed) and unknown.failure is Failure.NOT_FOUND
    assert unknown.lookup_url is None
    assert isinstance(await kit.dossiers.follow(USER, read_code("xin chào")), NotACode)
    assert await _subscriptions(kit) == []


async def test_onestop_reuses_the_owner_id_of_the_look_up(
    kit_factory: KitFactory, portal_store: PortalStore
) -> None:
    sim = by_status(portal_store)[DossierStatus.PROCESSING]
    kit = kit_factory("onestop")
    await kit.dossiers.check(USER, read_code(sim.code))
    awaited = await kit.dossiers.take_answer(USER, sim.owner.id_number, private=True)
    assert awaited is not None
    assert isinstance(await kit.dossiers.answer(USER, awaited), StatusFound)
    # 🔔 on the card, served by another instance: no second question.
    other = kit_factory("onestop")
    followed = await other.dossiers.follow(USER, read_code(sim.code))
    assert isinstance(followed, Followed) and followed.status is FollowStatus.FOLLOWED
    (row,) = await _subscriptions(kit)
    assert row.owner_id_encrypted is not None
    assert sim.owner.id_number.encode() not in row.owner_id_encrypted
    assert kit.privacy.decrypt(row.owner_id_encrypted) == sim.owner.id_number


async def test_onestop_asks_for_the_owner_id_then_follows(
    kit_factory: KitFactory, portal_store: PortalStore
) -> None:
    sim = by_status(portal_store)[DossierStatus.RECEIVED]
    kit = kit_factory("onestop")
    asked = await kit.dossiers.follow(USER, read_code(sim.code))
    assert isinstance(asked, OwnerIdNeeded) and asked.follow and asked.why is OwnerAsk.FIRST
    wrong = await kit.dossiers.take_answer(USER, "012345678901", private=True)
    assert wrong is not None and wrong.follow
    again = await kit.dossiers.answer(USER, wrong)
    assert isinstance(again, OwnerIdNeeded) and again.why is OwnerAsk.MISMATCH and again.follow
    awaited = await kit.dossiers.take_answer(USER, sim.owner.id_number, private=True)
    assert awaited is not None
    followed = await kit.dossiers.answer(USER, awaited)
    assert isinstance(followed, Followed) and followed.status is FollowStatus.FOLLOWED


async def test_mine_and_unfollow_by_code_and_by_button(
    kit_factory: KitFactory, portal_store: PortalStore
) -> None:
    seeded = by_status(portal_store)
    codes = [seeded[DossierStatus.PROCESSING].code, seeded[DossierStatus.RECEIVED].code]
    dossiers = kit_factory("igate").dossiers
    for code in codes:
        await dossiers.follow(USER, read_code(code))
    mine = await dossiers.mine(USER)
    assert [item.code for item in mine.items] == codes and mine.limit >= 2
    gone = await dossiers.unfollow_code(USER, read_code(codes[0].lower()), codes[0].lower())
    assert gone.code == codes[0]
    (left,) = (await dossiers.mine(USER)).items
    assert (await dossiers.unfollow_subscription(USER, left.id)).code == codes[1]
    assert (await dossiers.unfollow_subscription(USER, left.id)).code is None
    assert (await dossiers.mine(USER)).items == ()
