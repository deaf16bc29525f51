"""Column headers and cell words of the tables people open: `status` (table, CSV), report .csv.

The JSON output keeps its English keys (a contract for programs); these are for people.
"""

TEXTS: dict[str, dict[str, str]] = {
    "col.campaign": {"vi": "Đợt báo cáo", "en": "Campaign"},
    "col.period": {"vi": "Mã kỳ", "en": "Period"},
    "col.period_label": {"vi": "Kỳ báo cáo", "en": "Period name"},
    "col.school": {"vi": "Mã trường", "en": "School code"},
    "col.school_name": {"vi": "Tên trường", "en": "School name"},
    "col.level": {"vi": "Cấp học", "en": "Level"},
    "col.status_label": {"vi": "Tình trạng", "en": "Status"},
    "col.overdue": {"vi": "Quá hạn", "en": "Overdue"},
    "col.completed_at": {"vi": "Nộp đủ lúc", "en": "Complete at"},
    "col.days_late": {"vi": "Số ngày trễ", "en": "Days late"},
    "col.files": {"vi": "Tệp đã nộp", "en": "Files"},
    "col.problems": {"vi": "Vấn đề", "en": "Problems"},
    "col.warnings": {"vi": "Lưu ý", "en": "To check"},
    "col.note": {"vi": "Ghi chú", "en": "Note"},
    "cell.yes": {"vi": "có", "en": "yes"},
    "cell.no": {"vi": "không", "en": "no"},
    "table.school": {"vi": "Trường", "en": "School"},
    "table.period": {"vi": "Kỳ", "en": "Period"},
    "table.status": {"vi": "Tình trạng", "en": "Status"},
    "table.completed": {"vi": "Nộp đủ lúc", "en": "Complete at"},
    "table.files": {"vi": "Tệp", "en": "Files"},
    "table.problems": {"vi": "Vấn đề", "en": "Problems"},
    "table.note": {"vi": "Ghi chú", "en": "Notes"},
    "table.with_warning": {"vi": "{status} · lưu ý", "en": "{status} · to check"},
    "table.warning_line": {"vi": "lưu ý: {text}", "en": "to check: {text}"},
    "table.not_read": {
        "vi": "Chưa đọc thư mục",
        "en": "Folder not read yet",
    },
}
