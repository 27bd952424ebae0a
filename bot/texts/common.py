"""Common texts: welcome, help, errors shared by every conversation."""

VI: dict[str, str] = {
    "welcome": (
        "Xin chào! Tôi là trợ lý dịch vụ công.\n"
        "Tôi giúp bạn tìm thủ tục hành chính (giấy tờ cần chuẩn bị, cách nộp, thời gian, lệ phí) "
        "và tra cứu, theo dõi hồ sơ trên Cổng Dịch vụ công.\n"
        "Gõ câu hỏi của bạn, ví dụ: <i>làm lại căn cước</i>. Gõ /help để xem các lệnh.\n"
        "For English, send /lang."
    ),
    "help": (
        "<b>Các lệnh</b>\n"
        "/start – bắt đầu\n"
        "/help – hướng dẫn\n"
        "/lang – đổi ngôn ngữ (Tiếng Việt / English)\n"
        "/status MÃ – tra cứu hồ sơ theo mã (số biên nhận)\n"
        "/follow MÃ – theo dõi hồ sơ, bot báo khi trạng thái thay đổi\n"
        "/mine – hồ sơ đang theo dõi; /unfollow – thôi theo dõi\n"
        "/noio TÊN XÃ – cho bot biết xã/phường bạn ở (tên mới hay cũ), để biết nơi nộp hồ sơ\n"
        "/mydata – xem dữ liệu bot lưu về bạn; /forget – xóa dữ liệu đó\n"
        "/hoicanbo – hỏi cán bộ Trung tâm Phục vụ hành chính công khi bot chưa trả lời được\n"
        "Hoặc gõ câu hỏi về thủ tục, ví dụ: <i>đăng ký kết hôn cần giấy tờ gì</i>."
    ),
    "error_generic": "Xin lỗi, đã có lỗi xảy ra. Bạn vui lòng thử lại sau ít phút.",
    "not_available_yet": "Tính năng này sắp có.",
    "lang_set": "Đã chuyển sang Tiếng Việt. Gửi /lang để đổi sang English.",
    "cmd_start": "Bắt đầu",
    "cmd_help": "Hướng dẫn sử dụng",
    "cmd_lang": "Đổi ngôn ngữ (Tiếng Việt / English)",
    "cmd_status": "Tra cứu hồ sơ theo mã",
    "cmd_follow": "Theo dõi hồ sơ, báo khi có thay đổi",
    "cmd_mine": "Hồ sơ tôi đang theo dõi",
    "cmd_unfollow": "Thôi theo dõi hồ sơ",
    "cmd_mydata": "Dữ liệu bot lưu về tôi",
    "cmd_forget": "Xóa dữ liệu của tôi",
    "cmd_hoicanbo": "Hỏi cán bộ",
}

EN: dict[str, str] = {
    "welcome": (
        "Hello! I am a public-service assistant.\n"
        "I help you find administrative procedures (documents to bring, how to submit, time "
        "and fees) and check or follow your dossier on the public-service portal.\n"
        "Type your question, for example: <i>renew my ID card</i>. Send /help for the commands.\n"
        "Tiếng Việt: gửi /lang."
    ),
    "help": (
        "<b>Commands</b>\n"
        "/start – start\n"
        "/help – help\n"
        "/lang – change language (Tiếng Việt / English)\n"
        "/status CODE – check a dossier by its code (receipt number)\n"
        "/follow CODE – follow a dossier; the bot tells you when its status changes\n"
        "/mine – dossiers you follow; /unfollow – stop following\n"
        "/noio NAME – tell the bot your commune or ward (new or former name), to know where to apply\n"
        "/mydata – what the bot keeps about you; /forget – delete it\n"
        "/hoicanbo – ask the one-stop centre's staff when the bot cannot answer\n"
        "Or type a question about a procedure, for example: <i>how do I register a marriage</i>."
    ),
    "error_generic": "Sorry, something went wrong. Please try again in a few minutes.",
    "not_available_yet": "This feature is coming soon.",
    "lang_set": "Switched to English. Send /lang to switch back to Tiếng Việt.",
    "cmd_start": "Start",
    "cmd_help": "How to use the bot",
    "cmd_lang": "Change language (Tiếng Việt / English)",
    "cmd_status": "Check a dossier by its code",
    "cmd_follow": "Follow a dossier and get its changes",
    "cmd_mine": "Dossiers I follow",
    "cmd_unfollow": "Stop following a dossier",
    "cmd_mydata": "What the bot keeps about me",
    "cmd_forget": "Delete my data",
    "cmd_hoicanbo": "Ask a staff member",
}
