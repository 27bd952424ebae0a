"""Callback data cannot be forged into harm: another user's query-log id records nothing,
numbers of any size are answered without a traceback, a tick index past the procedure's
documents stores nothing, and every press (even data no button ever had) is answered."""

from __future__ import annotations

import logging

import pytest

from bot.db.models import ChecklistTick, Feedback
from bot.flood import FloodLimiter
from handlers.callbacks import CallbackKind, decode
from sandbox.telegram_client import ChatMessage
from tests.helpers.botrig import BotRig, running_bot
from tests.helpers.db import count_rows
from tests.helpers.forged import forged_press

ASKER = 9101
FORGER = 9102
QUESTION = "làm lại căn cước bị mất"
INVALID = "Nút này không còn hiệu lực."
BIG = "99999999999999999999"
APOLOGY = "Xin lỗi, đã có lỗi xảy ra"


def feedback_data(card: ChatMessage) -> tuple[str, str]:
    """(procedure code, query-log id) of a card's 👎 button."""
    data = next(b.callback_data for b in card.buttons if b.text.startswith("👎"))
    callback = decode(data)
    assert callback is not None and callback.kind is CallbackKind.FEEDBACK
    code, log_id, _ = callback.args
    return code, log_id


def errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


async def card_for(rig: BotRig, user: int) -> ChatMessage:
    return (await rig.send(user, QUESTION)).last


async def test_feedback_with_someone_elses_log_id_records_nothing(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        code, their_log = feedback_data(await card_for(rig, ASKER))
        _, own_log = feedback_data(await card_for(rig, FORGER))
        assert their_log != own_log
        pressed, answer = await forged_press(rig, FORGER, f"f:{code}:{their_log}:0")
        assert answer is not None and answer["text"] == INVALID
        shown = await rig.replies(pressed, FORGER)
        assert shown.messages == []  # no procedures derived from the other user's question
        # the presser's own button still works
        _, answer = await forged_press(rig, FORGER, f"f:{code}:{own_log}:1")
        assert answer is not None and "Cảm ơn" in answer["text"]
    assert await count_rows(database_url, Feedback) == 1


async def test_feedback_on_anothers_answer_in_a_group_is_refused_politely(
    database_url: str,
) -> None:
    group = -100901
    async with running_bot(database_url) as rig:
        await rig.client.create_group(group, "Tổ dân phố")
        username = rig.application.bot.username
        card = (await rig.send(ASKER, f"@{username} {QUESTION}", chat_id=group)).last
        pressed = await rig.client.press_button(FORGER, "👍", card.message_id, chat_id=group)
        await rig.settled(pressed)
        answer = await rig.client.callback_answer(pressed.callback_query_id)
        assert answer is not None and "Chỉ người đã hỏi" in answer["text"]
        pressed = await rig.client.press_button(ASKER, "👍", card.message_id, chat_id=group)
        await rig.settled(pressed)
        answer = await rig.client.callback_answer(pressed.callback_query_id)
        assert answer is not None and "Cảm ơn" in answer["text"]
    assert await count_rows(database_url, Feedback) == 1


async def test_huge_numbers_in_every_kind_of_data_are_answered_without_error(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR)
    async with running_bot(database_url) as rig:
        rig.application.bot_data.services.flood = FloodLimiter(burst=10_000)
        code, _ = feedback_data(await card_for(rig, ASKER))
        shapes = [
            [BIG],
            [code, BIG],
            [code, BIG, "1"],
            ["age", BIG, BIG],
            [BIG, BIG, BIG],
            ["-1"],
            [code, "²"],
        ]
        for kind in CallbackKind:
            for args in shapes:
                data = ":".join([kind, *args])
                pressed, answer = await forged_press(rig, ASKER, data)
                assert answer is not None, data
                texts = (await rig.replies(pressed, ASKER)).texts
                assert not any(APOLOGY in text for text in texts), data
        assert rig.state.api_errors == []
    assert errors(caplog) == []
    assert await count_rows(database_url, Feedback) == 0
    assert await count_rows(database_url, ChecklistTick) == 0


async def test_a_tick_past_the_documents_stores_nothing(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        card = await card_for(rig, ASKER)
        code, _ = feedback_data(card)
        procedure = rig.application.bot_data.services.catalog.get(code)
        assert procedure is not None and procedure.documents
        count = len(procedure.documents)
        for index in (count, count + 1, 2**31, int(BIG)):
            _, answer = await forged_press(rig, ASKER, f"k:{code}:{index}")
            assert answer is not None and answer["text"] == INVALID, index
        assert await count_rows(database_url, ChecklistTick) == 0
        _, answer = await forged_press(rig, ASKER, f"k:{code}:{count - 1}")  # the last one
        assert answer is not None and answer.get("text") is None
    assert await count_rows(database_url, ChecklistTick) == 1


@pytest.mark.parametrize(
    "data", ["zzz", "no colon at all", "ü:1", "p", ":", "f:", "m:nothing", "g:2", "x:1:2"]
)
async def test_data_no_button_makes_is_no_longer_valid(database_url: str, data: str) -> None:
    async with running_bot(database_url) as rig:
        await rig.send(ASKER, "/start")
        pressed, answer = await forged_press(rig, ASKER, data)
        assert answer is not None and answer["text"] == INVALID and answer["show_alert"]
        assert (await rig.replies(pressed, ASKER)).texts == []
