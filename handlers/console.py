"""/console: a staff member gets a one-time sign-in link for the staff console.

Private chats only (the link must not be seen by others); refused to everyone who is not
staff with the same text as the other staff commands. The link is made by
`bot.console_auth.ConsoleAuth` (token stored only as a hash, ten minutes, usable once,
recorded in the staff audit); it is not in the public command menu.
"""

from __future__ import annotations

from telegram import LinkPreviewOptions, Update
from telegram.constants import ChatType

from bot.telegram.context import BotContext
from handlers.common import asker


async def console_command(update: Update, context: BotContext) -> None:
    asked = await asker(update, context)
    if asked is None:
        return
    services = context.services
    texts = services.texts
    if asked.message.chat.type != ChatType.PRIVATE:
        await asked.message.reply_text(texts.get(asked.lang, "con_tg_private_only"))
        return
    token = await services.console_auth.create_link(asked.user.id)
    if token is None:
        await asked.message.reply_text(texts.get(asked.lang, "staff_only"))
        return
    minutes = int(services.console_auth.link_ttl.total_seconds() // 60)
    url = f"{services.settings.console_url}/signin/{token}"
    await asked.message.reply_text(
        texts.get(asked.lang, "con_tg_link", url=url, minutes=minutes),
        link_preview_options=LinkPreviewOptions(is_disabled=True),
    )
