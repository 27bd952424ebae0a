"""Plain-word clarifying questions end to end: the search asks back between siblings, the
bot asks one plain question ("how old is the person?") with one button per answer, and one
tap opens the right card (real PTB Application against the fake Telegram server)."""

from __future__ import annotations

from bot.clarify import Clarifier
from procedures_catalog.clarify import ClarifyAttribute, ClarifyOption, Label, Question
from sandbox.telegram_client import ChatMessage
from tests.helpers.botrig import BotRig, running_bot

USER = 7301
AGE_VI = "Người cần làm thẻ căn cước bao nhiêu tuổi?"
AGE_EN = "How old is the person the ID card is for?"


async def _ask(rig: BotRig, text: str, **kwargs: object) -> ChatMessage:
    replies = await rig.send(USER, text, **kwargs)
    assert replies.messages, f"no reply to {text!r}"
    return replies.last


async def _press(rig: BotRig, label: str, message: ChatMessage) -> ChatMessage:
    """Press a button by its text; the answer replaces the question in the same message."""
    replies = await rig.press(USER, label, message.message_id)
    assert replies.messages, f"nothing happened after pressing {label!r}"
    shown = replies.last
    assert shown.message_id == message.message_id and shown.edited
    return shown


def _labels(message: ChatMessage) -> list[str]:
    return [text for row in message.button_texts for text in row]


def _data(message: ChatMessage) -> list[str]:
    return [b.callback_data or "" for b in message.buttons]


async def test_a_child_s_id_card_in_vietnamese(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        question = await _ask(rig, "làm căn cước cho con")
        assert AGE_VI in question.body and "Bấm câu trả lời" in question.body
        assert question.html and f"<b>{AGE_VI}</b>" in question.html
        assert _labels(question) == [
            "Dưới 14 tuổi",
            "Từ đủ 14 tuổi trở lên",
            "Không phải các thủ tục trên",
        ]
        assert _data(question)[:2] == ["p:1.014062", "p:1.014061"]
        assert _data(question)[2].startswith("x:")
        card = await _press(rig, "Dưới 14 tuổi", question)
        assert rig.state.api_errors == []
    assert "Cấp thẻ căn cước cho người dưới 14 tuổi" in card.body
    assert "1.014062" in card.body and "Mã thủ tục" in card.body


async def test_a_child_s_id_card_in_english(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        await _ask(rig, "/lang en")
        question = await _ask(rig, "làm căn cước cho con")
        assert AGE_EN in question.body and "Tap the answer" in question.body
        assert _labels(question) == ["Under 14", "14 or older", "None of these"]
        card = await _press(rig, "14 or older", question)
        assert rig.state.api_errors == []
    assert "ID card (thẻ căn cước) for people aged 14 and over" in card.body
    assert "1.014061" in card.body and "Procedure code" in card.body


async def test_an_answer_with_several_procedures_asks_again(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        question = await _ask(rig, "ID card for my child", language_code="en")
        assert "first ID card" in question.body
        assert _labels(question)[:3] == [
            "First card",
            "The old card was lost or damaged",
            "The old card expired or its details changed",
        ]
        first, lost, expired = _data(question)[:3]
        assert first.startswith("q:can-cuoc-lan-dau:0:") and len(first.encode()) <= 64
        assert (lost, expired) == ("p:1.014064", "p:1.014063")
        ages = await _press(rig, "First card", question)
        assert AGE_EN in ages.body
        assert _labels(ages) == ["Under 14", "14 or older", "None of these"]
        card = await _press(rig, "Under 14", ages)
        assert rig.state.api_errors == []
    assert "ID card for children under 14" in card.body and "1.014062" in card.body


async def test_offered_procedures_no_answer_covers_stay_as_titles(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        question = await _ask(rig, "khai tử")
        labels = _labels(question)
        assert "khai tử lần đầu" in question.body
        assert "ở cuối danh sách" in question.body
        assert labels[:3] == [
            "Khai tử lần đầu",
            "Chỉ cần bản sao trích lục khai tử",
            "Đăng ký lại: giấy tờ khai tử và sổ gốc đều mất",
        ]
        assert "Đăng ký khai tử lưu động" in labels and labels[-1] == "Không phải các thủ tục trên"
        card = await _press(rig, "Đăng ký khai tử lưu động", question)
        assert rig.state.api_errors == []
    assert "1.000419" in card.body and "Mã thủ tục" in card.body


async def test_without_a_fitting_question_the_titles_stay(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        question = await _ask(rig, "sửa ngày sinh sai trong giấy khai sinh")
    assert "thủ tục nào" in question.body
    assert all(d.startswith(("p:", "x:")) for d in _data(question))


def _swap(rig: BotRig, clarifier: Clarifier) -> None:
    rig.application.bot_data.services.clarify = clarifier


async def test_a_stale_answer_button_says_so(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        question = await _ask(rig, "căn cước cho trẻ em")
        assert "lần đầu" in question.body
        _swap(rig, Clarifier([]))  # the questions changed since the button was sent
        pressed = await rig.client.press_button(USER, "Làm lần đầu", question.message_id)
        answer = await rig.client.callback_answer(pressed.callback_query_id)
        assert answer and "đã cũ" in (answer.get("text") or "")
        assert answer.get("show_alert")


async def test_an_answer_nothing_tells_apart_lists_its_titles(database_url: str) -> None:
    both = ClarifyAttribute(
        id="test-both",
        question=Question(vi="Lần đầu hay làm lại?", en="First or again?"),
        options=[
            ClarifyOption(label=Label(vi="Lần đầu", en="First"), codes=["1.014061", "1.014062"]),
            ClarifyOption(label=Label(vi="Làm lại", en="Again"), codes=["1.014064"]),
        ],
    )
    async with running_bot(database_url) as rig:
        _swap(rig, Clarifier([both]))
        question = await _ask(rig, "căn cước cho trẻ em")
        assert "Lần đầu hay làm lại?" in question.body
        listed = await _press(rig, "Lần đầu", question)
        assert "thủ tục nào" in listed.body
        assert _data(listed)[:2] == ["p:1.014061", "p:1.014062"]
        card = await _press(rig, _labels(listed)[0], listed)
        assert rig.state.api_errors == []
    assert "1.014061" in card.body
