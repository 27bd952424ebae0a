"""Dossier status texts: labels, what to do next, reply fields, portal errors, code hints.

Keys (all prefixed ``status_``):

* ``status_label_<n>`` / ``status_next_<n>`` for every ``DossierStatus`` value 0–10
  (``DossierStatus.text_key`` / ``.next_step_key``); no parameters.
* ``status_err_*``: one per portal exception (``PortalError.text_key``); no parameters.
* ``status_code_<issue>``: one per ``CodeIssue`` (``CodeProblem.text_key``); parameters
  ``{code}`` and ``{part}`` (``CodeProblem.params()``).
* ``status_field_*``, ``status_channel_*`` and the deadline lines, with the parameters
  named in each template.
* ``status_guide_*`` and ``status_btn_enter_code``: the reply to a question about one's own dossier
  without its code (bot/render/status_guide.py).
"""

VI: dict[str, str] = {
    # Labels (citizen wording of the national 1–10 list).
    "status_label_0": "Trạng thái khác (xem nguyên văn)",
    "status_label_1": "Đã nộp, đang chờ cán bộ tiếp nhận",
    "status_label_2": "Đã tiếp nhận",
    "status_label_3": "Bị từ chối tiếp nhận",
    "status_label_4": "Đang xử lý",
    "status_label_5": "Cần bổ sung hồ sơ",
    "status_label_6": "Chờ nộp phí, lệ phí hoặc thuế",
    "status_label_7": "Đã rút hồ sơ",
    "status_label_8": "Dừng xử lý",
    "status_label_9": "Đã có kết quả, chờ trả",
    "status_label_10": "Đã trả kết quả",
    # What to do next.
    "status_next_0": (
        "Bot chưa hiểu trạng thái này. Bạn xem trạng thái nguyên văn ở trên hoặc tra cứu "
        "trên trang chính thức."
    ),
    "status_next_1": (
        "Bạn chưa cần làm gì. Cán bộ Bộ phận Một cửa sẽ kiểm tra hồ sơ; nếu cần bổ sung, "
        "bạn sẽ nhận được thông báo qua Cổng Dịch vụ công, tin nhắn hoặc email."
    ),
    "status_next_2": (
        "Bạn chưa cần làm gì: hồ sơ đã được nhận và có ngày hẹn trả kết quả. "
        "Giữ giấy biên nhận để nhận kết quả."
    ),
    "status_next_3": (
        "Xem lý do từ chối, chuẩn bị lại giấy tờ cho đúng rồi nộp hồ sơ mới (trực tuyến trên "
        "Cổng Dịch vụ công hoặc tại Bộ phận Một cửa)."
    ),
    "status_next_4": "Bạn chưa cần làm gì: cơ quan chuyên môn đang giải quyết hồ sơ.",
    "status_next_5": (
        "Bạn cần <b>bổ sung giấy tờ</b> theo lý do ở trên. Nộp bổ sung trực tuyến ở mục "
        "«Hồ sơ của tôi» trên Cổng Dịch vụ công (dichvucong.gov.vn), hoặc mang đến Bộ phận "
        "Một cửa nơi đã nộp hồ sơ. Thời hạn giải quyết tạm dừng cho đến khi bạn bổ sung xong."
    ),
    "status_next_6": (
        "Bạn cần <b>nộp phí, lệ phí hoặc thuế</b>. Thanh toán trực tuyến ở mục «Hồ sơ của tôi» "
        "trên Cổng Dịch vụ công, hoặc nộp tại Bộ phận Một cửa; giữ lại biên lai. Hồ sơ được "
        "xử lý tiếp sau khi bạn nộp xong."
    ),
    "status_next_7": "Hồ sơ đã được rút. Nếu vẫn cần làm thủ tục, bạn nộp một hồ sơ mới.",
    "status_next_8": (
        "Cơ quan giải quyết đã dừng xử lý hồ sơ. Xem lý do; cần hướng dẫn thêm, bạn liên hệ "
        "Bộ phận Một cửa nơi đã nộp hoặc Tổng đài 18001096."
    ),
    "status_next_9": (
        "<b>Kết quả đã sẵn sàng.</b> Mang giấy biên nhận và CCCD đến Bộ phận Một cửa nơi đã "
        "nộp hồ sơ để nhận, hoặc chờ bưu điện giao nếu bạn đã đăng ký nhận kết quả qua bưu chính."
    ),
    "status_next_10": (
        "Kết quả đã được trả. Bạn kiểm tra lại thông tin trên giấy tờ; nếu có sai sót, liên hệ "
        "nơi đã nộp hồ sơ."
    ),
    # Portal errors.
    "status_err_generic": (
        "Chưa tra cứu được hồ sơ. Bạn thử lại sau hoặc tra cứu trên trang chính thức."
    ),
    "status_err_invalid_code": (
        "Mã hồ sơ này không hợp lệ. Bạn kiểm tra lại mã trên giấy biên nhận."
    ),
    "status_err_not_found": (
        "Không tìm thấy hồ sơ với mã này. Bạn kiểm tra lại mã trên giấy biên nhận (mã hồ sơ / "
        "số biên nhận); hồ sơ vừa nộp có thể chưa hiện ngay."
    ),
    "status_err_owner_required": (
        "Để xem hồ sơ này, hệ thống cần số CCCD/hộ chiếu/mã số thuế của chủ hồ sơ "
        "(hoặc người được ủy quyền). Bot chỉ dùng số này để tra cứu và không hiển thị lại."
    ),
    "status_err_owner_mismatch": (
        "Số giấy tờ không khớp với chủ hồ sơ hoặc người được ủy quyền. Bạn kiểm tra lại số "
        "CCCD/hộ chiếu/mã số thuế đã khai khi nộp hồ sơ."
    ),
    "status_err_unavailable": (
        "Cổng dịch vụ công đang không phản hồi. Bạn thử lại sau ít phút, hoặc tra cứu trực "
        "tiếp trên trang chính thức."
    ),
    "status_err_bad_response": (
        "Cổng dịch vụ công trả về dữ liệu không đọc được. Bạn tra cứu trực tiếp trên trang "
        "chính thức; chúng tôi sẽ kiểm tra lại kết nối."
    ),
    "status_err_auth": (
        "Bot tạm thời không kết nối được với cổng dịch vụ công. Bạn tra cứu trực tiếp trên "
        "trang chính thức."
    ),
    # Malformed codes.
    "status_code_missing_part": (
        "Mã «{code}» có vẻ thiếu một phần. Mã hồ sơ gồm 3 phần nối bằng dấu gạch ngang: "
        "mã cơ quan-ngày-số thứ tự, ví dụ 000.17.22.H56-210531-0001."
    ),
    "status_code_too_many_parts": (
        "Mã «{code}» có quá nhiều dấu gạch ngang (thừa «{part}»). Mã hồ sơ có dạng "
        "mã cơ quan-ngày-số thứ tự, ví dụ 000.17.22.H56-210531-0001."
    ),
    "status_code_bad_agency": (
        "Phần mã cơ quan «{part}» chỉ gồm chữ in hoa, chữ số và dấu chấm, ví dụ 000.17.22.H56."
    ),
    "status_code_bad_date": (
        "Phần ngày «{part}» chưa đúng: cần 6 chữ số năm-tháng-ngày (ví dụ 210531 là "
        "31/05/2021) hoặc 8 chữ số (20260609)."
    ),
    "status_code_short_sequence": (
        "Số thứ tự «{part}» quá ngắn: phần cuối của mã thường có 4 chữ số trở lên, ví dụ 0001."
    ),
    "status_code_long_sequence": (
        "Số thứ tự «{part}» quá dài: phần cuối của mã có từ 4 đến 7 chữ số."
    ),
    "status_code_letter_in_number": (
        "Phần «{part}» có chữ cái ở chỗ cần chữ số (ví dụ chữ O thay cho số 0). "
        "Bạn kiểm tra lại mã trên giấy biên nhận."
    ),
    "status_code_bad_bhxh": (
        "Mã hồ sơ BHXH có dạng 5 số/năm/5 số, ví dụ 03706/2026/07906; phần «{part}» chưa đúng."
    ),
    # Reply fields.
    "status_field_code": "Mã hồ sơ: {value}",
    "status_field_procedure": "Thủ tục: {value}",
    "status_field_status": "Trạng thái: {value}",
    "status_field_portal_label": "Trạng thái trên cổng: {value}",
    "status_field_submitted": "Ngày nộp: {value}",
    "status_field_received": "Ngày tiếp nhận: {value}",
    "status_field_appointment": "Ngày hẹn trả: {value}",
    "status_field_completed": "Ngày xử lý xong: {value}",
    "status_field_returned": "Ngày trả kết quả: {value}",
    "status_field_unit": "Đơn vị xử lý: {value}",
    "status_field_step": "Bước hiện tại: {value}",
    "status_field_reason": "Lý do: {value}",
    "status_reason_missing": (
        "Lý do: cổng chưa ghi. Bạn xem thông báo ở mục «Hồ sơ của tôi» trên Cổng Dịch vụ công "
        "hoặc hỏi Bộ phận Một cửa nơi đã nộp hồ sơ."
    ),
    "status_field_channel": "Hình thức nộp: {value}",
    "status_field_payment": "Tình trạng thu phí: {value}",
    "status_field_postal": "Mã vận đơn bưu điện: {value}",
    "status_channel_in_person": "Trực tiếp",
    "status_channel_online": "Trực tuyến",
    "status_channel_post": "Qua bưu chính công ích",
    # Deadlines and links.
    "status_days_left": "Còn {days} ngày làm việc đến ngày hẹn trả ({date}).",
    "status_due_today": "Hôm nay là ngày hẹn trả kết quả ({date}).",
    "status_overdue": "Đã quá ngày hẹn trả {days} ngày làm việc (hẹn {date}).",
    "status_paused": "Thời hạn giải quyết đang tạm dừng trong khi chờ bạn.",
    "status_official_lookup": "Tra cứu trên trang chính thức: {url}",
    "status_hotline": "Tổng đài hỗ trợ Cổng Dịch vụ công quốc gia: 18001096.",
    "status_history_title": "Quá trình xử lý:",
    "status_history_item": "{at} – {action}",
    "status_ask_code": (
        "Bạn gửi mã hồ sơ (số biên nhận) in trên giấy biên nhận, ví dụ 000.17.22.H56-210531-0001."
    ),
    "status_ask_owner_id": (
        "Bạn gửi số CCCD/hộ chiếu/mã số thuế của chủ hồ sơ để tra cứu. "
        "Số này được mã hóa khi lưu và không hiển thị lại."
    ),
    # A question about one's own dossier without its code: where to find the code.
    "status_guide_title": "📋 <b>Xem hồ sơ bạn đã nộp đang ở bước nào</b>",
    "status_guide_code": (
        "Bot cần <b>mã hồ sơ</b> (số biên nhận). Bạn tìm mã ở:\n"
        "• <b>Phiếu tiếp nhận và hẹn trả kết quả</b> (giấy biên nhận) nhận khi nộp hồ sơ;\n"
        "• <b>tin nhắn SMS hoặc email</b> Cổng Dịch vụ công gửi khi bạn nộp trực tuyến;\n"
        "• mục <b>«Hồ sơ của tôi»</b> trên dichvucong.gov.vn hoặc trong ứng dụng VNeID.\n"
        "Mã có dạng 000.17.22.H56-210531-0001 (hồ sơ BHXH: 03706/2026/07906)."
    ),
    "status_guide_enter": (
        "Bấm «✍️ Nhập mã hồ sơ» rồi gửi mã: bot tra tình trạng, số ngày còn lại đến ngày hẹn "
        "trả, và có thể theo dõi, báo bạn khi hồ sơ thay đổi hoặc quá hẹn."
    ),
    "status_guide_lookup": "Hoặc tự tra cứu trên trang chính thức: {url}",
    "status_guide_procedure": "⏱ <b>Thời hạn giải quyết thường</b> của <i>{title}</i>:",
    "status_guide_time_line": "• {channel}: {time}",
    "status_guide_no_time": "• Danh mục chưa có thông tin thời hạn của thủ tục này.",
    "status_guide_late": (
        "⏰ <b>Nếu đã quá ngày hẹn trả</b> ghi trên phiếu hẹn mà chưa có kết quả: liên hệ "
        "Bộ phận Một cửa (Trung tâm Phục vụ hành chính công) nơi bạn đã nộp hồ sơ, mang theo "
        "phiếu hẹn; nộp trực tuyến thì xem thông báo ở mục «Hồ sơ của tôi» trên Cổng Dịch vụ "
        "công. Cần hỗ trợ thêm: Tổng đài Cổng Dịch vụ công quốc gia <b>{hotline}</b> "
        "(email dichvucong@chinhphu.vn)."
    ),
    "status_btn_enter_code": "✍️ Nhập mã hồ sơ",
}

EN: dict[str, str] = {
    "status_label_0": "Other status (see the portal's wording)",
    "status_label_1": "Submitted, waiting to be received",
    "status_label_2": "Received",
    "status_label_3": "Refused at reception",
    "status_label_4": "Being processed",
    "status_label_5": "More documents required",
    "status_label_6": "Waiting for fees, charges or tax",
    "status_label_7": "Withdrawn",
    "status_label_8": "Processing stopped",
    "status_label_9": "Result ready for collection",
    "status_label_10": "Result handed over",
    "status_next_0": (
        "The bot does not recognise this status. See the portal's wording above or check on "
        "the official page."
    ),
    "status_next_1": (
        "Nothing to do yet. The one-stop desk will check the dossier; if anything is missing "
        "you will be told through the public-service portal, by SMS or by e-mail."
    ),
    "status_next_2": (
        "Nothing to do yet: the dossier was received and has an appointment date. "
        "Keep your receipt to collect the result."
    ),
    "status_next_3": (
        "Read the reason for the refusal, prepare the documents again and submit a new "
        "dossier (online on the public-service portal or at the one-stop desk)."
    ),
    "status_next_4": "Nothing to do yet: the responsible agency is processing the dossier.",
    "status_next_5": (
        "You need to <b>supply more documents</b> as explained in the reason above. Upload "
        "them online under «My dossiers» on the public-service portal (dichvucong.gov.vn) or "
        "bring them to the one-stop desk where you applied. The time limit is paused until "
        "you do."
    ),
    "status_next_6": (
        "You need to <b>pay a fee, charge or tax</b>. Pay online under «My dossiers» on the "
        "public-service portal or at the one-stop desk, and keep the receipt. Processing "
        "continues once you have paid."
    ),
    "status_next_7": (
        "The dossier was withdrawn. If you still need the procedure, submit a new one."
    ),
    "status_next_8": (
        "The agency stopped processing the dossier. Read the reason; for help, contact the "
        "one-stop desk where you applied or the hotline 18001096."
    ),
    "status_next_9": (
        "<b>The result is ready.</b> Bring your receipt and ID card to the one-stop desk where "
        "you applied, or wait for the post if you chose delivery by public postal service."
    ),
    "status_next_10": (
        "The result was handed over. Check the details on the documents; if anything is "
        "wrong, contact the office where you applied."
    ),
    "status_err_generic": (
        "The dossier could not be checked. Please try again later or use the official page."
    ),
    "status_err_invalid_code": (
        "This dossier code is not valid. Please check the code on your receipt."
    ),
    "status_err_not_found": (
        "No dossier with this code was found. Please check the code on your receipt (dossier "
        "code / receipt number); a dossier submitted just now may not show yet."
    ),
    "status_err_owner_required": (
        "To show this dossier the portal needs the owner's (or authorised person's) ID card, "
        "passport or tax number. The bot uses it only for the lookup and never shows it again."
    ),
    "status_err_owner_mismatch": (
        "The ID number does not match the dossier's owner or authorised person. Please check "
        "the ID card, passport or tax number given when applying."
    ),
    "status_err_unavailable": (
        "The public-service portal is not responding. Please try again in a few minutes, or "
        "check on the official page."
    ),
    "status_err_bad_response": (
        "The public-service portal sent data the bot cannot read. Please check on the "
        "official page; we will look into the connection."
    ),
    "status_err_auth": (
        "The bot cannot connect to the public-service portal at the moment. Please check on "
        "the official page."
    ),
    "status_code_missing_part": (
        "The code «{code}» seems to miss a part. A dossier code has 3 parts joined by dashes: "
        "agency code-date-sequence number, e.g. 000.17.22.H56-210531-0001."
    ),
    "status_code_too_many_parts": (
        "The code «{code}» has too many dashes (extra «{part}»). A dossier code looks like "
        "agency code-date-sequence number, e.g. 000.17.22.H56-210531-0001."
    ),
    "status_code_bad_agency": (
        "The agency part «{part}» may contain only capital letters, digits and dots, "
        "e.g. 000.17.22.H56."
    ),
    "status_code_bad_date": (
        "The date part «{part}» is not valid: it should be 6 digits year-month-day (210531 is "
        "31/05/2021) or 8 digits (20260609)."
    ),
    "status_code_short_sequence": (
        "The sequence number «{part}» is too short: the last part usually has 4 or more "
        "digits, e.g. 0001."
    ),
    "status_code_long_sequence": (
        "The sequence number «{part}» is too long: the last part has 4 to 7 digits."
    ),
    "status_code_letter_in_number": (
        "The part «{part}» has a letter where a digit belongs (e.g. the letter O for zero). "
        "Please check the code on your receipt."
    ),
    "status_code_bad_bhxh": (
        "A social-insurance (BHXH) dossier number looks like 5 digits/year/5 digits, "
        "e.g. 03706/2026/07906; the part «{part}» is not right."
    ),
    "status_field_code": "Dossier code: {value}",
    "status_field_procedure": "Procedure: {value}",
    "status_field_status": "Status: {value}",
    "status_field_portal_label": "Status on the portal: {value}",
    "status_field_submitted": "Submitted: {value}",
    "status_field_received": "Received: {value}",
    "status_field_appointment": "Appointment date: {value}",
    "status_field_completed": "Processed: {value}",
    "status_field_returned": "Result handed over: {value}",
    "status_field_unit": "Processing unit: {value}",
    "status_field_step": "Current step: {value}",
    "status_field_reason": "Reason: {value}",
    "status_reason_missing": (
        "Reason: not given on the portal. Look for the notice under «My dossiers» on the "
        "public-service portal or ask the one-stop desk where you applied."
    ),
    "status_field_channel": "Channel: {value}",
    "status_field_payment": "Fee status: {value}",
    "status_field_postal": "Postal tracking number: {value}",
    "status_channel_in_person": "in person",
    "status_channel_online": "online",
    "status_channel_post": "by public postal service",
    "status_days_left": "{days} working days left until the appointment date ({date}).",
    "status_due_today": "Today is the appointment date ({date}).",
    "status_overdue": "Overdue by {days} working days (appointment date {date}).",
    "status_paused": "The time limit is paused while the agency waits for you.",
    "status_official_lookup": "Check on the official page: {url}",
    "status_hotline": "National public-service portal hotline: 18001096.",
    "status_history_title": "Processing history:",
    "status_history_item": "{at} – {action}",
    "status_ask_code": (
        "Please send the dossier code (receipt number) printed on your receipt, "
        "e.g. 000.17.22.H56-210531-0001."
    ),
    "status_ask_owner_id": (
        "Please send the dossier owner's ID card, passport or tax number for the lookup. "
        "It is stored encrypted and never shown again."
    ),
    "status_guide_title": "📋 <b>See where the dossier you submitted has got to</b>",
    "status_guide_code": (
        "The bot needs the <b>dossier code</b> (receipt number). You will find it:\n"
        "• on the <b>receipt and appointment slip</b> (Phiếu tiếp nhận và hẹn trả kết quả) "
        "you got when you applied;\n"
        "• in the <b>SMS or e-mail</b> the public-service portal sent when you applied online;\n"
        "• under <b>«My dossiers»</b> (Hồ sơ của tôi) on dichvucong.gov.vn or in the VNeID "
        "app.\n"
        "A code looks like 000.17.22.H56-210531-0001 (social insurance: 03706/2026/07906)."
    ),
    "status_guide_enter": (
        "Tap «✍️ Enter the dossier code» and send the code: the bot checks the status and the "
        "working days left until the appointment date, and can follow the dossier and tell "
        "you when it changes or runs late."
    ),
    "status_guide_lookup": "Or check it yourself on the official page: {url}",
    "status_guide_procedure": "⏱ <b>Usual processing time</b> of <i>{title}</i>:",
    "status_guide_time_line": "• {channel}: {time}",
    "status_guide_no_time": "• The catalog has no processing time for this procedure yet.",
    "status_guide_late": (
        "⏰ <b>If the appointment date</b> on your slip has passed without a result: contact "
        "the one-stop desk (public administration service centre) where you applied and bring "
        "the slip; if you applied online, look for the notice under «My dossiers» on the "
        "public-service portal. For more help: the national public-service portal hotline "
        "<b>{hotline}</b> (e-mail dichvucong@chinhphu.vn)."
    ),
    "status_btn_enter_code": "✍️ Enter the dossier code",
}
