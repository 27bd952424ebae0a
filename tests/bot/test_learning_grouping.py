"""Grouping what citizens asked: same question merged, similar ones clustered, decided ones
set aside; deterministic, numbers never shown."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from bot.learning.grouping import LoggedText, group_id, group_questions
from bot.learning.keys import QuestionKeys, comparable
from bot.learning.triage import TriageAction, TriageRecord

T0 = datetime(2026, 12, 1, 8, tzinfo=UTC)
KEYS = QuestionKeys()


def row(text: str, none: int = 1, clarify: int = 0, disliked: int = 0, day: int = 0) -> LoggedText:
    at = T0 + timedelta(days=day)
    return LoggedText(text, none, clarify, disliked, at, at + timedelta(hours=1))


def decision(rid: int, action: TriageAction, *members: str) -> TriageRecord:
    return TriageRecord(
        id=rid,
        group_key=members[0],
        action=action,
        members=members,
        reply_vi="Không phải thủ tục của chúng tôi.",
        reply_en="",
        procedure_code=None,
        catalog_version=None,
        actor="tg:1",
        active=True,
        created_at=T0,
    )


def test_content_key_drops_accents_case_fillers_and_masked_numbers() -> None:
    a = KEYS.key("Cho em hỏi thủ tục ly hôn thuận tình ạ?")
    assert a == KEYS.key("ly hon thuan tinh") == "li hon thuan tinh"
    assert KEYS.key("làm lại căn cước số [số giấy tờ]") == KEYS.key("lam lai can cuoc so")
    assert KEYS.key("cho em hỏi") != ""  # fillers only: the words are kept
    assert KEYS.key("???") == ""
    assert comparable("visa nhat visa") == "nhat visa"


def test_spellings_of_one_question_add_up_with_first_and_last_dates() -> None:
    grouping = group_questions(
        [
            row("Xin visa đi Nhật", none=3, day=2),
            row("xin visa di nhat", none=1, clarify=2, day=0),
            row("cho em hỏi xin visa đi Nhật ạ", disliked=1, none=0, day=5),
        ],
        KEYS,
    )
    (group,) = grouping.open
    assert (group.count, group.none, group.clarify, group.disliked) == (7, 4, 2, 1)
    assert group.first == T0 and group.last == T0 + timedelta(days=5, hours=1)
    assert group.label == "Xin visa đi Nhật"  # the most frequent spelling
    assert [e.count for e in group.examples] == [3, 3, 1]
    assert group.gid == group_id(group.key)


def test_similar_questions_are_one_group_and_different_ones_are_not() -> None:
    grouping = group_questions(
        [
            row("làm giấy chào đời cho con", none=5),
            row("lam giay chao doi cho con a", none=2),  # the same words
            row("giấy chào đời cho con trai", none=1),  # one word more
            row("thủ tục ly hôn thuận tình", none=4),
            row("ly hôn thuận tình cần giấy tờ gì", none=1),
            row("đổi bằng lái xe quốc tế", none=3),
            row("đổi bằng lái xe", none=2),
        ],
        KEYS,
    )
    counts = sorted((g.count, len(g.members)) for g in grouping.open)
    assert counts == [(2, 1), (3, 1), (5, 1), (8, 2)]
    biggest = grouping.open[0]
    assert biggest.key == KEYS.key("làm giấy chào đời cho con") == "giay doi con"
    assert biggest.members[1] == KEYS.key("giấy chào đời cho con trai")


def test_groups_are_stars_around_the_most_asked_question_not_chains() -> None:
    # b is close to a and to c, but a and c are not close: c leads its own group
    a, b, c = "xin visa di han", "xin visa di nhat", "xin visa sang nhat ban"
    grouping = group_questions([row(a, none=5), row(b, none=3), row(c, none=1)], KEYS)
    assert [len(g.members) for g in grouping.open] == [2, 1]
    assert grouping.open[1].key == KEYS.key(c)


def test_same_input_in_any_order_gives_the_same_groups() -> None:
    rows = [
        row(f"câu hỏi số {w} về {topic}", none=1 + i % 3)
        for i, (w, topic) in enumerate(
            (w, t) for w in ("một", "hai", "ba") for t in ("visa", "ly hôn", "sổ đỏ", "lao động")
        )
    ]
    first = group_questions(rows, KEYS)
    shuffled = rows[:]
    random.Random(7).shuffle(shuffled)
    again = group_questions(shuffled, KEYS)
    assert [(g.gid, g.members, g.count) for g in first.open] == [
        (g.gid, g.members, g.count) for g in again.open
    ]


def test_decided_questions_leave_the_open_list_also_when_spelled_a_bit_differently() -> None:
    visa = KEYS.key("xin visa đi Nhật")
    grouping = group_questions(
        [
            row("xin visa đi Nhật", none=4),
            row("xin visa đi Nhật Bản", none=2),
            row("ly hôn", none=1),
        ],
        KEYS,
        [decision(9, TriageAction.NOT_OURS, visa)],
    )
    assert [g.key for g in grouping.open] == [KEYS.key("ly hôn")]
    (handled,) = grouping.handled
    assert handled.triage is not None and handled.triage.id == 9
    assert handled.count == 6 and handled.gid == "t9"
    assert grouping.find("t9") is handled


def test_only_the_most_frequent_keys_are_clustered_the_rest_is_counted() -> None:
    rows = [row(f"thủ tục {w}", none=n) for n, w in ((5, "visa"), (3, "ly hôn"), (1, "sổ đỏ"))]
    grouping = group_questions(rows, KEYS, limit=2)
    assert [g.count for g in grouping.open] == [5, 3]
    assert (grouping.left_out_keys, grouping.left_out_questions) == (1, 1)


def test_examples_never_show_an_id_or_phone_number() -> None:
    # the log masks numbers already; a row written before that rule is masked on display
    grouping = group_questions([row("làm lại căn cước 012345678901 gọi 0912345678")], KEYS)
    shown = " ".join(e.text for e in grouping.open[0].examples)
    assert "012345678901" not in shown and "0912345678" not in shown
    assert "[số giấy tờ]" in shown and "[số điện thoại]" in shown
