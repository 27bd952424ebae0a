"""Life events end to end: the citizen tells of a birth or a death, gets the procedures in
order as buttons, and a button opens that procedure's card (real PTB Application against
the fake Telegram server)."""

from __future__ import annotations

from procedures_catalog.life_events import load_bundled_life_events
from sandbox.telegram_client import ChatMessage
from tests.helpers.botrig import BotRig, running_bot

USER = 7101


def _steps(event_id: str) -> list[str]:
    event = next(e for e in load_bundled_life_events() if e.id == event_id)
    return [step.code for step in event.steps]


async def _ask(rig: BotRig, text: str, **kwargs: object) -> ChatMessage:
    replies = await rig.send(USER, text, **kwargs)
    assert replies.messages, f"no reply to {text!r}"
    return replies.last


async def _press_first(rig: BotRig, card: ChatMessage) -> ChatMessage:
    """Press the first step: its card comes as a new message and the steps stay as sent."""
    replies = await rig.press(USER, index=0, message_id=card.message_id)
    assert replies.messages, "nothing happened after pressing the first step"
    opened = replies.last
    assert opened.message_id != card.message_id and not opened.edited
    return opened


def _assert_in_order(card: ChatMessage, codes: list[str]) -> None:
    positions = [card.body.index(f"({code})") for code in codes]
    assert positions == sorted(positions), card.body
    assert [b.callback_data for b in card.buttons] == [f"n:{code}" for code in codes]
    labels = [text for row in card.button_texts for text in row]
    assert [label.split(".")[0] for label in labels] == [str(n) for n in range(1, len(codes) + 1)]


async def test_a_birth_in_vietnamese(database_url: str) -> None:
    codes = _steps("birth")
    async with running_bot(database_url) as rig:
        card = await _ask(rig, "vo em moi de, can lam giay to gi cho chau")
        assert "em bé" in card.body and "theo thứ tự" in card.body
        _assert_in_order(card, codes)
        opened = await _press_first(rig, card)
        assert rig.state.api_errors == []
    assert "Liên thông đăng ký khai sinh, đăng ký thường trú" in opened.body
    assert codes[0] in opened.body and "Mã thủ tục" in opened.body


async def test_a_death_in_vietnamese(database_url: str) -> None:
    codes = _steps("death")
    async with running_bot(database_url) as rig:
        card = await _ask(rig, "bố tôi mất")
        assert "chia buồn" in card.body
        _assert_in_order(card, codes)
        assert card.body.index("Đăng ký khai tử") < card.body.index("Xóa đăng ký thường trú")
        opened = await _press_first(rig, card)
        assert rig.state.api_errors == []
    assert "Đăng ký khai tử" in opened.body and "1.000656" in opened.body


async def test_a_birth_in_english(database_url: str) -> None:
    codes = _steps("birth")
    async with running_bot(database_url) as rig:
        await _ask(rig, "/lang en")
        card = await _ask(rig, "we just had a baby")
        assert "A new baby" in card.body and "in order" in card.body
        _assert_in_order(card, codes)
        opened = await _press_first(rig, card)
    assert "Combined birth registration" in opened.body and "Procedure code" in opened.body


async def test_a_death_in_english(database_url: str) -> None:
    codes = _steps("death")
    async with running_bot(database_url) as rig:
        card = await _ask(rig, "my father passed away", language_code="en")
        assert "condolences" in card.body
        _assert_in_order(card, codes)
        assert card.body.index("Death registration") < card.body.index("permanent residence")
        opened = await _press_first(rig, card)
    assert "Death registration" in opened.body and "Procedure code" in opened.body


async def test_a_named_procedure_or_a_confident_answer_keeps_the_search_reply(
    database_url: str,
) -> None:
    async with running_bot(database_url) as rig:
        # a procedure and no situation: the search's reply (a card or a question back)
        named = await _ask(rig, "làm giấy khai sinh cần gì")
        # a situation, but the search answers confidently: its card
        confident = await _ask(rig, "mẹ tôi mất, làm khai tử ở đâu")
    assert "theo thứ tự" not in named.body
    assert "theo thứ tự" not in confident.body
    assert "Mã thủ tục" in confident.body and "1.000656" in confident.body
