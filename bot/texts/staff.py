"""Texts for staff commands (refused to everyone who is not staff)."""

VI: dict[str, str] = {
    "staff_only": "Lệnh này chỉ dành cho cán bộ quản lý bot.",
    "staff_unanswered_title": "<b>Câu hỏi bot chưa trả lời được ({days} ngày qua)</b>",
    "staff_unanswered_line": "{n}. {query} — {count} lần (không tìm thấy {none}, hỏi lại {clarify})",
    "staff_unanswered_empty": "Không có câu hỏi nào chưa trả lời được trong {days} ngày qua.",
    "staff_catalog": "Danh mục hiện tại: phiên bản {version}, {count} thủ tục.",
}

EN: dict[str, str] = {
    "staff_only": "This command is for the bot's staff only.",
    "staff_unanswered_title": "<b>Questions the bot could not answer (last {days} days)</b>",
    "staff_unanswered_line": "{n}. {query} — {count} times (not found {none}, asked back {clarify})",
    "staff_unanswered_empty": "No unanswered questions in the last {days} days.",
    "staff_catalog": "Current catalog: version {version}, {count} procedures.",
}
