"""Following dossiers: the follow/unfollow/mine replies and the notifications.

Keys are prefixed ``track_``. Parameters are plain values, escaped by ``Texts.get`` (used by
bot/render/follow.py and bot/tracking/notify.py): ``{code}`` dossier code, ``{label}`` status
wording, ``{date}`` dd/mm/yyyy, ``{at}`` dd/mm/yyyy HH:MM (Vietnam time), ``{count}``/``{limit}``
numbers, ``{url}`` the official lookup page, ``{reason}`` the portal's reason, ``{hotline}``.
"""

VI: dict[str, str] = {
    # Following and unfollowing.
    "track_followed": (
        "🔔 Đã theo dõi hồ sơ <b>{code}</b>.\n"
        "Bot sẽ nhắn cho bạn khi trạng thái thay đổi, khi quá ngày hẹn trả mà chưa có kết quả "
        "và khi kết quả sẵn sàng. Bạn đang theo dõi {count}/{limit} hồ sơ.\n"
        "Xem danh sách: /mine · Bỏ theo dõi: /unfollow"
    ),
    "track_followed_unknown": (
        "Cổng dịch vụ công đang không phản hồi nên bot chưa biết trạng thái hiện tại; bot sẽ "
        "tự kiểm tra lại."
    ),
    "track_already": "Bạn đã theo dõi hồ sơ <b>{code}</b> rồi. Xem danh sách: /mine",
    "track_limit": (
        "Bạn đang theo dõi {limit} hồ sơ, là số tối đa. Bạn bỏ theo dõi một hồ sơ không cần "
        "nữa (/unfollow) rồi thử lại."
    ),
    "track_closed": "Hồ sơ <b>{code}</b> đã kết thúc ({label}), không cần theo dõi nữa.",
    "track_ask_code": (
        "Bạn gửi kèm mã hồ sơ (số biên nhận), ví dụ: /follow 000.17.22.H56-210531-0001"
    ),
    "track_ask_owner_id": (
        "Để theo dõi hồ sơ này, cổng dịch vụ công cần số CCCD/hộ chiếu/mã số thuế của chủ hồ "
        "sơ. Bạn gửi số đó: bot mã hóa khi lưu, chỉ dùng để tra cứu và xóa khi bạn bỏ theo dõi."
    ),
    "track_mine_empty": (
        "Bạn chưa theo dõi hồ sơ nào. Tra cứu hồ sơ (/status MÃ) rồi bấm «🔔 Theo dõi hồ sơ "
        "này», hoặc gửi /follow MÃ."
    ),
    "track_mine_title": "📋 <b>Hồ sơ bạn đang theo dõi ({count}/{limit}):</b>",
    "track_mine_item": "• <b>{code}</b>: {label}",
    "track_mine_since": "   Cập nhật lúc {at}",
    "track_mine_appointment": "   Ngày hẹn trả: {date}",
    "track_mine_unknown": "chưa rõ (đang chờ cổng dịch vụ công)",
    "track_mine_closed": "   Hồ sơ đã kết thúc; bot ngừng theo dõi sau {date}.",
    "track_mine_footer": "Bỏ theo dõi: /unfollow",
    "track_unfollow_pick": "Chọn hồ sơ muốn bỏ theo dõi:",
    "track_unfollow_done": "🔕 Đã bỏ theo dõi hồ sơ <b>{code}</b>.",
    "track_unfollow_missing": "Bạn không theo dõi hồ sơ này (có thể đã bỏ theo dõi trước đó).",
    "track_btn_unfollow": "❌ {code}",
    # Notifications.
    "track_change_title": "🔔 <b>Hồ sơ {code}</b> có cập nhật",
    "track_change_status": "Trạng thái mới: <b>{label}</b>",
    "track_change_portal_label": "Trên cổng: {label}",
    "track_change_at": "Thời điểm: {at}",
    "track_change_appointment": "Ngày hẹn trả: {date}",
    "track_change_reason": "Lý do: {reason}",
    "track_lookup": "Tra cứu trên trang chính thức: {url}",
    "track_footer": "<i>Bạn nhận tin này vì đang theo dõi hồ sơ. Bỏ theo dõi: /unfollow</i>",
    "track_overdue": (
        "⏰ <b>Hồ sơ {code}</b> đã quá ngày hẹn trả ({date}) mà chưa có kết quả.\n\n"
        "Bạn có thể:\n"
        "• Gọi Tổng đài hỗ trợ <b>{hotline}</b> (miễn phí) để hỏi tình trạng hồ sơ;\n"
        "• Gửi phản ánh, kiến nghị trên Cổng Dịch vụ công quốc gia (dichvucong.gov.vn), mục "
        "«Phản ánh kiến nghị», ghi rõ mã hồ sơ;\n"
        "• Liên hệ Bộ phận Một cửa nơi đã nộp, mang theo giấy biên nhận. Theo quy định, hồ sơ "
        "trễ hẹn phải có phiếu xin lỗi và hẹn lại ngày trả kết quả.\n\n"
        "Bot vẫn tiếp tục theo dõi và sẽ báo khi có kết quả."
    ),
    "track_ready_reminder": (
        "📬 Nhắc bạn: kết quả hồ sơ <b>{code}</b> đã sẵn sàng từ {date} nhưng chưa được nhận.\n"
        "Mang giấy biên nhận và CCCD đến Bộ phận Một cửa nơi đã nộp hồ sơ để nhận, hoặc chờ "
        "bưu điện giao nếu bạn đã đăng ký nhận kết quả qua bưu chính."
    ),
    "track_ended_closed": (
        "✅ Bot đã ngừng theo dõi hồ sơ <b>{code}</b>: hồ sơ đã kết thúc từ {date}. "
        "Cần theo dõi hồ sơ khác, bạn gửi /follow MÃ."
    ),
    "track_ended_lost": (
        "⚠️ Bot đã ngừng theo dõi hồ sơ <b>{code}</b> vì nhiều lần không tra cứu được trên "
        "cổng dịch vụ công (mã không còn tìm thấy hoặc cần xác minh lại chủ hồ sơ). Bạn kiểm "
        "tra trên trang chính thức, hoặc gửi /follow {code} để theo dõi lại."
    ),
}

EN: dict[str, str] = {
    # Following and unfollowing.
    "track_followed": (
        "🔔 You are now following dossier <b>{code}</b>.\n"
        "The bot will message you when its status changes, when the appointment date passes "
        "without a result and when the result is ready. You follow {count}/{limit} dossiers.\n"
        "List: /mine · Stop following: /unfollow"
    ),
    "track_followed_unknown": (
        "The public-service portal is not answering, so the current status is not known yet; "
        "the bot will check again by itself."
    ),
    "track_already": "You already follow dossier <b>{code}</b>. List: /mine",
    "track_limit": (
        "You already follow {limit} dossiers, the maximum. Stop following one you no longer "
        "need (/unfollow) and try again."
    ),
    "track_closed": "Dossier <b>{code}</b> is finished ({label}); there is nothing to follow.",
    "track_ask_code": (
        "Add the dossier code (receipt number), for example: /follow 000.17.22.H56-210531-0001"
    ),
    "track_ask_owner_id": (
        "To follow this dossier the portal needs the owner's ID card, passport or tax number. "
        "Send it: the bot stores it encrypted, uses it only for look-ups and deletes it when "
        "you stop following."
    ),
    "track_mine_empty": (
        "You follow no dossier yet. Check one (/status CODE) and press «🔔 Follow this "
        "dossier», or send /follow CODE."
    ),
    "track_mine_title": "📋 <b>Dossiers you follow ({count}/{limit}):</b>",
    "track_mine_item": "• <b>{code}</b>: {label}",
    "track_mine_since": "   Updated {at}",
    "track_mine_appointment": "   Appointment date: {date}",
    "track_mine_unknown": "not known yet (waiting for the portal)",
    "track_mine_closed": "   The dossier is finished; following ends after {date}.",
    "track_mine_footer": "Stop following: /unfollow",
    "track_unfollow_pick": "Choose the dossier to stop following:",
    "track_unfollow_done": "🔕 You no longer follow dossier <b>{code}</b>.",
    "track_unfollow_missing": "You do not follow this dossier (maybe you already stopped).",
    "track_btn_unfollow": "❌ {code}",
    # Notifications.
    "track_change_title": "🔔 <b>Dossier {code}</b> has an update",
    "track_change_status": "New status: <b>{label}</b>",
    "track_change_portal_label": "On the portal: {label}",
    "track_change_at": "Since: {at}",
    "track_change_appointment": "Appointment date: {date}",
    "track_change_reason": "Reason: {reason}",
    "track_lookup": "Check on the official page: {url}",
    "track_footer": "<i>You get this because you follow the dossier. Stop: /unfollow</i>",
    "track_overdue": (
        "⏰ <b>Dossier {code}</b> is past its appointment date ({date}) without a result.\n\n"
        "What you can do:\n"
        "• Call the support hotline <b>{hotline}</b> (free of charge) to ask about it;\n"
        "• Send feedback or a complaint on the national public-service portal "
        "(dichvucong.gov.vn), section «Phản ánh kiến nghị», quoting the dossier code;\n"
        "• Contact the one-stop desk where you applied, with your receipt. A late dossier must "
        "come with a letter of apology and a new appointment date.\n\n"
        "The bot keeps following it and will tell you when the result is ready."
    ),
    "track_ready_reminder": (
        "📬 Reminder: the result of dossier <b>{code}</b> has been ready since {date} but has "
        "not been collected.\n"
        "Bring your receipt and ID card to the one-stop desk where you applied, or wait for "
        "the post if you asked for delivery by post."
    ),
    "track_ended_closed": (
        "✅ The bot stopped following dossier <b>{code}</b>: it was finished on {date}. "
        "To follow another one, send /follow CODE."
    ),
    "track_ended_lost": (
        "⚠️ The bot stopped following dossier <b>{code}</b> because the portal could not find "
        "it several times (the code is gone or the owner must be verified again). Check on "
        "the official page, or send /follow {code} to follow it again."
    ),
}
