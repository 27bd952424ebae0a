"""A staff import changes what the running bot answers, without a restart; rollback too."""

from __future__ import annotations

from bot.db import catalog_store as store
from procedures_catalog.loader import load_bundled
from tests.helpers.botrig import running_bot

USER = 5151
QUESTION = "làm lại căn cước bị mất"


async def test_import_and_rollback_reach_the_running_bot(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        services = rig.application.bot_data.services
        (before,) = await rig.ask(USER, QUESTION)
        assert "Cấp lại thẻ căn cước" in before
        first_version = services.catalog.version

        edited = [
            p.model_copy(
                update={"title": p.title.model_copy(update={"vi": "Cấp lại thẻ căn cước (đã sửa)"})}
            )
            if p.code == "1.014064"
            else p
            for p in load_bundled()
        ]
        result = await store.import_catalog(
            services.sessions, edited, author="staff", note="sửa tên", source="test"
        )
        assert result.changed
        assert await services.catalog.refresh()  # what the periodic job runs
        (after,) = await rig.ask(USER, QUESTION)
        assert "(đã sửa)" in after

        assert first_version is not None
        await store.rollback(services.sessions, first_version, author="staff")
        assert await services.catalog.refresh()
        (restored,) = await rig.ask(USER, QUESTION)
    assert "(đã sửa)" not in restored and "Cấp lại thẻ căn cước" in restored
