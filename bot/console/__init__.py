"""The staff console: a Starlette adapter with server-rendered Jinja2 pages.

Like `bot.telegram`, it may import the core (`bot.services` and below); the core never
imports it. `bot.console.app.create_console_app` builds it; `bot.console.web` has what
every page needs (render, require a role, redirects); `bot.console.csrf` refuses unsafe
requests without the session's CSRF token.
"""
