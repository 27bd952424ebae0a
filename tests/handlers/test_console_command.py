"""/console: staff get a one-time sign-in link in a private chat; everyone else is refused,
and the command is not in the public menu."""

from __future__ import annotations

import re

from bot.roles import Role
from bot.staff import Source
from tests.helpers.botrig import running_bot

ADMIN, EDITOR, CITIZEN = 501, 502, 503
GROUP = -100777
LINK = re.compile(r"(http://console\.test/signin/)([A-Za-z0-9_\-]{40,})")


async def test_staff_get_a_link_others_are_refused(database_url: str) -> None:
    async with running_bot(
        database_url, staff_ids=frozenset({ADMIN}), console_url="http://console.test/"
    ) as rig:
        services = rig.application.bot_data.services
        (reply,) = await rig.ask(ADMIN, "/console")
        found = LINK.search(reply)
        assert found and "10" in reply
        (other,) = await rig.ask(ADMIN, "/console")  # a new link each time
        assert LINK.search(other) and LINK.search(other).group(2) != found.group(2)  # type: ignore[union-attr]

        assert await rig.ask(CITIZEN, "/console") == ["Lệnh này chỉ dành cho cán bộ quản lý bot."]
        await services.staff.add(EDITOR, Role.EDITOR, actor="cli:t", source=Source.CLI)
        (reply,) = await rig.ask(EDITOR, "/console")
        assert LINK.search(reply)

        await rig.client.create_group(GROUP, "Cán bộ")
        username = rig.application.bot.username
        (reply,) = await rig.ask(ADMIN, f"/console@{username}", chat_id=GROUP)
        assert not LINK.search(reply) and "/console" in reply

        menus = [[c["command"] for c in e["commands"]] for e in await rig.client.commands()]
        assert menus and all(menu and "console" not in menu for menu in menus)
