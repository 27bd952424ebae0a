"""Scripted citizens for end-to-end tests: each one sends ten updates, one at a time, and
checks that each is answered by exactly one message, in the language the citizen chose.

A :class:`Citizen` talks to the fake Telegram server through its control API, so it works
against any bot behind it (polling or webhook, one instance or several). It records what a
test checks afterwards: the update ids in order, which updates switched the language and
which came next, which asked for the owner's ID number and which answered it, the messages
that held an ID number (the bot must delete them), the button presses (each must be
answered) and the dossiers followed.

The four plans (:data:`PLANS`) mix `/start`, questions, `/lang`, `/status CODE` and the
owner's ID number (plain, with hyphens, spaces or dots, in a sentence, once wrong first),
`/follow CODE`, the menu's "check a dossier" button, the card's 🔔 button and `/mine`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from sandbox.telegram_client import ChatMessage, TelegramSandboxClient

# bot/flood.py's defaults: 8 updates at once, then one every 2 s, per user and per process.
# Pacing a citizen to stay within them *on one process* keeps the test independent of how
# the load balancer happens to spread one citizen's updates.
FLOOD_BURST = 8
FLOOD_INTERVAL_S = 2.0
FLOOD_MARGIN_S = 0.5
REPLY_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class Said:
    """What the bot's answer contains, in Vietnamese and in English."""

    vi: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en


WELCOME = Said("Tôi là trợ lý dịch vụ công", "I am a public-service assistant")
GREETING = Said("Bạn cần làm thủ tục gì?", "Which procedure do you need?")
CARD = Said("Mã thủ tục: 1.014064", "Procedure code: 1.014064")
LANG_SET = Said("Đã chuyển sang Tiếng Việt", "Switched to English")
ASK_OWNER = Said("số CCCD/hộ chiếu/mã số thuế của chủ hồ sơ", "ID card, passport or tax number")
ASK_FOLLOW_OWNER = Said("Để theo dõi hồ sơ này", "To follow this dossier")
ASK_CODE = Said("Bạn gửi mã hồ sơ", "Please send the dossier code")
MISMATCH = Said("không khớp", "does not match")
PROCESSING = Said("Đang xử lý", "Being processed")
FOLLOWED = Said("Đã theo dõi hồ sơ", "You are now following")
MINE_TWO = Said("Hồ sơ bạn đang theo dõi (2/", "Dossiers you follow (2/")
BTN_FOLLOW = Said("🔔 Theo dõi hồ sơ này", "🔔 Follow this dossier")
BTN_CHECK = Said("📋 Tra cứu hồ sơ", "📋 Check a dossier")
BTN_MINE = Said("📌 Hồ sơ tôi theo dõi", "📌 My dossiers")
QUESTION = "làm lại căn cước bị mất"
WRONG_ID = "0123-4567-8901"  # a well-formed ID number that is nobody's


@dataclass(frozen=True)
class Dossier:
    code: str
    owner_id: str  # 12 digits


def spelled(number: str, separator: str) -> str:
    """``038095000042`` → ``038-095-000-042``."""
    return separator.join(number[i : i + 3] for i in range(0, len(number), 3))


@dataclass
class Citizen:
    """One user in a private chat with the bot."""

    user_id: int
    client: TelegramSandboxClient
    lang: str = "vi"
    update_ids: list[int] = field(default_factory=list)
    lang_switches: list[tuple[int, int]] = field(default_factory=list)  # /lang, next update
    owner_steps: list[tuple[int, int]] = field(default_factory=list)  # ask, answer with ID
    id_messages: list[int] = field(default_factory=list)
    presses: list[str] = field(default_factory=list)
    followed: set[str] = field(default_factory=set)
    _started: float | None = None
    _switched: int | None = None
    _asked: int | None = None
    _lang_of: dict[int, str] = field(default_factory=dict)

    async def say(self, text: str, expect: Said, *, holds_id: bool = False) -> ChatMessage:
        """Send `text`; the one answer, which must contain `expect` in the current language."""
        await self._pace()
        sent = await self.client.send_text(self.user_id, text)
        assert sent.update_id is not None
        if holds_id:
            self.id_messages.append(sent.message_id)
            if self._asked is not None:
                self.owner_steps.append((self._asked, sent.update_id))
        return await self._answer(sent.update_id, sent.marker, expect, text)

    async def press(self, label: Said, on: ChatMessage, expect: Said) -> ChatMessage:
        """Press the button `label` (as shown when `on` was sent) on message `on`."""
        await self._pace()
        text = label(self._lang_of[on.message_id])
        pressed = await self.client.press_button(self.user_id, text, on.message_id)
        self.presses.append(pressed.callback_query_id)
        return await self._answer(pressed.update_id, pressed.marker, expect, text)

    async def _pace(self) -> None:
        loop = asyncio.get_running_loop()
        if self._started is None:
            self._started = loop.time()
        over = len(self.update_ids) + 1 - FLOOD_BURST
        due = self._started + FLOOD_INTERVAL_S * over + FLOOD_MARGIN_S
        if over > 0 and due > loop.time():
            await asyncio.sleep(due - loop.time())

    async def _answer(self, update_id: int, marker: int, expect: Said, what: str) -> ChatMessage:
        self.update_ids.append(update_id)
        if self._switched is not None:
            self.lang_switches.append((self._switched, update_id))
            self._switched = None
        replies = await self.client.wait_for_replies(
            self.user_id, after=marker, min_count=1, quiet=0, timeout=REPLY_TIMEOUT_S
        )
        assert not replies.timed_out, f"user {self.user_id}: no answer to {what!r}"
        answers = [m for m in replies.messages if m.from_bot]
        assert len(answers) == 1, (self.user_id, what, [m.body[:80] for m in answers])
        answer = answers[0]
        wanted = expect(self.lang)
        assert wanted in answer.body, (self.user_id, what, self.lang, answer.body[:300])
        self._lang_of[answer.message_id] = self.lang
        self._asked = update_id if expect in (ASK_OWNER, ASK_FOLLOW_OWNER, MISMATCH) else None
        if expect is LANG_SET:
            self._switched = update_id
        return answer

    async def switch(self, lang: str | None) -> None:
        """`/lang en`, `/lang vi`, or `/lang` alone (toggles)."""
        new = lang or ("en" if self.lang == "vi" else "vi")
        self.lang = new
        await self.say(f"/lang {lang}" if lang else "/lang", LANG_SET)

    async def follow_with_id(self, dossier: Dossier, spelling: str) -> None:
        await self.say(f"/follow {dossier.code}", ASK_FOLLOW_OWNER)
        answer = await self.say(spelling, FOLLOWED, holds_id=True)
        assert dossier.code in answer.body
        self.followed.add(dossier.code)

    async def status_card(self, dossier: Dossier, spelling: str) -> ChatMessage:
        card = await self.say(spelling, PROCESSING, holds_id=True)
        assert dossier.code in card.body
        return card

    async def follow_from(self, card: ChatMessage, dossier: Dossier) -> None:
        answer = await self.press(BTN_FOLLOW, card, FOLLOWED)
        assert dossier.code in answer.body
        self.followed.add(dossier.code)


async def card_first(c: Citizen, own: Dossier, other: Dossier) -> None:
    await c.say("/start", WELCOME)
    await c.say(QUESTION, CARD)
    await c.say(f"/status {own.code}", ASK_OWNER)
    card = await c.status_card(own, spelled(own.owner_id, "-"))
    await c.follow_from(card, own)
    await c.switch("en")
    await c.say("xin chào", GREETING)
    await c.follow_with_id(other, spelled(other.owner_id, " "))
    await c.say("/mine", MINE_TWO)


async def english_early(c: Citizen, own: Dossier, other: Dossier) -> None:
    await c.say("xin chào", GREETING)
    await c.switch("en")
    await c.say(f"/status {own.code}", ASK_OWNER)
    card = await c.status_card(own, own.owner_id)
    await c.switch("vi")
    await c.follow_from(card, own)  # a card shown in English, the answer in Vietnamese
    await c.follow_with_id(other, f"CCCD của mẹ em là {spelled(other.owner_id, ' ')} ạ")
    welcome = await c.say("/start", WELCOME)
    await c.press(BTN_MINE, welcome, MINE_TWO)


async def wrong_number_first(c: Citizen, own: Dossier, other: Dossier) -> None:
    welcome = await c.say("/start", WELCOME)
    await c.press(BTN_CHECK, welcome, ASK_CODE)
    await c.say(own.code, ASK_OWNER)
    await c.say(WRONG_ID, MISMATCH, holds_id=True)
    card = await c.status_card(own, spelled(own.owner_id, "."))
    await c.switch(None)
    await c.follow_from(card, own)
    await c.follow_with_id(other, spelled(other.owner_id, "-"))
    await c.say(QUESTION, CARD)


async def follow_first(c: Citizen, own: Dossier, other: Dossier) -> None:
    await c.follow_with_id(other, other.owner_id)
    await c.switch("en")
    await c.say("/start", WELCOME)
    await c.say(f"/status {own.code}", ASK_OWNER)
    card = await c.status_card(own, spelled(own.owner_id, " "))
    await c.follow_from(card, own)
    await c.switch("vi")
    await c.say("/mine", MINE_TWO)
    await c.say("xin chào", GREETING)


Plan = Callable[[Citizen, Dossier, Dossier], Coroutine[Any, Any, None]]
PLANS: tuple[Plan, ...] = (card_first, english_early, wrong_number_first, follow_first)
UPDATES_PER_PLAN = 10
