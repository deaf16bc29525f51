"""Statuses, roles and the file notes that go with them."""

TEXTS: dict[str, dict[str, str]] = {
    "no_word": {"vi": "Chưa có tệp Word.", "en": "No Word file yet."},
    "no_scan": {"vi": "Chưa có bản scan có chữ ký.", "en": "No signed scan yet."},
    "file_problem": {"vi": "Tệp «{name}»: {message}", "en": "File «{name}»: {message}"},
    "status.pending": {"vi": "Chưa nộp (còn hạn)", "en": "Not yet (before deadline)"},
    "status.incomplete": {"vi": "Nộp thiếu", "en": "Incomplete"},
    "status.malformed": {"vi": "Tệp lỗi", "en": "Unusable file"},
    "status.on_time": {"vi": "Đúng hạn", "en": "On time"},
    "status.late": {"vi": "Trễ hạn", "en": "Late"},
    "status.missing": {"vi": "Chưa nộp (quá hạn)", "en": "Missing"},
    "status.excused": {"vi": "Được miễn", "en": "Excused"},
    "role.word": {"vi": "Word", "en": "Word"},
    "role.scan": {"vi": "Bản scan", "en": "Scan"},
    "role.extra": {"vi": "Khác", "en": "Other"},
    "before_opening": {
        "vi": "tải lên trước ngày mở kỳ báo cáo ({opens}), không tính cho kỳ này.",
        "en": "uploaded before the period opened ({opens}); it does not count for this period.",
    },
    "unchecked": {"vi": "Chưa kiểm tra được tệp.", "en": "The file could not be checked yet."},
}
