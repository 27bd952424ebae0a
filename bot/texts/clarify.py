"""Texts of the plain-word clarifying question ("Người cần làm thẻ bao nhiêu tuổi?")."""

VI: dict[str, str] = {
    "clarify_question": "🙋 <b>{question}</b>",
    "clarify_question_hint": "Bấm câu trả lời đúng với trường hợp của bạn.",
    "clarify_question_others": "Hoặc bạn hỏi về một trong các thủ tục ở cuối danh sách.",
}

EN: dict[str, str] = {
    "clarify_question": "🙋 <b>{question}</b>",
    "clarify_question_hint": "Tap the answer that fits your case.",
    "clarify_question_others": "Or you may mean one of the procedures at the end of the list.",
}
