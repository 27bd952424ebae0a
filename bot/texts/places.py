"""Texts about where the citizen lives: /noio, "xã X cũ giờ là xã nào?", the card's places.

Names of units and centres are built from the data (bot/render/place.py); only the public
administration service centre's name is given, never an address or a phone number, as no
public source gives them.
"""

VI: dict[str, str] = {
    "cmd_noio": "Xã/phường nơi tôi ở (để biết nơi nộp hồ sơ)",
    "place_type_xa": "xã",
    "place_type_phuong": "phường",
    "place_type_thi_tran": "thị trấn",
    "place_label": "{kind} {name}",
    "place_old_label": "{kind} {name} cũ ({district})",
    "place_centre": "Trung tâm Phục vụ hành chính công {unit}",
    "place_province_centre": "Trung tâm Phục vụ hành chính công tỉnh Hà Tĩnh",
    "place_police": "Công an {unit}",
    "place_none": "chưa cho biết",
    # The card's "📍 Nơi nộp" section.
    "where_home_commune": "🏢 Thủ tục cấp xã, nộp trực tiếp tại: <b>{centre}</b>",
    "where_home_police": "👮 Hoặc tại <b>{police}</b> (thủ tục do Công an cấp xã giải quyết)",
    "where_home_note": "<i>(theo nơi ở bạn đã cho bot biết: {unit}; gửi /noio để đổi)</i>",
    "where_province": "🏛 Thủ tục cấp tỉnh: <b>{centre}</b>",
    "where_ask_home": (
        "📌 Cho bot biết xã/phường bạn ở để biết nơi nộp cụ thể: gửi /noio kèm tên, "
        "ví dụ <i>/noio Thạch Trị</i>."
    ),
    # /noio
    "place_ask": (
        "Bạn đang ở xã/phường nào của Hà Tĩnh? Hãy gõ tên: tên mới hay tên cũ (trước "
        "1/7/2025), có dấu hay không dấu đều được. Ví dụ: <i>Thạch Trị</i>, "
        "<i>phường Thành Sen</i>, <i>thị trấn Kỳ Đồng</i>."
    ),
    "place_current": "Bot đang ghi nhớ nơi ở của bạn: <b>{unit}</b>.",
    "place_saved": "✅ Đã ghi nhớ nơi ở của bạn: <b>{unit}</b>.",
    "place_saved_from_old": "{old} nay thuộc <b>{unit}</b> (từ 1/7/2025).",
    "place_saved_where": (
        "Thủ tục cấp xã: nộp tại {centre}. Mục 📍 Nơi nộp của mỗi thủ tục sẽ ghi nơi này."
    ),
    "place_saved_tail": "Gửi /noio kèm tên khác để đổi; /forget để xóa dữ liệu của bạn.",
    "place_choose": "Tên <b>{name}</b> ứng với nhiều nơi. Bạn ở nơi nào?",
    "place_divided": (
        "{old} đã được chia cho: {units}. Nguồn dữ liệu không cho biết thôn, tổ dân phố nào "
        "thuộc đơn vị nào; nếu chưa rõ, hãy hỏi trưởng thôn hoặc tổ trưởng dân phố."
    ),
    "place_divided_choose": "Chọn đơn vị mới mà thôn/tổ dân phố của bạn thuộc về:",
    "place_not_found": "Không tìm thấy xã, phường hay thị trấn nào tên <b>{name}</b> ở Hà Tĩnh.",
    "place_suggest": "Có phải bạn muốn nói: {names}?",
    "place_how_to_write": (
        "Cách viết: /noio rồi tên xã/phường, tên mới hay tên cũ, có dấu hay không dấu đều được, "
        "ví dụ <i>/noio Thạch Trị</i>, <i>/noio phuong Thanh Sen</i>, "
        "<i>/noio thị trấn Kỳ Đồng</i>. Có thể thêm huyện cũ sau dấu phẩy: "
        "<i>/noio Thạch Trị, Thạch Hà</i>."
    ),
    "place_btn_new": "{unit} (mới)",
    "place_btn_old": "{old} → {unit}",
    "place_btn_old_divided": "{old} (đã chia)",
    "place_btn_save": "📍 Ghi nhớ: tôi ở {unit}",
    # "xã Thạch Trị cũ giờ là xã nào?"
    "place_answer_old": "<b>{old}</b> từ 1/7/2025 thuộc <b>{unit}</b> (mã {code}).",
    "place_answer_formed": "{unit} được lập từ: {parts}.",
    "place_answer_new": "<b>{unit}</b> (mã {code}) là đơn vị hành chính cấp xã từ 1/7/2025.",
    "place_answer_unchanged": (
        "<b>{unit}</b> (mã {code}) không bị sắp xếp lại: giữ nguyên tên và mã."
    ),
    "place_answer_same_name": "Lưu ý: cũng có <b>{unit}</b> mới (mã {code}), lập từ: {parts}.",
    "place_answer_divided": (
        "<b>{old}</b> đã được chia cho: {units}. Nguồn dữ liệu không cho biết thôn, tổ dân phố "
        "nào thuộc đơn vị nào."
    ),
    "place_answer_ambiguous": "Tên <b>{name}</b> ứng với nhiều nơi:",
    "place_answer_where": "Thủ tục cấp xã: nộp tại {centre}.",
    "place_answer_source": "<i>Theo Nghị quyết 1665/NQ-UBTVQH15, hiệu lực từ 1/7/2025.</i>",
}

EN: dict[str, str] = {
    "cmd_noio": "My commune or ward (to know where to apply)",
    "place_type_xa": "commune",
    "place_type_phuong": "ward",
    "place_type_thi_tran": "township",
    "place_label": "{name} {kind}",
    "place_old_label": "former {name} {kind} ({district})",
    "place_centre": (
        "the public administration service centre of {unit} "
        "(Trung tâm Phục vụ hành chính công {unit_vi})"
    ),
    "place_province_centre": (
        "the Hà Tĩnh provincial public administration service centre "
        "(Trung tâm Phục vụ hành chính công tỉnh Hà Tĩnh)"
    ),
    "place_police": "the police of {unit} (Công an {unit_vi})",
    "place_none": "not given",
    "where_home_commune": "🏢 Commune-level procedure, in person at: <b>{centre}</b>",
    "where_home_police": "👮 Or at <b>{police}</b> (the commune police handle this procedure)",
    "where_home_note": "<i>(from the commune you told the bot: {unit}; send /noio to change it)</i>",
    "where_province": "🏛 Provincial-level procedure: <b>{centre}</b>",
    "where_ask_home": (
        "📌 Tell the bot your commune or ward to see the exact place: send /noio with its "
        "name, e.g. <i>/noio Thạch Trị</i>."
    ),
    "place_ask": (
        "Which commune or ward of Hà Tĩnh do you live in? Type its name: the new name or the "
        "one before 1/7/2025, with or without diacritics. For example: <i>Thạch Trị</i>, "
        "<i>phường Thành Sen</i>, <i>thị trấn Kỳ Đồng</i>."
    ),
    "place_current": "The bot currently has your commune as: <b>{unit}</b>.",
    "place_saved": "✅ Saved where you live: <b>{unit}</b>.",
    "place_saved_from_old": "The {old} is now part of <b>{unit}</b> (since 1/7/2025).",
    "place_saved_where": (
        "Commune-level procedures: apply at {centre}. The 📍 Where to go section of each "
        "procedure will show it."
    ),
    "place_saved_tail": "Send /noio with another name to change it; /forget to delete your data.",
    "place_choose": "<b>{name}</b> could be several places. Which one is yours?",
    "place_divided": (
        "The {old} was divided among: {units}. The data does not say which village or residential "
        "group went where; if unsure, ask your village or residential-group head."
    ),
    "place_divided_choose": "Choose the new unit your village or residential group belongs to:",
    "place_not_found": "No commune, ward or township called <b>{name}</b> was found in Hà Tĩnh.",
    "place_suggest": "Did you mean: {names}?",
    "place_how_to_write": (
        "How to write it: /noio and the name of the commune or ward, new or former, with or "
        "without diacritics, e.g. <i>/noio Thạch Trị</i>, <i>/noio phuong Thanh Sen</i>, "
        "<i>/noio thị trấn Kỳ Đồng</i>. You may add the former district after a comma: "
        "<i>/noio Thạch Trị, Thạch Hà</i>."
    ),
    "place_btn_new": "{unit} (new)",
    "place_btn_old": "{old} → {unit}",
    "place_btn_old_divided": "{old} (divided)",
    "place_btn_save": "📍 Save: I live in {unit}",
    "place_answer_old": (
        "The <b>{old}</b> has been part of <b>{unit}</b> (code {code}) since 1/7/2025."
    ),
    "place_answer_formed": "{unit} was formed from: {parts}.",
    "place_answer_new": "<b>{unit}</b> (code {code}) is a commune-level unit since 1/7/2025.",
    "place_answer_unchanged": (
        "<b>{unit}</b> (code {code}) was not rearranged: same name, same code."
    ),
    "place_answer_same_name": (
        "Note: there is also a new <b>{unit}</b> (code {code}), formed from: {parts}."
    ),
    "place_answer_divided": (
        "The <b>{old}</b> was divided among: {units}. The data does not say which village or "
        "residential group went where."
    ),
    "place_answer_ambiguous": "<b>{name}</b> could be several places:",
    "place_answer_where": "Commune-level procedures: apply at {centre}.",
    "place_answer_source": "<i>Under Resolution 1665/NQ-UBTVQH15, in force since 1/7/2025.</i>",
}
