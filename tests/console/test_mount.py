"""In webhook mode the console can be mounted under /console beside /telegram, on the
bot's own services: its links, forms and cookie carry the prefix."""

from __future__ import annotations

import httpx

from bot.telegram.webhook import create_webhook_app
from tests.helpers.botrig import running_bot

ADMIN = 9001


async def test_console_mounted_beside_the_webhook(database_url: str) -> None:
    async with running_bot(
        database_url, staff_ids=frozenset({ADMIN}), console_url="https://bot.example/console"
    ) as rig:
        plain = create_webhook_app(rig.application, "secret")
        mounted = create_webhook_app(rig.application, "secret", mount_console=True)
        transport = httpx.ASGITransport(app=plain)
        async with httpx.AsyncClient(transport=transport, base_url="http://x") as client:
            assert (await client.get("/console/signin")).status_code == 404
        transport = httpx.ASGITransport(app=mounted)
        async with httpx.AsyncClient(transport=transport, base_url="https://x") as client:
            home = await client.get("/console/")
            assert home.status_code == 303 and home.headers["location"] == "/console/signin"
            (reply,) = await rig.ask(ADMIN, "/console")
            link = reply.split("https://bot.example", 1)[1].split()[0]
            assert link.startswith("/console/signin/")
            signed = await client.get(link)
            assert signed.status_code == 200
            cookie = signed.headers["set-cookie"]
            assert "Path=/console" in cookie and "Secure" in cookie and "HttpOnly" in cookie
            assert "samesite=strict" in cookie.lower()
            page = await client.get("/console/staff")
            assert page.status_code == 200
            assert 'href="/console/static/console.css"' in page.text
            assert 'action="/console/signout"' in page.text
            css = await client.get("/console/static/console.css")
            assert css.status_code == 200
            assert (await client.get("/healthz")).status_code == 200
