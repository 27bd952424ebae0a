"""Texts for /mydata and /forget: what the bot keeps about a user, and deleting it."""

VI: dict[str, str] = {
    "privacy_mydata": (
        "<b>Dữ liệu bot lưu về bạn</b>\n"
        "• Mã người dùng Telegram và ngôn ngữ: {language}\n"
        "• Ngày bắt đầu dùng: {created}\n"
        "• Giấy tờ đã đánh dấu: {ticks}\n"
        "• Hồ sơ đang theo dõi: {subscriptions} (số giấy tờ của chủ hồ sơ, nếu có, được mã hóa)\n"
        "• Câu hỏi đã gửi (lưu ẩn danh, các dãy số giống số giấy tờ được che): {queries}\n"
        "• Góp ý 👍/👎: {feedback}\n"
        "• Xã/phường nơi ở (bạn cho biết qua /noio): {commune}\n"
        "• Lần hỏi cán bộ (chỉ lưu chủ đề, thời gian, đánh giá; không lưu nội dung): {handoffs}\n"
        "Bot không lưu họ tên, số điện thoại hay số CCCD ở dạng đọc được. Gửi /forget để xóa."
    ),
    "privacy_mydata_none": "Bot chưa lưu dữ liệu nào về bạn.",
    "privacy_forget_confirm": "Bạn chắc chắn muốn xóa toàn bộ dữ liệu của mình (ngôn ngữ, nơi ở, giấy tờ đã đánh dấu, hồ sơ theo dõi, câu hỏi, góp ý, lần hỏi cán bộ)?",
    "privacy_forget_yes": "🗑 Xóa dữ liệu của tôi",
    "privacy_forget_no": "Không xóa",
    "privacy_forgotten": "Đã xóa toàn bộ dữ liệu của bạn. Bạn vẫn có thể dùng bot bình thường.",
    "privacy_kept": "Đã giữ nguyên dữ liệu của bạn.",
}

EN: dict[str, str] = {
    "privacy_mydata": (
        "<b>What the bot keeps about you</b>\n"
        "• Your Telegram user id and language: {language}\n"
        "• First used: {created}\n"
        "• Documents ticked: {ticks}\n"
        "• Dossiers followed: {subscriptions} (an owner ID number, if any, is encrypted)\n"
        "• Questions asked (stored anonymously, ID-like numbers masked): {queries}\n"
        "• 👍/👎 feedback: {feedback}\n"
        "• Your commune or ward (told with /noio): {commune}\n"
        "• Conversations with staff (topic, times and rating only; no message text): {handoffs}\n"
        "The bot keeps no names, phone numbers or ID numbers in readable form. Send /forget to delete."
    ),
    "privacy_mydata_none": "The bot keeps no data about you.",
    "privacy_forget_confirm": "Do you really want to delete all your data (language, commune, ticked documents, followed dossiers, questions, feedback, conversations with staff)?",
    "privacy_forget_yes": "🗑 Delete my data",
    "privacy_forget_no": "Keep it",
    "privacy_forgotten": "All your data has been deleted. You can keep using the bot as before.",
    "privacy_kept": "Your data was kept as it is.",
}
