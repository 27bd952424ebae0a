"""Inline mode: `@bot question` in any chat offers procedure cards to share."""

from __future__ import annotations

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)

from bot.render.html_split import split_html
from bot.render.localized import summary, title
from bot.render.procedure import render_card
from bot.telegram.context import BotContext
from bot.texts import normalize_lang
from handlers.start import deep_link_payload

MAX_INLINE_RESULTS = 8


async def on_inline_query(update: Update, context: BotContext) -> None:
    query = update.inline_query
    if query is None:
        return
    lang = normalize_lang(query.from_user.language_code)
    texts = context.services.texts
    catalog = context.services.catalog.current  # search and cards from one version
    results = []
    if query.query.strip():
        outcome = catalog.search(query.query, top=MAX_INLINE_RESULTS)
        for found in outcome.results:
            procedure = catalog.get(found.code)
            if procedure is None:
                continue
            link = f"https://t.me/{context.bot.username}?start={deep_link_payload(procedure.code)}"
            results.append(
                InlineQueryResultArticle(
                    id=procedure.code,
                    title=title(procedure, lang),
                    description=summary(procedure, lang)[:200],
                    input_message_content=InputTextMessageContent(
                        split_html(render_card(procedure, lang, texts))[0]
                    ),
                    reply_markup=InlineKeyboardMarkup(
                        [[InlineKeyboardButton(texts.get(lang, "inline_open"), url=link)]]
                    ),
                )
            )
    await query.answer(results, cache_time=60, is_personal=False)
