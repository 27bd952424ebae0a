"""Texts for the hand-off to the one-stop centre's staff (citizen side and support group)."""

VI: dict[str, str] = {
    "handoff_button": "💬 Hỏi cán bộ",
    "handoff_unavailable": (
        "Hiện bot chưa kết nối được với cán bộ. Bạn có thể gọi tổng đài {hotline} "
        "hoặc đến Trung tâm Phục vụ hành chính công gần nhất."
    ),
    "handoff_consent": (
        "<b>💬 Hỏi cán bộ Trung tâm Phục vụ hành chính công</b>\n"
        "Cán bộ sẽ thấy:\n"
        "• Câu hỏi của bạn: {question}\n"
        "• Bot đã trả lời: {answer}\n"
        "• Ngôn ngữ: Tiếng Việt\n"
        "Các dãy số giống số giấy tờ, số điện thoại đều được che. "
        "Tên Telegram của bạn không được gửi kèm.\n"
        "Bạn đồng ý gửi chứ?"
    ),
    "handoff_no_question": "(chưa có — bạn viết sau khi kết nối)",
    "handoff_answer_card": "thủ tục «{title}»",
    "handoff_answer_clarify": "bot hỏi lại vì chưa rõ",
    "handoff_answer_none": "bot không tìm được thủ tục phù hợp",
    "handoff_answer_nothing": "(chưa có)",
    "handoff_confirm": "✅ Gửi cho cán bộ",
    "handoff_cancel": "✖ Thôi",
    "handoff_cancelled": "Đã hủy. Bạn cứ tiếp tục hỏi bot nhé.",
    "handoff_opened": (
        "✅ Đã chuyển cho cán bộ (mã <b>#{reference}</b>). Từ giờ tin nhắn, ảnh, tệp bạn gửi "
        "ở đây sẽ được chuyển cho cán bộ, và câu trả lời sẽ hiện ở đây. "
        "Vui lòng không gửi số CCCD hay ảnh giấy tờ trừ khi cán bộ yêu cầu."
    ),
    "handoff_after_hours": ("🕐 Hiện ngoài giờ làm việc. Cán bộ sẽ đọc tin nhắn từ {when}."),
    "handoff_already_open": (
        "Bạn đang được cán bộ hỗ trợ (mã <b>#{reference}</b>). Cứ viết tiếp ở đây, "
        "tin nhắn sẽ được chuyển cho cán bộ."
    ),
    "handoff_failed": (
        "Chưa chuyển được cho cán bộ lúc này. Bạn thử lại sau ít phút, hoặc gọi tổng đài {hotline}."
    ),
    "handoff_relay_failed": (
        "Tin nhắn chưa chuyển được cho cán bộ. Bạn thử gửi lại sau ít phút nhé."
    ),
    "handoff_staff_prefix": "👩‍💼 <b>Cán bộ:</b>\n{text}",
    "handoff_closed_citizen": (
        "Cán bộ đã kết thúc cuộc trò chuyện (mã #{reference}). Bạn thấy hỗ trợ có hữu ích không? "
        "Từ giờ bạn lại nói chuyện với bot."
    ),
    "handoff_rate_good": "👍 Hữu ích",
    "handoff_rate_bad": "👎 Chưa hữu ích",
    "handoff_rated": "Cảm ơn bạn đã đánh giá!",
    "handoff_weekday": "{weekday} {date} lúc {time}",
    "weekday_0": "thứ Hai",
    "weekday_1": "thứ Ba",
    "weekday_2": "thứ Tư",
    "weekday_3": "thứ Năm",
    "weekday_4": "thứ Sáu",
    "weekday_5": "thứ Bảy",
    "weekday_6": "Chủ nhật",
    # in the staff support group (Vietnamese only would do, but staff may read English)
    "handoff_topic_header": (
        "🆕 <b>Công dân cần hỗ trợ — #{reference}</b>\n"
        "• Câu hỏi: {question}\n"
        "• Bot đã trả lời: {answer}\n"
        "• Ngôn ngữ: {language}\n"
        "Viết trong chủ đề này để trả lời công dân. /dong để kết thúc; "
        "/daybot (trả lời vào tin nhắn có câu trả lời của bạn) để bot học câu này."
    ),
    "handoff_topic_citizen": "👤 {text}",
    "handoff_close_button": "✅ Kết thúc",
    "handoff_topic_closed": "✅ Đã kết thúc bởi {actor}. Công dân đã được báo.",
    "handoff_topic_already_closed": "Cuộc trò chuyện này đã kết thúc.",
    "handoff_not_staff": "Chỉ cán bộ mới kết thúc hoặc đánh dấu được chủ đề này.",
    "handoff_taught": "📚 Đã đưa câu hỏi vào hộp thư của bảng điều khiển, kèm câu trả lời của bạn.",
    "handoff_teach_usage": (
        "Dùng /daybot khi trả lời vào tin nhắn có câu trả lời của bạn, "
        "hoặc /daybot &lt;câu trả lời&gt;."
    ),
    "handoff_not_a_topic": "Lệnh này dùng trong chủ đề của một cuộc hỗ trợ.",
    "handoff_citizen_left": "ℹ️ Công dân đã xóa dữ liệu hoặc chặn bot; tin nhắn không được chuyển.",
    "handoff_waiting_title": "<b>⏳ Hỗ trợ chờ cán bộ trả lời quá {hours} giờ làm việc</b>",
    "handoff_waiting_line": "• #{reference} — mở {opened}, đã chờ {waited} giờ làm việc",
    "handoff_waiting_none": "Không có cuộc hỗ trợ nào chờ quá {hours} giờ làm việc.",
}

EN: dict[str, str] = {
    "handoff_button": "💬 Ask a staff member",
    "handoff_unavailable": (
        "The bot cannot reach the staff right now. You can call the hotline {hotline} "
        "or visit the nearest public administrative service centre."
    ),
    "handoff_consent": (
        "<b>💬 Ask the public administrative service centre's staff</b>\n"
        "The staff will see:\n"
        "• Your question: {question}\n"
        "• The bot's answer: {answer}\n"
        "• Language: English\n"
        "Numbers that look like ID or phone numbers are masked. "
        "Your Telegram name is not sent.\n"
        "Do you agree to send this?"
    ),
    "handoff_no_question": "(none yet — you write it once connected)",
    "handoff_answer_card": "the procedure “{title}”",
    "handoff_answer_clarify": "the bot asked back, the question was unclear",
    "handoff_answer_none": "the bot found no matching procedure",
    "handoff_answer_nothing": "(nothing yet)",
    "handoff_confirm": "✅ Send to the staff",
    "handoff_cancel": "✖ Cancel",
    "handoff_cancelled": "Cancelled. Go on asking the bot.",
    "handoff_opened": (
        "✅ Passed to the staff (reference <b>#{reference}</b>). From now on, messages, photos "
        "and files you send here go to the staff, and their answers appear here. "
        "Please do not send ID numbers or photos of documents unless the staff ask for them."
    ),
    "handoff_after_hours": "🕐 It is outside office hours. The staff will read your message from {when}.",
    "handoff_already_open": (
        "A staff member is already helping you (reference <b>#{reference}</b>). Just write "
        "here: your messages go to the staff."
    ),
    "handoff_failed": (
        "Could not reach the staff just now. Please try again in a few minutes, or call "
        "the hotline {hotline}."
    ),
    "handoff_relay_failed": "Your message could not be passed to the staff. Please send it again in a few minutes.",
    "handoff_staff_prefix": "👩‍💼 <b>Staff:</b>\n{text}",
    "handoff_closed_citizen": (
        "The staff closed the conversation (reference #{reference}). Was the help useful? "
        "From now on you are talking to the bot again."
    ),
    "handoff_rate_good": "👍 Useful",
    "handoff_rate_bad": "👎 Not useful",
    "handoff_rated": "Thank you for rating!",
    "handoff_weekday": "{weekday} {date} at {time}",
    "weekday_0": "Monday",
    "weekday_1": "Tuesday",
    "weekday_2": "Wednesday",
    "weekday_3": "Thursday",
    "weekday_4": "Friday",
    "weekday_5": "Saturday",
    "weekday_6": "Sunday",
    "handoff_topic_header": (
        "🆕 <b>A citizen needs help — #{reference}</b>\n"
        "• Question: {question}\n"
        "• The bot's answer: {answer}\n"
        "• Language: {language}\n"
        "Write in this topic to answer the citizen. /dong to close; /daybot (as a reply to "
        "your answer) so the bot learns this question."
    ),
    "handoff_topic_citizen": "👤 {text}",
    "handoff_close_button": "✅ Close",
    "handoff_topic_closed": "✅ Closed by {actor}. The citizen was told.",
    "handoff_topic_already_closed": "This conversation is closed.",
    "handoff_not_staff": "Only staff can close or mark this topic.",
    "handoff_taught": "📚 The question is in the console's inbox, with your answer.",
    "handoff_teach_usage": "Use /daybot as a reply to your answer, or /daybot &lt;answer&gt;.",
    "handoff_not_a_topic": "This command works inside a hand-off topic.",
    "handoff_citizen_left": "ℹ️ The citizen deleted their data or blocked the bot; the message was not passed on.",
    "handoff_waiting_title": "<b>⏳ Hand-offs waiting over {hours} working hours for a staff reply</b>",
    "handoff_waiting_line": "• #{reference} — opened {opened}, waited {waited} working hours",
    "handoff_waiting_none": "No hand-off has waited over {hours} working hours.",
}
