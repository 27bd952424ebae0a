"""LearningService on a real database: groups from the query log, effect preview, catalog
versions from a group, "not ours" replies, dismiss and reopen, all audited."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.catalog import CatalogService
from bot.db import catalog_store as store
from bot.db.engine import create_engine, session_factory
from bot.db.models import Feedback, QueryLog, StaffAudit
from bot.learning import LearningService
from bot.learning.changes import CatalogChange, ChangeError, ChangeKind
from bot.learning.effect import Answer
from bot.learning.grouping import QuestionGroup
from bot.learning.keys import QuestionKeys
from bot.learning.replies import NotOursReplies
from bot.learning.triage import TriageAction
from bot.search.index_memo import IndexMemo
from procedures_catalog.loader import load_bundled
from procedures_catalog.schema import Procedure

Sessions = async_sessionmaker[AsyncSession]
NOW = datetime(2026, 12, 20, 9, tzinfo=UTC)
BIRTH = "1.001193"
ASKED = "xin giấy ra đời cho bé"
VISA = "xin visa đi Nhật"


@pytest.fixture(scope="module")
def civil_catalog() -> list[Procedure]:
    """The curated civil-status procedures: small enough to index in a blink."""
    return [p for p in load_bundled() if p.field == "Hộ tịch" and p.kind.value == "curated"]


@pytest.fixture
def sessions(engine: AsyncEngine) -> Sessions:
    return session_factory(engine)


@pytest.fixture
async def learning(sessions: Sessions, civil_catalog: list[Procedure]) -> LearningService:
    await store.import_catalog(sessions, civil_catalog, author="system", source="test")
    catalog = CatalogService(sessions, memo=IndexMemo(size=2))
    return LearningService(sessions, catalog, clock=lambda: NOW)


async def log(
    sessions: Sessions,
    text: str,
    decision: str,
    *,
    times: int = 1,
    days_ago: float = 1,
    intent: str = "procedure",
    top: str | None = None,
    disliked: bool = False,
) -> None:
    async with sessions.begin() as session:
        for i in range(times):
            row = QueryLog(
                user_hash=f"h{i}",
                query=text,
                intent=intent,
                decision=decision,
                top_code=top,
                created_at=NOW - timedelta(days=days_ago, minutes=i),
            )
            session.add(row)
            await session.flush()
            if disliked:
                session.add(
                    Feedback(
                        user_hash=f"h{i}",
                        query_log_id=row.id,
                        procedure_code=top or "",
                        helpful=False,
                    )
                )


async def audit_rows(sessions: Sessions) -> Sequence[StaffAudit]:
    async with sessions() as session:
        query = select(StaffAudit).where(StaffAudit.action.like("questions.%"))
        return (await session.execute(query.order_by(StaffAudit.id))).scalars().all()


async def only_group(learning: LearningService) -> QuestionGroup:
    grouping = await learning.groups(days=30)
    assert len(grouping.open) == 1, grouping.open
    return grouping.open[0]


async def test_groups_count_unanswered_asked_back_and_disliked_questions_of_the_period(
    sessions: Sessions, learning: LearningService
) -> None:
    await log(sessions, ASKED, "none", times=3)
    await log(sessions, "giấy ra đời cho bé", "clarify", times=2, days_ago=3)
    await log(sessions, "Xin giấy ra đời cho bé!", "answer", top="1.000656", disliked=True)
    await log(sessions, "đăng ký kết hôn", "answer", times=4, top="1.000894")  # answered
    await log(sessions, "xin chào", "none", intent="greeting")  # not a search question
    await log(sessions, ASKED, "none", days_ago=40)  # before the period
    group = await only_group(learning)
    assert (group.count, group.none, group.clarify, group.disliked) == (6, 3, 2, 1)
    assert group.first == NOW - timedelta(days=3, minutes=1)
    assert group.last == NOW - timedelta(days=1)
    assert group.label == ASKED
    assert (await learning.find(group.gid, days=30)) == group
    assert len((await learning.groups(days=90)).open[0].texts) == 3
    assert (await learning.groups(days=90)).open[0].count == 7


async def test_preview_reports_what_attaching_would_answer_without_changing_anything(
    sessions: Sessions, learning: LearningService
) -> None:
    await log(sessions, ASKED, "none", times=3)
    await log(sessions, "làm giấy ra đời cho bé", "none", times=2)
    await log(sessions, "đăng ký kết hôn", "answer", times=4, top="1.000894")
    version = (await learning.snapshot()).version
    group = await only_group(learning)
    preview = await learning.preview(group, CatalogChange(ChangeKind.ATTACH, "giấy ra đời", BIRTH))
    effect = preview.effect
    assert preview.version == version and preview.plan.targets == (BIRTH,)
    assert (effect.group_questions, effect.group_answered) == (5, 5)
    assert effect.newly_answered == 5 and effect.logged_questions == 9
    assert effect.answered_after - effect.answered_before == 5
    assert sum(c.count for c in effect.changes if c.after == Answer("answer", BIRTH)) == 5
    assert all(c.before != Answer("answer", "1.000894") for c in effect.changes)
    # nothing saved
    assert await store.current_version_id(sessions) == version
    assert await audit_rows(sessions) == []


async def test_attaching_makes_a_catalog_version_the_search_then_answers_with(
    sessions: Sessions, learning: LearningService
) -> None:
    await log(sessions, ASKED, "none", times=3)
    group = await only_group(learning)
    assert (await learning.snapshot()).search(ASKED).decision.value == "none"
    version = (await learning.snapshot()).version
    applied = await learning.apply(
        group,
        CatalogChange(ChangeKind.ATTACH, "giấy ra đời", BIRTH),
        actor="tg:7",
        note="citizens say giấy ra đời",
        expected_version=version,
    )
    assert applied.changed and applied.version.id != version
    assert applied.version.author == "tg:7" and applied.version.note == "citizens say giấy ra đời"
    stored = {p.code: p for p in await store.version_catalog(sessions, applied.version.id)}
    assert "giấy ra đời" in stored[BIRTH].aliases
    outcome = (await learning.snapshot()).search(ASKED)
    assert outcome.decision.value == "answer" and outcome.top and outcome.top.code == BIRTH
    grouping = await learning.groups(days=30)
    assert grouping.open == ()
    (handled,) = grouping.handled
    assert handled.triage is not None and handled.triage.action is TriageAction.ATTACH
    assert handled.triage.procedure_code == BIRTH
    assert handled.triage.catalog_version == applied.version.id
    (audit,) = await audit_rows(sessions)
    assert (audit.actor, audit.action, audit.source) == ("tg:7", "questions.attach", "web")
    assert audit.detail["version"] == applied.version.id and audit.detail["targets"] == [BIRTH]
    assert audit.detail["questions"] == 3


async def test_a_change_computed_on_an_older_version_is_refused(
    sessions: Sessions, learning: LearningService, civil_catalog: list[Procedure]
) -> None:
    await log(sessions, ASKED, "none")
    group = await only_group(learning)
    version = (await learning.snapshot()).version
    await store.import_catalog(sessions, civil_catalog[1:], author="other", source="test")
    with pytest.raises(ChangeError) as caught:
        await learning.apply(
            group,
            CatalogChange(ChangeKind.ATTACH, "giấy ra đời", BIRTH),
            actor="tg:7",
            expected_version=version,
        )
    assert caught.value.key == "con_q_err_moved"
    assert await audit_rows(sessions) == []


async def test_a_staff_synonym_is_a_keyword_on_the_procedures_it_means(
    sessions: Sessions, learning: LearningService
) -> None:
    await log(sessions, "làm giấy chào đời cho bé", "clarify", times=2)
    group = await only_group(learning)
    change = CatalogChange(ChangeKind.SYNONYM, "chào đời", meaning="khai sinh")
    preview = await learning.preview(group, change)
    assert BIRTH in preview.plan.targets and len(preview.plan.targets) > 1
    applied = await learning.apply(group, change, actor="tg:7", expected_version=preview.version)
    stored = {p.code: p for p in await store.version_catalog(sessions, applied.version.id)}
    assert all("chào đời" in stored[code].keywords for code in preview.plan.targets)
    (audit,) = await audit_rows(sessions)
    assert audit.action == "questions.synonym" and audit.detail["meaning"] == "khai sinh"


async def test_not_ours_reply_matches_close_questions_until_the_group_is_reopened(
    sessions: Sessions, learning: LearningService
) -> None:
    await log(sessions, VISA, "none", times=4)
    group = await only_group(learning)
    with pytest.raises(ChangeError):
        await learning.not_ours(group, reply_vi="  ", actor="tg:7")
    record = await learning.not_ours(
        group,
        reply_vi="Thị thực do Đại sứ quán cấp, không phải thủ tục của chúng tôi.",
        reply_en="Visas are issued by the embassy.",
        actor="tg:7",
    )
    replies = learning.replies
    assert (await replies.match("Xin visa đi Nhật ạ")) == record
    assert (await replies.match("xin visa di nhat ban")) == record  # close enough
    assert await replies.match("đăng ký kết hôn") is None
    assert record.reply("en") == "Visas are issued by the embassy."
    assert (await learning.groups(days=30)).open == ()
    assert await learning.reopen(record.id, actor="tg:8")
    assert not await learning.reopen(record.id, actor="tg:8")  # once
    assert await replies.match(VISA) is None
    assert (await only_group(learning)).key == group.key
    actions = [(a.action, a.actor) for a in await audit_rows(sessions)]
    assert actions == [("questions.not_ours", "tg:7"), ("questions.reopen", "tg:8")]


async def test_another_process_sees_a_new_reply_after_its_reload_interval(
    sessions: Sessions, learning: LearningService
) -> None:
    now = [0.0]
    bot_side = NotOursReplies(sessions, QuestionKeys(), reload_seconds=30, clock=lambda: now[0])
    assert await bot_side.match(VISA) is None  # loads the (empty) table
    await log(sessions, VISA, "none")
    await learning.not_ours(await only_group(learning), reply_vi="Không.", actor="tg:7")
    now[0] = 10.0
    assert await bot_side.match(VISA) is None  # still the table read at 0 s
    now[0] = 31.0
    found = await bot_side.match(VISA)
    assert found is not None and found.reply("vi") == "Không."


async def test_dismissed_groups_are_hidden_but_kept(
    sessions: Sessions, learning: LearningService
) -> None:
    await log(sessions, VISA, "none", times=2)
    record = await learning.dismiss(await only_group(learning), actor="tg:7", note="  spam  ")
    grouping = await learning.groups(days=30)
    assert grouping.open == () and grouping.handled[0].triage == record
    assert await learning.replies.match(VISA) is None  # dismissing gives no reply
    (audit,) = await audit_rows(sessions)
    assert audit.action == "questions.dismiss" and audit.detail["note"] == "spam"


async def test_suggestions_are_the_procedures_the_search_ranks_for_the_group(
    sessions: Sessions, learning: LearningService
) -> None:
    await log(sessions, ASKED, "none")
    suggested = await learning.suggestions(await only_group(learning))
    assert BIRTH in [s.code for s in suggested]


async def test_a_grouping_is_kept_until_something_new_is_logged(
    sessions: Sessions, learning: LearningService
) -> None:
    await log(sessions, VISA, "none")
    first = await learning.groups(days=30)
    assert await learning.groups(days=30) is first  # nothing new: the same object
    await log(sessions, VISA, "clarify")
    again = await learning.groups(days=30)
    assert again is not first and again.open[0].count == 2
    await log(sessions, "xin visa đi Nhật", "answer", top="1.000894", disliked=True)
    assert (await learning.groups(days=30)).open[0].disliked == 1


async def test_a_reply_is_not_given_for_a_question_that_only_shares_a_word(
    sessions: Sessions, learning: LearningService
) -> None:
    await log(sessions, VISA, "none")
    await learning.not_ours(await only_group(learning), reply_vi="Không.", actor="tg:7")
    replies = learning.replies
    assert await replies.match("visa") is None
    assert await replies.match("gia hạn visa cho người nước ngoài đang làm việc ở Nhật") is None
    snapshot = await learning.snapshot()
    answered = snapshot.search("đăng ký kết hôn")
    assert answered.decision.value == "answer"
    assert await replies.reply_for(answered) is None  # an answer always wins
    assert await replies.reply_for(snapshot.search(VISA)) is not None


async def test_replies_do_not_fail_the_bot_when_the_database_cannot_be_read(
    tmp_path: Path,
) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'missing' / 'x.db'}")
    try:
        replies = NotOursReplies(session_factory(engine), QuestionKeys())
        assert await replies.match(VISA) is None
    finally:
        await engine.dispose()
