"""/mydata tells a user what is kept; /forget deletes all of it after confirmation."""

from __future__ import annotations

from bot.db.models import ChecklistTick, QueryLog, User
from tests.helpers.botrig import running_bot
from tests.helpers.db import count_rows

USER = 6161


async def test_mydata_then_forget_deletes_everything(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        card_sent = await rig.client.send_text(USER, "làm lại căn cước bị mất")
        card = (await rig.client.wait_for_replies(USER, after=card_sent.marker, quiet=0.2)).last
        checklist = await rig.client.press_button(USER, "✅ Đánh dấu giấy tờ", card.message_id)
        await rig.client.wait_for_replies(USER, after=checklist.marker, quiet=0.2)
        tick = await rig.client.press_button(USER, index=0, message_id=card.message_id)
        await rig.client.wait_for_replies(USER, after=tick.marker, quiet=0.2)
        (mydata,) = await rig.ask(USER, "/mydata")
        assert "Giấy tờ đã đánh dấu: 1" in mydata
        assert "Câu hỏi đã gửi" in mydata and ": 1" in mydata
        (confirm,) = await rig.ask(USER, "/forget")
        assert "chắc chắn" in confirm
        pressed = await rig.client.press_button(USER, "🗑 Xóa dữ liệu của tôi")
        done = await rig.client.wait_for_replies(USER, after=pressed.marker, quiet=0.2)
        assert "Đã xóa" in done.last.body
    for model in (User, ChecklistTick, QueryLog):
        assert await count_rows(database_url, model) == 0, model
