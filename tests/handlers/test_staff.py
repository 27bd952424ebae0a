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


async def test_stats_give_figures_and_a_chart_to_staff_only(database_url: str) -> None:
    async with running_bot(database_url, staff_ids=frozenset({STAFF})) as rig:
        for text in ("làm lại căn cước bị mất", "lam lai cccd bi mat", "zzqx vvbn"):
            await rig.ask(CITIZEN, text)
        (refused,) = await rig.ask(CITIZEN, "/stats")
        replies = await rig.send(STAFF, "/stats 7")
        report, chart = replies.messages[0], replies.messages[1]
        stored = rig.state.files[chart.photo[0]["file_id"]] if chart.photo else None
    assert "chỉ dành cho cán bộ" in refused
    assert "7 ngày" in report.body and "Câu hỏi về thủ tục: 3, từ 1 người" in report.body
    assert "Trả lời ngay: 2 (67%)" in report.body and "Chưa tìm được thủ tục: 1" in report.body
    assert "1. Cấp lại thẻ căn cước (1.014064): 2" in report.body
    assert chart.photo and (chart.photo[0]["width"], chart.photo[0]["height"]) == (800, 400)
    assert stored is not None and stored.content.startswith(b"\x89PNG")
