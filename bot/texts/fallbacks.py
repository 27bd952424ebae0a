"""Texts for what the bot cannot take as it came: personal commands in a group, buttons
that are no longer valid, unknown commands, and messages without text."""

VI: dict[str, str] = {
    "private_only": (
        "Lệnh này liên quan đến dữ liệu riêng của bạn nên tôi không trả lời trong nhóm. "
        "Bạn bấm nút dưới đây để gửi cho tôi trong tin nhắn riêng nhé."
    ),
    "private_only_button": "💬 Nhắn riêng với bot",
    "button_invalid": "Nút này không còn hiệu lực.",
    "feedback_not_yours": "Chỉ người đã hỏi mới đánh giá được câu trả lời này.",
    "unknown_command": "Tôi không biết lệnh này. Gửi /help để xem các lệnh tôi hiểu.",
    "non_text": (
        "Tôi chỉ đọc được tin nhắn chữ. Bạn hãy gõ câu hỏi, ví dụ: <i>làm lại căn cước</i>."
    ),
}

EN: dict[str, str] = {
    "private_only": (
        "This command is about your own data, so I do not answer it in a group. "
        "Press the button below to send it to me in a private chat."
    ),
    "private_only_button": "💬 Message the bot privately",
    "button_invalid": "This button is no longer valid.",
    "feedback_not_yours": "Only the person who asked can rate this answer.",
    "unknown_command": "I do not know this command. Send /help to see the commands I understand.",
    "non_text": "I can only read text messages. Please type your question, e.g. <i>renew my ID card</i>.",
}
