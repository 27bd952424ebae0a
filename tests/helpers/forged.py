"""Press a button carrying any callback data, as a modified client can.

Telegram does not check that pressed data is the data of a button the bot sent. The fake
server only lets a user press buttons that exist, so the test makes the bot itself post a
button with the forged data (through its real Bot API client) and the user presses that.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from sandbox.telegram_client import ButtonPress
from tests.helpers.botrig import BotRig

JSON = dict[str, Any]


async def forged_press(
    rig: BotRig, user_id: int, data: str, *, chat_id: int | None = None
) -> tuple[ButtonPress, JSON | None]:
    """`user_id` presses a button with callback `data` in `chat_id` (their private chat by
    default, which they must have written to); the press and the bot's answer to it (None
    when the bot never answered)."""
    chat = chat_id or user_id
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("·", callback_data=data)]])
    sent = await rig.application.bot.send_message(chat, "·", reply_markup=markup)
    pressed = await rig.client.press_button(
        user_id, message_id=sent.message_id, chat_id=chat, data=data
    )
    await rig.settled(pressed)
    return pressed, await rig.client.callback_answer(pressed.callback_query_id, timeout=2.0)
