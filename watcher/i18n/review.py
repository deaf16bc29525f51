"""Files that cannot be read, the review queue (`watcher review`) and `watcher place`."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "unreadable.denied": {
        "vi": "Không đọc được tệp: máy chủ chạy watcher không có quyền đọc tệp này (kiểm tra "
        "quyền của thư mục chia sẻ). Sẽ thử lại ở lần đọc thư mục sau.",
        "en": "The file could not be read: the server running watcher has no permission to "
        "read it (check the shared folder's permissions). It is tried again at the next poll.",
    },
    "unreadable.vanished": {
        "vi": "Tệp biến mất trong lúc đang đọc (có thể đang được chép vào hoặc đổi tên). Sẽ thử "
        "lại ở lần đọc thư mục sau.",
        "en": "The file disappeared while it was being read (it may be being copied in or "
        "renamed). It is tried again at the next poll.",
    },
    "unreadable.not_a_file": {
        "vi": "Đây không phải là một tệp thông thường (ống dẫn, thiết bị…) nên không đọc được.",
        "en": "This is not a regular file (a pipe or a device), so it cannot be read.",
    },
    "unreadable.broken": {
        "vi": "Không đọc được tệp (liên kết hỏng hoặc lỗi ổ đĩa). Sẽ thử lại ở lần đọc thư mục "
        "sau.",
        "en": "The file could not be read (a broken link or a disk error). It is tried again "
        "at the next poll.",
    },
    # the review queue
    "review.decided_line": {
        "vi": "Cán bộ đã quyết định ({by}, {at}; placements.toml dòng {line})",
        "en": "Decided by staff ({by}, {at}; placements.toml line {line})",
    },
    "review.ignored": {
        "vi": "Cán bộ đã đánh dấu: không phải bài nộp.",
        "en": "Marked by staff: not a submission.",
    },
    "review.school_placeholder": {"vi": "<mã-trường>", "en": "<school-code>"},
    "review.period_placeholder": {"vi": "<mã-kỳ>", "en": "<period-id>"},
    "review.title": {
        "vi": "[{campaign}] {count} tệp chờ cán bộ xác định",
        "en": "[{campaign}] {count} file(s) waiting for staff",
    },
    "review.empty": {
        "vi": "[{campaign}] Không có tệp nào chờ xác định.",
        "en": "[{campaign}] No file is waiting for staff.",
    },
    "review.folder": {"vi": "thư mục", "en": "folder"},
    "review.uploaded": {"vi": "tải lên", "en": "uploaded"},
    "review.reason": {"vi": "Lý do", "en": "Reason"},
    "review.problem": {"vi": "Vấn đề", "en": "Problem"},
    "review.schools": {"vi": "Trường có thể", "en": "Could be"},
    "review.periods": {"vi": "Kỳ có thể", "en": "Period"},
    "review.none": {"vi": "(không có)", "en": "(none)"},
    "review.place": {"vi": "Xếp vào trường", "en": "Place it"},
    "review.ignore": {"vi": "Không phải bài nộp", "en": "Not a submission"},
    "review.never_polled": {
        "vi": "[{campaign}] Chưa có lần đọc thư mục nào thành công (chạy `watcher poll`).",
        "en": "[{campaign}] No poll has succeeded yet (run `watcher poll`).",
    },
    # watcher place
    "place.placed": {
        "vi": "Đã ghi vào {path}: tệp «{name}» thuộc {school}, kỳ {period}{role}.",
        "en": "Written to {path}: the file «{name}» belongs to {school}, period {period}{role}.",
    },
    "place.role": {"vi": " (vai trò: {role})", "en": " (role: {role})"},
    "place.ignored": {
        "vi": "Đã ghi vào {path}: tệp «{name}» không phải bài nộp; tệp được bỏ khỏi danh sách chờ.",
        "en": "Written to {path}: the file «{name}» is not a submission; it leaves the review "
        "queue.",
    },
    "place.next_poll": {
        "vi": "Lần đọc thư mục tiếp theo (`watcher poll` hoặc dịch vụ đang chạy) sẽ áp dụng.",
        "en": "The next poll (`watcher poll`, or the running service) applies it.",
    },
    "place.was": {
        "vi": "Trước đó tệp này được xếp vào {school}, kỳ {period}.",
        "en": "Until now this file was placed at {school}, period {period}.",
    },
    "place.alias": {
        "vi": "Tên tệp viết tên trường là «{alias}», danh sách trường chưa có cách viết này. Để "
        "lần sau tự nhận ra, sửa dòng {line} của {roster} thành:",
        "en": "The file spells the school «{alias}», which the roster lacks. To have such files "
        "found by themselves next time, change line {line} of {roster} to:",
    },
    "place.alias_column": {
        "vi": "Tên tệp viết tên trường là «{alias}», danh sách trường chưa có cách viết này. Để "
        "lần sau tự nhận ra, thêm cột aliases (Tên khác) vào {roster} và ghi «{alias}» ở dòng "
        "{line}.",
        "en": "The file spells the school «{alias}», which the roster lacks. To have such files "
        "found by themselves next time, add an aliases column to {roster} and write «{alias}» "
        "on line {line}.",
    },
    "place.no_file": {
        "vi": "Không có tệp nào tên hoặc mã «{file}» trong các lần đọc thư mục; `watcher review` "
        "liệt kê các tệp chờ xác định.",
        "en": "No file with the name or id «{file}» was seen by a poll; `watcher review` lists "
        "the files waiting for staff.",
    },
    "place.several": {
        "vi": "Có {count} tệp tên «{file}»; hãy ghi mã của một tệp:",
        "en": "{count} files are called «{file}»; give the id of one:",
    },
    "place.no_school": {
        "vi": "Không có trường mã «{code}» trong {roster}{hint}.",
        "en": "No school has the code «{code}» in {roster}{hint}.",
    },
    "place.no_period": {
        "vi": "Chiến dịch {campaign} không có kỳ mã «{period}»; các kỳ: {periods}.",
        "en": "Campaign {campaign} has no period «{period}»; periods: {periods}.",
    },
    "place.need_target": {
        "vi": "Hãy ghi --school MÃ và --period KỲ, hoặc --ignore nếu tệp không phải bài nộp.",
        "en": "Give --school CODE and --period ID, or --ignore when the file is not a submission.",
    },
    "place.both": {
        "vi": "--ignore không đi cùng --school, --period hay --role.",
        "en": "--ignore does not go with --school, --period or --role.",
    },
    "place.hint": {"vi": " (có phải «{close}»?)", "en": " (did you mean «{close}»?)"},
    "place.campaign": {
        "vi": "Không có chiến dịch mã «{campaign}»; các chiến dịch: {campaigns}.",
        "en": "No campaign has the id «{campaign}»; campaigns: {campaigns}.",
    },
    "place.refused": {
        "vi": "Không ghi được vì cấu hình sẽ có lỗi (tệp placements.toml giữ nguyên):",
        "en": "Not written: the configuration would have problems (placements.toml is unchanged):",
    },
    # the placements file (what `watcher check` says about it)
    "placements.unreadable": {
        "vi": "không đọc được tệp placements.toml (kiểm tra quyền đọc và bảng mã UTF-8)",
        "en": "cannot read placements.toml (check that it may be read and is UTF-8)",
    },
    "placements.only_entries": {
        "vi": "không có khóa {name}; tệp này chỉ chứa các mục [[placement]]",
        "en": "unknown key {name}; this file holds only [[placement]] entries",
    },
    "placements.double_brackets": {
        "vi": "viết [[placement]] với hai dấu ngoặc vuông, mỗi quyết định một mục",
        "en": "write [[placement]] with double brackets, one entry per decision",
    },
    "placements.ignore_bool": {
        "vi": "viết ignore = true (hoặc bỏ dòng này)",
        "en": "write ignore = true (or leave it out)",
    },
    "placements.bad_time": {
        "vi": "{value} không phải thời điểm (viết dạng 2024-05-30T08:00:00+07:00)",
        "en": "{value} is not a time (write it as 2024-05-30T08:00:00+07:00)",
    },
    "placements.need_file": {
        "vi": 'ghi rõ tệp nào: file = "<mã tệp>" (như `watcher review` hiển thị)',
        "en": 'say which file: file = "<its id>" (as `watcher review` shows it)',
    },
    "placements.ignore_alone": {
        "vi": "mục có ignore = true không xếp tệp vào đâu; bỏ một trong hai",
        "en": "an entry with ignore = true places nothing; remove one of the two",
    },
    "placements.bad_role": {
        "vi": "{value} không phải vai trò; ghi word hoặc scan",
        "en": "{value} is not a role; write word or scan",
    },
    "placements.need_school": {
        "vi": "ghi mã trường (school = ...) hoặc ignore = true",
        "en": "give the school's code (school = ...) or ignore = true",
    },
    "placements.need_period": {
        "vi": "ghi mã kỳ báo cáo (period = ...) hoặc ignore = true",
        "en": "give the period's id (period = ...) or ignore = true",
    },
    "check.placement_unknown": {
        "vi": "cảnh báo: {where}: tệp «{file}» không có trong nguồn của chiến dịch {campaign} "
        "(đã bị xoá hoặc đổi tên?); mục này không còn tác dụng",
        "en": "warning: {where}: the file «{file}» is not in campaign {campaign}'s source "
        "(deleted or renamed?); this entry does nothing",
    },
}


def unreadable_message(kind: str, language: str) -> str:
    texts = TEXTS.get(f"unreadable.{kind}") or TEXTS["unreadable.broken"]
    return texts["en"] if language == "en" else texts["vi"]
