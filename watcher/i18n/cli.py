"""What the commands print for the admin: summaries, refusals, hints (`watcher …` output)."""

TEXTS: dict[str, dict[str, str]] = {
    "cli.config_problems": {
        "vi": "Cấu hình có {count} lỗi:",
        "en": "The configuration has {count} problem(s):",
    },
    "cli.not_a_time": {
        "vi": "{value} không phải thời điểm; viết dạng YYYY-MM-DD HH:MM",
        "en": "{value} is not a time; write it as YYYY-MM-DD HH:MM",
    },
    "cli.check_ok": {
        "vi": "Cấu hình hợp lệ: {path} — {campaigns} đợt báo cáo, {schools} dòng trường",
        "en": "OK: {path} — {campaigns} campaign(s), {schools} school rows",
    },
    "cli.folder_not_yet": {
        "vi": "lưu ý: {campaign}: chưa có thư mục {folder}; mọi lần quét sẽ lỗi cho đến khi có",
        "en": "warning: {campaign}: the folder {folder} does not exist yet; every poll fails "
        "until it does",
    },
    "cli.poll_ok": {
        "vi": "{campaign}: {changed} thay đổi, tải về {downloads} tệp, {transitions} trường đổi "
        "tình trạng",
        "en": "{campaign}: {changed} change(s), {downloads} download(s), {transitions} status "
        "change(s)",
    },
    "cli.poll_failed": {
        "vi": "{campaign}: lần quét không thành công, không có gì thay đổi: {reason}",
        "en": "{campaign}: poll failed, nothing changed: {reason}",
    },
    "cli.archived": {
        "vi": "lưu trữ: {count} bản sao mới",
        "en": "archive: {count} new cop(ies)",
    },
    "cli.mail_summary": {
        "vi": "thư: {queued} đưa vào hàng đợi, {sent} đã gửi, {retrying} sẽ thử lại, {failed} "
        "không gửi được",
        "en": "e-mail: {queued} queued, {sent} sent, {retrying} to retry, {failed} failed",
    },
    "cli.no_campaign": {
        "vi": "không có đợt báo cáo nào mã {value}{hint}; các đợt: {known}",
        "en": "no campaign has id {value}{hint}; campaigns: {known}",
    },
    "cli.no_period": {
        "vi": "không có kỳ nào mã {value}; các kỳ: {known}",
        "en": "no period has id {value}; periods: {known}",
    },
    "cli.never_read": {
        "vi": "{campaign}: thư mục chưa được đọc đầy đủ lần nào, nên chưa tính tệp nào đã nộp "
        "(chạy `watcher poll`, hoặc `watcher check --connect` để xem vì sao)",
        "en": "{campaign}: the folder has never been read completely, so no upload is counted "
        "(run `watcher poll`, or `watcher check --connect` to see why)",
    },
    "cli.explain_unknown": {
        "vi": "(chưa có tệp nào tên {value}; giải thích như thể tệp vừa được tải lên)",
        "en": "(no stored file is called {value}; explained as if uploaded now)",
    },
    "cli.report_failed": {
        "vi": "không tạo được báo cáo: {reason}",
        "en": "cannot write the report: {reason}",
    },
    "cli.cannot_write": {
        "vi": "không ghi được {path} (thư mục có tồn tại và cho phép ghi không?)",
        "en": "cannot write {path} (does the folder exist and may it be written?)",
    },
    "cli.wrote": {"vi": "đã ghi {path}", "en": "wrote {path}"},
    "cli.report_no_period": {
        "vi": "đợt {campaign} không có kỳ {value}{hint}; các kỳ: {known}",
        "en": "campaign {campaign} has no period {value}{hint}; periods: {known}",
    },
    "cli.report_never_polled": {
        "vi": "thư mục của đợt {campaign} chưa được đọc thành công lần nào, nên mọi trường sẽ "
        "như chưa nộp; hãy chạy `watcher poll` trước",
        "en": "campaign {campaign} has never been polled successfully, so every school would "
        "look missing; run `watcher poll` first",
    },
    "cli.report_format": {
        "vi": "không biết định dạng của {value}: tên tệp phải kết thúc bằng .docx, .xlsx hoặc .csv",
        "en": "cannot tell the format of {value}: the file name must end in .docx, .xlsx or .csv",
    },
    "cli.did_you_mean": {"vi": " (có phải là {name}?)", "en": " (did you mean {name}?)"},
    "cli.digest_one_of": {
        "vi": "chọn đúng một trong hai: --preview TỆP hoặc --send",
        "en": "give exactly one of --preview FILE or --send",
    },
    "cli.not_address": {
        "vi": "{value} không phải địa chỉ e-mail",
        "en": "{value} is not an e-mail address",
    },
    "cli.digest_sent": {
        "vi": "bản tin: {queued} đưa vào hàng đợi; thư: {sent} đã gửi, {retrying} sẽ thử lại, "
        "{failed} không gửi được",
        "en": "digest: {queued} queued; e-mail: {sent} sent, {retrying} to retry, {failed} failed",
    },
    "cli.test_failed": {
        "vi": "không gửi được thư thử qua {where}: {reason}",
        "en": "the test e-mail could not be sent via {where}: {reason}",
    },
    "cli.test_sent": {
        "vi": "đã gửi thư thử tới {address} qua {where} (Message-ID {identifier})",
        "en": "test e-mail sent to {address} via {where} (Message-ID {identifier})",
    },
    "cli.health_off": {
        "vi": "máy chủ kiểm tra sức khoẻ đang tắt (daemon.health_port = 0)",
        "en": "the health server is off (daemon.health_port = 0)",
    },
    "cli.health_silent": {
        "vi": "không có trả lời từ {url} (dịch vụ có đang chạy không?)",
        "en": "no answer from {url} (is the service running?)",
    },
}
