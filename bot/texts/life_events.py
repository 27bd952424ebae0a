"""Texts of the life-event card (a birth, a death, a wedding, a move → its procedures)."""

VI: dict[str, str] = {
    "life_event_title": "🧭 <b>{title}</b>",
    "life_event_steps": "<b>Các thủ tục cần làm, theo thứ tự:</b>",
    "life_event_step": "{n}. <b>{title}</b> ({code})\n    {note}",
    "life_event_hint": "Bấm vào từng thủ tục bên dưới để xem giấy tờ, nơi nộp, thời gian và lệ phí.",
    "life_event_button": "{n}. {title}",
}

EN: dict[str, str] = {
    "life_event_title": "🧭 <b>{title}</b>",
    "life_event_steps": "<b>Procedures to do, in order:</b>",
    "life_event_step": "{n}. <b>{title}</b> ({code})\n    {note}",
    "life_event_hint": "Tap a procedure below to see its documents, where to apply, time and fee.",
    "life_event_button": "{n}. {title}",
}
