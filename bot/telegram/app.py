"""The composition root: `build_application(settings)` wires every service and handler.

This is the only place where handlers, jobs and the error handler are registered. Handler
groups make the order explicit:

* groups -3 and -2: bookkeeping that must see every update (the flood guard, which may
  stop it; remembering the user and the language), never answering, so later groups run.
* group -1: hand-offs to staff (handlers/handoff.py, handlers/support.py): a citizen's
  message while a hand-off is open goes to the support group's topic, and what staff write
  there goes to the citizen; both stop the update, so it is never taken as a question. The
  support group's other messages stop here too.
* group 0: commands, buttons and inline queries, then free text last, so a command is never
  mistaken for a question.
* group FALLBACK_GROUP (lowest priority): a button or a command that no handler of groups
  0 … FALLBACK_GROUP - 1 takes, wherever those are registered (bot/telegram/fallback.py),
  gets "no longer valid" or the pointer to /help (handlers/fallbacks.py).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

import httpx
from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (
    ApplicationBuilder,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    ExtBot,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot.config import Settings
from bot.services import build_services
from bot.telegram.context import BotContext, BotData, DvcApplication
from bot.telegram.fallback import Unclaimed
from bot.telegram.ratelimit import PriorityRateLimiter
from bot.telegram.transport import BoundedHTTPXRequest
from bot.telegram.updates import SkippingBot
from handlers import (
    cards,
    clarify,
    console,
    errors,
    fallbacks,
    feedback,
    following,
    handoff,
    inline,
    menu,
    places,
    privacy,
    questions,
    staff,
    start,
    status,
    support,
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
    # The bot is built here, not by the builder, to be a SkippingBot (an update the library
    # cannot read is skipped instead of stopping polling: bot/telegram/updates.py).
    bot: ExtBot[None] = SkippingBot(
        token=token or settings.require_token(),
        base_url=f"{api}/bot",
        base_file_url=f"{api}/file/bot",
        request=_request(settings, transport, updates=False),
        get_updates_request=_request(settings, transport, updates=True),
        defaults=Defaults(
            parse_mode=ParseMode.HTML,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
        ),
        # Telegram's limits, answers before notifications, retries after a 429 (RetryAfter):
        # bot/telegram/ratelimit.py.
        rate_limiter=PriorityRateLimiter(max_retries=3) if rate_limiter else None,
    )
    builder = (
        ApplicationBuilder()
        .bot(bot)
        .context_types(ContextTypes(context=BotContext, bot_data=BotData))
        .concurrent_updates(update_processor or True)
    )
    application: DvcApplication = builder.build()
    application.bot_data.services = build_services(settings, portal_transport)
    register_handlers(application)
    return application


CATALOG_REFRESH_S = 60
FALLBACK_GROUP = 100
#: Messages without text: a caption may be a question; else "I read text" (privately).
MEDIA = (
    filters.PHOTO
    | filters.Document.ALL
    | filters.Sticker.ALL
    | filters.VOICE
    | filters.AUDIO
    | filters.VIDEO
    | filters.VIDEO_NOTE
    | filters.ANIMATION
    | filters.CONTACT
    | filters.LOCATION
    | filters.POLL
    | filters.Dice.ALL
)
#: The buttons of a procedure card, all taken by handlers/cards.py.
CARD_KINDS = (Kind.PROCEDURE, Kind.EVENT_STEP, Kind.SECTION, Kind.TICK, Kind.CHECKLIST)
ButtonCallback = Callable[[Update, BotContext], Coroutine[Any, Any, None]]


async def _refresh_catalog(context: BotContext) -> None:
    await context.services.catalog.refresh()


def register_handlers(application: DvcApplication) -> None:
    """Every handler, in the order it is consulted."""
    # Groups -3/-2: bookkeeping before any answer; the flood guard stops the update early.
    application.add_handler(TypeHandler(Update, menu.flood_guard), group=-3)
    application.add_handler(TypeHandler(Update, start.remember_user), group=-2)
    # Group -1: relays of open hand-offs (both stop the update when they take it).
    application.add_handler(
        MessageHandler(
            filters.ChatType.PRIVATE & ~filters.UpdateType.EDITED, handoff.relay_from_citizen
        ),
        group=-1,
    )
    application.add_handler(
        MessageHandler(
            filters.ChatType.SUPERGROUP & ~filters.UpdateType.EDITED, support.relay_from_staff
        ),
        group=-1,
    )
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
    application.add_handler(CommandHandler("hoicanbo", handoff.hoicanbo_command))
    application.add_handler(CommandHandler("dong", support.dong_command))
    application.add_handler(CommandHandler("daybot", support.daybot_command))
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
    # The staff's close button of a hand-off topic before the citizen's hand-off buttons.
    application.add_handler(
        CallbackQueryHandler(support.on_close_button, pattern=f"^{Kind.HANDOFF}:c:")
    )
    buttons.append(((Kind.HANDOFF,), handoff.on_handoff_button))
    for kinds, on_button in buttons:
        application.add_handler(CallbackQueryHandler(on_button, pattern=pattern(*kinds)))
    application.add_handler(InlineQueryHandler(inline.on_inline_query))
    application.add_handler(
        MessageHandler(
            filters.TEXT & ~filters.COMMAND & ~filters.UpdateType.EDITED, questions.on_text
        )
    )
    application.add_handler(MessageHandler(MEDIA & ~filters.UpdateType.EDITED, fallbacks.on_media))
    fallback_handlers = (
        CallbackQueryHandler(fallbacks.on_unknown_button),
        MessageHandler(filters.COMMAND & ~filters.UpdateType.EDITED, fallbacks.on_unknown_command),
    )
    for handler in fallback_handlers:
        fallback = Unclaimed(handler, application, below=FALLBACK_GROUP)
        application.add_handler(fallback, group=FALLBACK_GROUP)
    application.add_error_handler(errors.on_error)
    if application.job_queue is not None:
        application.job_queue.run_repeating(
            _refresh_catalog, interval=CATALOG_REFRESH_S, first=CATALOG_REFRESH_S, name="catalog"
        )
