"""What `watcher archive verify` and `watcher archive rebuild` tell the admin."""

TEXTS: dict[str, dict[str, str]] = {
    "archive.off": {
        "vi": 'Kho lưu trữ đang tắt (archive_dir = "") trong cấu hình.',
        "en": 'The archive is turned off (archive_dir = "") in the config.',
    },
    "archive.unreadable": {
        "vi": "{campaign}: không đọc được {path}",
        "en": "{campaign}: cannot read {path}",
    },
    "archive.changed": {
        "vi": "{campaign}: ĐÃ BỊ SỬA (nội dung khác với danh mục): {path}",
        "en": "{campaign}: CHANGED (content differs from the manifest): {path}",
    },
    "archive.missing": {"vi": "{campaign}: MẤT: {path}", "en": "{campaign}: MISSING: {path}"},
    "archive.untracked": {
        "vi": "{campaign}: không có trong danh mục (để nguyên): {path}",
        "en": "{campaign}: not in the manifest (left alone): {path}",
    },
    "archive.verified": {
        "vi": "{campaign}: {verdict}: đã kiểm tra {checked} tệp, {changed} bị sửa, {missing} bị "
        "mất — {folder}",
        "en": "{campaign}: {verdict}: {checked} file(s) checked, {changed} changed, {missing} "
        "missing — {folder}",
    },
    "archive.ok": {"vi": "TỐT", "en": "OK"},
    "archive.problems": {"vi": "CÓ VẤN ĐỀ", "en": "PROBLEMS"},
    "archive.set_aside": {
        "vi": "{campaign}: bản sao hỏng được để riêng thành {path}",
        "en": "{campaign}: damaged copy kept aside as {path}",
    },
    "archive.unrecoverable": {
        "vi": "{campaign}: không khôi phục được {path}: không có trong bộ nhớ đệm nội dung",
        "en": "{campaign}: cannot restore {path}: not in the content cache",
    },
    "archive.rebuilt": {
        "vi": "{campaign}: khôi phục {restored} tệp, lưu trữ mới {written} tệp",
        "en": "{campaign}: {restored} restored, {written} newly archived",
    },
    "archive.failed": {
        "vi": "{campaign}: lưu trữ không thành công; chi tiết ở nhật ký (log)",
        "en": "{campaign}: archiving failed; the details are in the log",
    },
}
