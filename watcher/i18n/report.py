"""The department's own report (watcher/report/)."""

TEXTS: dict[str, dict[str, str]] = {
    "report.nation": {
        "vi": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "en": "SOCIALIST REPUBLIC OF VIET NAM",
    },
    "report.motto": {
        "vi": "Độc lập - Tự do - Hạnh phúc",
        "en": "Independence - Freedom - Happiness",
    },
    "report.number": {"vi": "Số: {number}", "en": "No.: {number}"},
    "report.date_line": {
        "vi": "{place}, ngày {day} tháng {month} năm {year}",
        "en": "{place}, {day} {month_name} {year}",
    },
    "report.kind": {"vi": "BÁO CÁO", "en": "REPORT"},
    "report.subject": {
        "vi": "Tổng hợp tình hình nộp {what} — {campaign}",
        "en": "Summary of submissions: {what} — {campaign}",
    },
    "report.what_all": {"vi": "báo cáo của các đơn vị", "en": "all periods"},
    "report.intro": {
        "vi": "Thực hiện chế độ báo cáo theo {campaign}, tình hình nộp báo cáo của các đơn vị "
        "(số liệu cập nhật đến {as_of}) như sau:",
        "en": "Under {campaign}, the schools' submissions (data as of {as_of}) stand as follows:",
    },
    "report.period_heading": {
        "vi": "{label} (hạn nộp: {deadline})",
        "en": "{label} (deadline: {deadline})",
    },
    "report.before": {"vi": "trước ngày {date}", "en": "before {date}"},
    "report.summary_heading": {"vi": "Tổng hợp chung", "en": "Overview"},
    "report.summary_text": {
        "vi": "Tổng số đơn vị phải nộp: {total}; đã nộp đủ: {complete} "
        "(đúng hạn: {on_time}, trễ hạn: {late}); chưa nộp đủ: {outstanding}; được miễn: {excused}.",
        "en": "Schools required to submit: {total}; complete: {complete} "
        "(on time: {on_time}, late: {late}); not complete: {outstanding}; excused: {excused}.",
    },
    "report.detail_heading": {"vi": "Danh sách chi tiết", "en": "Every school"},
    "report.outstanding_heading": {
        "vi": "Các đơn vị chưa nộp đủ báo cáo",
        "en": "Schools that have not submitted everything",
    },
    "report.none_outstanding": {
        "vi": "Tất cả các đơn vị đã nộp đủ báo cáo.",
        "en": "Every school has submitted everything.",
    },
    "report.group": {"vi": "{status} ({count} đơn vị)", "en": "{status} ({count})"},
    "report.closing": {
        "vi": "Trên đây là báo cáo tổng hợp tình hình nộp báo cáo của các đơn vị./.",
        "en": "This concludes the summary of the schools' submissions.",
    },
    "report.recipients": {"vi": "Nơi nhận:", "en": "Recipients:"},
    "report.col.index": {"vi": "STT", "en": "No."},
    "report.col.code": {"vi": "Mã trường", "en": "Code"},
    "report.col.school": {"vi": "Trường", "en": "School"},
    "report.col.level": {"vi": "Cấp học", "en": "Level"},
    "report.col.status": {"vi": "Tình trạng", "en": "Status"},
    "report.col.deadline": {"vi": "Hạn nộp", "en": "Deadline"},
    "report.col.received": {"vi": "Ngày nhận đủ", "en": "Complete at"},
    "report.col.days_late": {"vi": "Số ngày trễ", "en": "Days late"},
    "report.col.files": {"vi": "Tệp đã nộp", "en": "Files"},
    "report.col.problems": {"vi": "Vấn đề", "en": "Problems"},
    "report.col.notes": {"vi": "Vấn đề / ghi chú", "en": "Problems / notes"},
    "report.col.note": {"vi": "Ghi chú", "en": "Note"},
    "report.col.total": {"vi": "Tổng số", "en": "Total"},
    "report.total_row": {"vi": "Tổng cộng", "en": "Total"},
    "report.extension": {
        "vi": "Được gia hạn đến hết ngày {until}",
        "en": "Extended to the end of {until}",
    },
    "report.reason": {"vi": "Lý do: {reason}", "en": "Reason: {reason}"},
    "report.to_check": {"vi": "Lưu ý: {text}", "en": "To check: {text}"},
    "report.sheet_summary": {"vi": "Tổng hợp", "en": "Summary"},
    "report.col.period": {"vi": "Kỳ báo cáo", "en": "Period"},
    "report.at": {"vi": "{hour} giờ {minute} ngày {date}", "en": "{date} {hour}:{minute}"},
}
