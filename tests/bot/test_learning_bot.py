"""The learning loop as citizens see it, without a browser: questions asked through the fake
Telegram server are grouped; a "not ours" reply is what the bot then says (escaped, in the
user's language, with the hotline), and an attached group gets the procedure's card."""

from __future__ import annotations

from bot.learning.changes import CatalogChange, ChangeKind
from tests.helpers.botrig import running_bot

VISA = "xin visa đi Nhật"
NOT_FOUND_VI = "chưa có thủ tục này"
HOTLINE = "18001096"


async def test_the_bot_gives_the_staff_reply_and_then_the_attached_card(database_url: str) -> None:
    async with running_bot(database_url) as rig:
        services = rig.application.bot_data.services
        learning = services.learning
        assert NOT_FOUND_VI in (await rig.ask(11, VISA))[-1]
        assert NOT_FOUND_VI in (await rig.ask(12, "xin giấy ra đời cho bé"))[-1]
        grouping = await learning.groups(days=30)
        by_label = {g.label: g for g in grouping.open}
        assert by_label[VISA].count == 1

        await learning.not_ours(
            by_label[VISA],
            reply_vi="Thị thực <visa> do Đại sứ quán cấp.",
            reply_en="Visas are issued by the embassy.",
            actor="tg:1",
        )
        (reply,) = await rig.ask(13, "Xin visa đi Nhật Bản ạ")
        assert "Thị thực <visa> do Đại sứ quán cấp." in reply  # the staff's text, escaped
        assert HOTLINE in reply and NOT_FOUND_VI not in reply
        await rig.ask(14, "/lang en")
        (reply,) = await rig.ask(14, VISA)
        assert "Visas are issued by the embassy." in reply

        birth = by_label["xin giấy ra đời cho bé"]
        change = CatalogChange(ChangeKind.ATTACH, "giấy ra đời", "1.001193")
        preview = await learning.preview(birth, change)
        await learning.apply(birth, change, actor="tg:1", expected_version=preview.version)
        card = (await rig.ask(15, "xin giấy ra đời cho bé"))[0]
        assert "Đăng ký khai sinh" in card and NOT_FOUND_VI not in card
