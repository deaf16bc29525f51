"""`watcher plan read` and `watcher init`: what a plan asks, and what is left to fill in."""

TEXTS: dict[str, dict[str, str]] = {
    "plan.not_found": {
        "vi": "Không tìm thấy tệp kế hoạch {path}.",
        "en": "The plan file {path} does not exist.",
    },
    "plan.unsupported": {
        "vi": "Chưa đọc được loại tệp này ({path}); hãy lưu kế hoạch thành .docx, .pdf hoặc .txt.",
        "en": "This kind of file can't be read ({path}); save the plan as .docx, .pdf or .txt.",
    },
    "plan.unreadable": {
        "vi": "Tệp {path} bị hỏng hoặc không phải tệp Word/PDF thật; hãy mở và lưu lại.",
        "en": "{path} is damaged or not really a Word/PDF file; open it and save it again.",
    },
    "plan.encrypted": {
        "vi": "Tệp PDF {path} có mật khẩu; hãy gửi bản không đặt mật khẩu.",
        "en": "The PDF {path} is password-protected; use a copy without a password.",
    },
    "plan.no_text": {
        "vi": "Tệp PDF {path} chỉ có hình ảnh (bản scan), không có chữ để đọc; "
        "hãy dùng bản Word hoặc PDF xuất từ Word.",
        "en": "The PDF {path} holds only images (a scan), no text to read; "
        "use the Word file or a PDF exported from Word.",
    },
    "plan.issuer": {"vi": "Cơ quan ban hành", "en": "Issued by"},
    "plan.issued": {"vi": "Ngày ban hành", "en": "Date"},
    "plan.title": {"vi": "Trích yếu", "en": "Subject"},
    "plan.require": {"vi": "Hồ sơ phải nộp", "en": "Files required"},
    "plan.channels": {"vi": "Nơi nộp", "en": "Where to send"},
    "plan.unknown": {"vi": "(không rõ)", "en": "(not found)"},
    "plan.col.last_moment": {"vi": "Hạn chót", "en": "Last moment"},
    "plan.col.label": {"vi": "Nội dung", "en": "What"},
    "plan.col.quote": {"vi": "Trích từ kế hoạch", "en": "Quoted from the plan"},
    "plan.monthly": {"vi": "hằng tháng, lần đầu {first}", "en": "monthly, first {first}"},
    "plan.yearly": {"vi": "hằng năm, lần đầu {first}", "en": "yearly, first {first}"},
    "plan.no_deadline": {
        "vi": "Kế hoạch này không nêu hạn nộp báo cáo nào.",
        "en": "This plan states no report deadline.",
    },
    "plan.channel.drive": {"vi": "thư mục Google Drive {url}", "en": "Google Drive folder {url}"},
    "plan.channel.email": {"vi": "thư điện tử {address}", "en": "e-mail {address}"},
    "plan.channel.paper": {"vi": "bản giấy", "en": "on paper"},
    "plan.role.word": {"vi": "tệp Word", "en": "a Word file"},
    "plan.role.scan": {"vi": "bản scan có chữ ký", "en": "a signed scan"},
}
