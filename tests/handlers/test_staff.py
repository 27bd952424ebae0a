"""Staff see what citizens asked that the bot could not answer; others are refused."""

from __future__ import annotations

from tests.helpers.botrig import running_bot

STAFF = 4242
CITIZEN = 4343


async def test_unanswered_questions_for_staff_only(database_url: str) -> None:
    async with running_bot(database_url, staff_ids=frozenset({STAFF})) as rig:
        for text in ("asdfgh qwerty", "Asdfgh  qwerty", "zzqx vvbn"):
            await rig.ask(CITIZEN, text)
        (refused,) = await rig.ask(CITIZEN, "/unanswered")
        (report,) = await rig.ask(STAFF, "/unanswered 30")
    assert "chỉ dành cho cán bộ" in refused
    assert "30 ngày" in report
    lines = report.splitlines()
    first = next(line for line in lines if line.startswith("1."))
    assert "asdfgh" in first.lower() and "2 lần" in first
    assert any("zzqx" in line for line in lines)
