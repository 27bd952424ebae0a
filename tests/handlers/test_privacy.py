"""/mydata tells a user what is kept; /forget deletes all of it after confirmation."""

from __future__ import annotations

from bot.db.models import ChecklistTick, QueryLog, User
from tests.helpers.botrig import running_bot
from tests.helpers.db import count_rows

USER = 6161


async def test_mydata_then_forget_deletes_everything(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        card = (await rig.send(USER, "làm lại căn cước bị mất")).last
        await rig.press(USER, "✅ Đánh dấu giấy tờ", card.message_id)
        await rig.press(USER, index=0, message_id=card.message_id)
        (mydata,) = await rig.ask(USER, "/mydata")
        assert "Giấy tờ đã đánh dấu: 1" in mydata
        assert "Câu hỏi đã gửi" in mydata and ": 1" in mydata
        (confirm,) = await rig.ask(USER, "/forget")
        assert "chắc chắn" in confirm
        done = await rig.press(USER, "🗑 Xóa dữ liệu của tôi")
        assert "Đã xóa" in done.last.body
    for model in (User, ChecklistTick, QueryLog):
        assert await count_rows(database_url, model) == 0, model
