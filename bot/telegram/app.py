"""The composition root: `build_application(settings)` wires every service and handler.

This is the only place where handlers, jobs and the error handler are registered. Handler
groups make the order explicit:

* group -1: bookkeeping that must see every update (remember the user and the language);
  it never answers, so later groups still run.
* group 0: commands, buttons and inline queries, then free text last, so a command is never
  mistaken for a question.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

import httpx
from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    ApplicationBuilder,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot.config import Settings
from bot.services import build_services
from bot.telegram.context import BotContext, BotData, DvcApplication
from bot.telegram.transport import BoundedHTTPXRequest
from handlers import (
    cards,
    clarify,
    console,
    errors,
    feedback,
    following,
    inline,
    menu,
    places,
    privacy,
    questions,
    staff,
    start,
    status,
)
from handlers.callbacks import CallbackKind as Kind
from handlers.callbacks import pattern


def _request(
    settings: Settings, transport: httpx.AsyncBaseTransport | None, *, updates: bool
) -> HTTPXRequest:
    kwargs: dict[str, Any] = {"transport": transport} if transport is not None else {}
    if updates:  # one long poll at a time
        return HTTPXRequest(connection_pool_size=1, read_timeout=30.0, httpx_kwargs=kwargs)
    return BoundedHTTPXRequest(connection_pool_size=8, read_timeout=10.0, httpx_kwargs=kwargs)


def build_application(
    settings: Settings,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    portal_transport: httpx.AsyncBaseTransport | None = None,
    token: str | None = None,
    rate_limiter: bool = True,
    update_processor: BaseUpdateProcessor | None = None,
) -> DvcApplication:
    """Build the bot. The transports let tests reach the sandbox servers in process; an
    `update_processor` lets them know when an update has been handled."""
    api = settings.telegram_api_url.rstrip("/")
    builder = (
        ApplicationBuilder()
        .token(token or settings.require_token())
        .base_url(f"{api}/bot")
        .base_file_url(f"{api}/file/bot")
        .request(_request(settings, transport, updates=False))
        .get_updates_request(_request(settings, transport, updates=True))
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .context_types(ContextTypes(context=BotContext, bot_data=BotData))
        .concurrent_updates(update_processor or True)
    )
    if rate_limiter:
        # AIORateLimiter keeps to Telegram's limits and retries after a 429 (RetryAfter).
        builder = builder.rate_limiter(AIORateLimiter(max_retries=3))  # type: ignore[arg-type]
    application: DvcApplication = builder.build()
    application.bot_data.services = build_services(settings, portal_transport)
    register_handlers(application)
    return application


CATALOG_REFRESH_S = 60
#: The buttons of a procedure card, all taken by handlers/cards.py.
CARD_KINDS = (Kind.PROCEDURE, Kind.EVENT_STEP, Kind.SECTION, Kind.TICK, Kind.CHECKLIST)
ButtonCallback = Callable[[Update, BotContext], Coroutine[Any, Any, None]]


async def _refresh_catalog(context: BotContext) -> None:
    await context.services.catalog.refresh()


def register_handlers(application: DvcApplication) -> None:
    """Every handler, in the order it is consulted."""
    # Group -2/-1: bookkeeping before any answer; the flood guard stops the update early.
    application.add_handler(TypeHandler(Update, menu.flood_guard), group=-2)
    application.add_handler(TypeHandler(Update, start.remember_user), group=-1)
    # Group 0: commands first, then buttons by prefix, inline queries, and free text last.
    application.add_handler(CommandHandler("start", start.start))
    application.add_handler(CommandHandler("help", start.help_command))
    application.add_handler(CommandHandler("lang", start.switch_language))
    application.add_handler(CommandHandler("status", status.status_command))
    application.add_handler(CommandHandler("follow", following.follow_command))
    application.add_handler(CommandHandler("mine", following.mine_command))
    application.add_handler(CommandHandler("unfollow", following.unfollow_command))
    application.add_handler(CommandHandler("unanswered", staff.unanswered))
    application.add_handler(CommandHandler("stats", staff.stats))
    application.add_handler(CommandHandler("console", console.console_command))
    application.add_handler(CommandHandler("mydata", privacy.mydata))
    application.add_handler(CommandHandler("forget", privacy.forget))
    application.add_handler(CommandHandler("noio", places.noio_command))
    buttons: list[tuple[tuple[Kind, ...], ButtonCallback]] = [
        ((Kind.MENU,), menu.on_menu),
        (CARD_KINDS, cards.on_card_button),
        ((Kind.FEEDBACK,), feedback.on_feedback),
        ((Kind.NONE_OF_THESE,), feedback.on_none_of_these),
        ((Kind.CLARIFY,), clarify.on_clarify_option),
        ((Kind.FORGET,), privacy.on_forget_button),
        ((Kind.FOLLOW,), following.on_follow_button),
        ((Kind.UNFOLLOW,), following.on_unfollow_button),
        ((Kind.PLACE,), places.on_place_button),
        ((Kind.ENTER_CODE,), status.on_enter_code_button),
    ]
    for kinds, on_button in buttons:
        application.add_handler(CallbackQueryHandler(on_button, pattern=pattern(*kinds)))
    application.add_handler(InlineQueryHandler(inline.on_inline_query))
    application.add_handler(
        MessageHandler(
            filters.TEXT & ~filters.COMMAND & ~filters.UpdateType.EDITED, questions.on_text
        )
    )
    application.add_error_handler(errors.on_error)
    if application.job_queue is not None:
        application.job_queue.run_repeating(
            _refresh_catalog, interval=CATALOG_REFRESH_S, first=CATALOG_REFRESH_S, name="catalog"
        )
