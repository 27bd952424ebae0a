"""A terminal chat with the bot through the fake Telegram server (the `demo`'s front end).

The person types messages; the bot's replies are printed with their inline buttons numbered
`[1] [2] …`, and typing a number presses that button of the latest message that has
buttons. When standard input is not a terminal, each line is sent in turn, the chat waits
until the bot has finished replying, and the transcript is printed — a scriptable
conversation (`printf '/start\\n' | python run_bot.py demo`). A line `:wait N` is not sent:
it waits N seconds and shows what the bot sends on its own (notifications).

Given the bot's `UpdateTracker` (the demo runs the bot in the same process), the chat shows
the replies as soon as the bot has handled the message; otherwise it waits for the bot to
fall quiet for `REPLY_QUIET_S`.
"""

from __future__ import annotations

import asyncio
import re
import sys
from collections.abc import Iterable
from typing import TextIO

from sandbox.telegram_client import (
    ButtonPress,
    ChatMessage,
    Replies,
    SentMessage,
    TelegramSandboxClient,
)
from sandbox.update_tracker import UpdateNotProcessed, UpdateTracker

REPLY_QUIET_S = 0.6
WAIT_COMMAND = re.compile(r"^:wait\s+(\d+(?:\.\d+)?)$")
REPLY_TIMEOUT_S = 20.0


def render_message(message: ChatMessage, first_number: int) -> tuple[str, int]:
    """Plain-text rendering of one bot message; returns it and the next button number."""
    media = "[ảnh]" if message.photo else "[tệp]" if message.document else ""
    body = " ".join(part for part in (media, message.body) if part)
    lines = [("🤖 " + ("(sửa) " if message.edited else "")) + (body or "[tệp]")]
    number = first_number
    for row in message.keyboard:
        cells = []
        for button in row:
            label = f"{button.text} ↗ {button.url}" if button.url else button.text
            cells.append(f"[{number}] {label}")
            number += 1
        lines.append("    " + "   ".join(cells))
    return "\n".join(lines), number


class TerminalChat:
    """One person chatting with the bot in a private chat."""

    def __init__(
        self,
        client: TelegramSandboxClient,
        user_id: int,
        out: TextIO,
        language: str = "vi",
        tracker: UpdateTracker | None = None,
    ) -> None:
        self._client = client
        self._tracker = tracker
        self._user_id = user_id
        self._out = out
        self._language = language
        self._buttons: list[tuple[int, str]] = []  # (message_id, button text) by number - 1
        self._marker = 0

    def _show(self, replies: Replies) -> None:
        number = 1
        self._buttons = []
        for message in replies.messages:
            if message.deleted:
                continue
            text, next_number = render_message(message, number)
            for button in message.buttons:
                if button.callback_data is not None:
                    self._buttons.append((message.message_id, button.text))
                else:
                    self._buttons.append((message.message_id, ""))
            number = next_number
            print(text, file=self._out)
        if replies.timed_out and not replies.messages:
            print("🤖 (không có trả lời / no reply)", file=self._out)
        self._out.flush()

    async def say(self, line: str) -> None:
        """Send one line typed by the person: a button number or a message."""
        line = line.strip()
        if not line:
            return
        wait = WAIT_COMMAND.match(line)
        if wait:
            await self._wait(float(wait.group(1)))
            return
        print(f"👤 {line}", file=self._out)
        if line.isdigit() and 1 <= int(line) <= len(self._buttons):
            message_id, text = self._buttons[int(line) - 1]
            if not text:
                print("   (nút mở liên kết / a link button)", file=self._out)
                return
            action: SentMessage | ButtonPress = await self._client.press_button(
                self._user_id, text, message_id
            )
        else:
            action = await self._client.send_text(self._user_id, line, language_code=self._language)
        replies = await self._replies(action)
        self._marker = replies.marker
        self._show(replies)

    async def _replies(self, action: SentMessage | ButtonPress) -> Replies:
        if self._tracker is None or action.update_id is None:
            return await self._client.wait_for_replies(
                self._user_id, after=action.marker, quiet=REPLY_QUIET_S, timeout=REPLY_TIMEOUT_S
            )
        try:
            await self._tracker.processed(action.update_id, timeout=REPLY_TIMEOUT_S)
            finished = True
        except UpdateNotProcessed:
            finished = False
        replies = await self._client.replies_since(self._user_id, after=action.marker)
        replies.timed_out = not finished or not replies.messages
        return replies

    async def _wait(self, seconds: float) -> None:
        """`:wait N` (not sent to the bot): show what the bot sends on its own meanwhile,
        such as notifications about a followed dossier."""
        print(f"⏳ ({seconds:g} s)", file=self._out)
        replies = await self._client.wait_for_replies(
            self._user_id, after=self._marker, min_count=10_000, quiet=seconds, timeout=seconds
        )
        self._marker = replies.marker
        if replies.messages:
            self._show(replies)

    async def run_script(self, lines: Iterable[str]) -> None:
        for line in lines:
            await self.say(line)

    async def run_interactive(self) -> None:
        print(
            "Gõ tin nhắn, hoặc số để bấm nút; ':wait 30' để chờ thông báo; Ctrl+D để thoát.",
            file=self._out,
        )
        while True:
            try:
                line = await asyncio.to_thread(input, "> ")
            except EOFError:
                return
            await self.say(line)


async def run_terminal(
    client: TelegramSandboxClient, user_id: int = 100001, tracker: UpdateTracker | None = None
) -> None:
    chat = TerminalChat(client, user_id, sys.stdout, tracker=tracker)
    if sys.stdin.isatty():
        await chat.run_interactive()
    else:
        await chat.run_script(sys.stdin.read().splitlines())
