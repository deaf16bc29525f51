"""What admins read about mail and state: alerts, superseded mail, the outbox, the state guard."""

TEXTS: dict[str, dict[str, str]] = {
    # --- why a queued e-mail was not sent (stored with it, shown by `watcher outbox`) ---
    "mail.superseded.settled": {
        "vi": "không gửi: trường đã ở trạng thái «{status}» trước khi thư đi",
        "en": "not sent: the school was already «{status}» when it was due to leave",
    },
    "mail.superseded.deadline_passed": {
        "vi": "không gửi: đã quá hạn nộp trước khi thư nhắc đi được",
        "en": "not sent: the deadline passed before the reminder could leave",
    },
    "mail.superseded.held": {
        "vi": "không gửi: trường có tệp chưa rõ kỳ báo cáo, có thể đã nộp",
        "en": "not sent: the school has an upload of unclear period and may have submitted",
    },
    "mail.superseded.not_true": {
        "vi": "không gửi: nội dung không còn đúng (trạng thái hiện tại «{status}»)",
        "en": "not sent: no longer true (the status is now «{status}»)",
    },
    "mail.superseded.no_campaign": {
        "vi": "không gửi: đợt báo cáo «{campaign}» không còn trong cấu hình",
        "en": "not sent: the campaign «{campaign}» is no longer in the configuration",
    },
    "mail.superseded.no_row": {
        "vi": "không gửi: trường hoặc kỳ báo cáo không còn trong danh sách",
        "en": "not sent: the school or the period is no longer in the roster",
    },
    "mail.superseded.recovered": {
        "vi": "không gửi: máy chủ thư đã nhận lại thư; thư báo khôi phục thay cho thư này",
        "en": "not sent: the mail server accepts mail again; the recovery note replaces it",
    },
    "mail.superseded.unverified": {
        "vi": "không gửi: chưa đọc được thư mục nộp bài sau hạn nộp, chưa thể xác minh",
        "en": "not sent: the upload folder has not been read since the deadline; unverified",
    },
    # --- alerts to admins ---
    "mail.alert.config_refused.subject": {
        "vi": "watcher: cấu hình vừa sửa có lỗi; vẫn chạy theo cấu hình cũ",
        "en": "watcher: the edited configuration has problems; still running on the previous one",
    },
    "mail.alert.config_refused.intro": {
        "vi": "Tệp {path} vừa sửa chưa được dùng. Vui lòng sửa các lỗi sau rồi lưu lại:",
        "en": "The edited file {path} was not loaded. Fix these and save again:",
    },
    "mail.alert.smtp_refused.subject": {
        "vi": "watcher: máy chủ thư không nhận thư; thư đang chờ gửi",
        "en": "watcher: the mail server refuses mail; e-mail is waiting",
    },
    "mail.alert.smtp_refused.body": {
        "vi": "Từ {since}, máy chủ thư {server} không nhận thư của watcher.\n"
        "Máy chủ trả lời: {answer}\n\n"
        "Có {waiting} thư đang chờ; không thư nào bị bỏ. Thư sẽ tự gửi đi khi máy chủ nhận "
        "lại. Vui lòng kiểm tra mục [email] trong cấu hình (máy chủ, tên đăng nhập, mật khẩu, "
        "địa chỉ gửi) hoặc hỏi bộ phận quản lý thư.\n"
        "Xem hàng đợi: watcher outbox\n",
        "en": "Since {since}, the mail server {server} has not accepted watcher's mail.\n"
        "The server answered: {answer}\n\n"
        "{waiting} e-mail(s) are waiting; none is dropped. They go out by themselves once the "
        "server accepts again. Please check [email] in the configuration (server, login, "
        "password, sender address) or ask whoever runs the mail server.\n"
        "See the queue: watcher outbox\n",
    },
    "mail.alert.smtp_recovered.subject": {
        "vi": "watcher: máy chủ thư đã nhận thư trở lại",
        "en": "watcher: the mail server accepts mail again",
    },
    "mail.alert.smtp_recovered.body": {
        "vi": "Máy chủ thư {server} không nhận thư từ {since} đến {until} "
        "(máy chủ trả lời: {answer}). Nay đã nhận lại; thư đang chờ được gửi đi.\n",
        "en": "The mail server {server} refused mail from {since} until {until} "
        "(it answered: {answer}). It accepts mail again; the waiting e-mail is going out.\n",
    },
    "mail.alert.poll_failing.subject": {
        "vi": "watcher: không đọc được thư mục nộp bài ({campaign})",
        "en": "watcher: the upload folder cannot be read ({campaign})",
    },
    "mail.alert.poll_failing.body": {
        "vi": "Từ {since}, watcher không đọc được thư mục nộp bài của {campaign} "
        "({failures} lần liên tiếp). Lỗi gần nhất: {error}\n"
        "Lần đọc thành công gần nhất: {last_success}.\n\n"
        "Trong thời gian này trạng thái các trường giữ như lần đọc cuối; trường nào chưa "
        "xác minh được sau hạn nộp sẽ không bị báo là chưa nộp, và không thư nhắc quá hạn nào "
        "được gửi. Chạy `watcher check --connect` để xem nguyên nhân.\n",
        "en": "Since {since}, watcher cannot read the upload folder of {campaign} "
        "({failures} failures in a row). Latest error: {error}\n"
        "Last successful read: {last_success}.\n\n"
        "Meanwhile statuses stay as of the last read; a school that cannot be verified after "
        "a deadline is not called missing, and no overdue reminder is sent. Run "
        "`watcher check --connect` to see why.\n",
    },
    "mail.alert.poll_recovered.subject": {
        "vi": "watcher: đã đọc lại được thư mục nộp bài ({campaign})",
        "en": "watcher: the upload folder can be read again ({campaign})",
    },
    "mail.alert.poll_recovered.body": {
        "vi": "Thư mục nộp bài của {campaign} không đọc được từ {since} đến {until} "
        "({failures} lần). Nay đã đọc lại được; trạng thái các trường đã được cập nhật.\n",
        "en": "The upload folder of {campaign} could not be read from {since} until {until} "
        "({failures} failures). It can be read again; statuses are up to date.\n",
    },
    "mail.alert.check_held.subject": {
        "vi": "watcher: chưa kiểm tra được tệp «{name}»",
        "en": "watcher: the file «{name}» could not be checked",
    },
    "mail.alert.check_held.body": {
        "vi": "Bộ kiểm tra tệp của watcher {why} khi kiểm tra tệp «{name}» của trường {school} "
        "({campaign}).\n\nĐây là lỗi của bộ kiểm tra, không phải của trường: tệp được giữ lại, "
        "trường không nhận thông báo tệp lỗi hay thư nhắc; watcher sẽ kiểm tra lại ở các lần "
        "đọc tới. Nếu lặp lại, hãy tăng validation.memory_limit_mb (hiện {memory}) hoặc "
        "validation.timeout_seconds (hiện {seconds}) trong cấu hình, hoặc xem tệp bằng tay.\n",
        "en": "watcher's file checker {why} while checking «{name}» of school {school} "
        "({campaign}).\n\nThis is the checker's failure, not the school's: the file is held, "
        "the school gets no problem notice and no reminder, and the file is checked again at "
        "the next polls. If it keeps happening, raise validation.memory_limit_mb (now "
        "{memory}) or validation.timeout_seconds (now {seconds}) in the configuration, or look "
        "at the file by hand.\n",
    },
    "mail.alert.check_held.crashed": {
        "vi": "bị lỗi (có thể do thiếu bộ nhớ)",
        "en": "crashed (perhaps for lack of memory)",
    },
    "mail.alert.check_held.timeout": {"vi": "chạy quá thời gian", "en": "ran out of time"},
    # --- `watcher outbox` ---
    "outbox.state.queued": {"vi": "chờ gửi", "en": "pending"},
    "outbox.state.deferred": {"vi": "hoãn, sẽ thử lại", "en": "deferred"},
    "outbox.state.failed": {"vi": "không gửi được", "en": "failed"},
    "outbox.state.superseded": {"vi": "không gửi (hết đúng)", "en": "superseded"},
    "outbox.state.sent": {"vi": "đã gửi", "en": "sent"},
    "outbox.state.cancelled": {"vi": "đã hủy", "en": "cancelled"},
    "outbox.empty": {
        "vi": "Không có thư nào chờ gửi hay lỗi.",
        "en": "No e-mail is waiting or failed.",
    },
    "outbox.header": {
        "vi": "Tình trạng|Mã thư|Người nhận|Thử|Lần tới|Lý do",
        "en": "State|Key|Recipients|Tries|Next try|Reason",
    },
    "outbox.counts": {
        "vi": "{queued} chờ gửi, {deferred} hoãn, {failed} lỗi, {superseded} không gửi, {sent} đã gửi",
        "en": "{queued} pending, {deferred} deferred, {failed} failed, {superseded} superseded, {sent} sent",
    },
    "outbox.server_refusing": {
        "vi": "Máy chủ thư không nhận thư từ {since}: {answer}",
        "en": "The mail server has refused mail since {since}: {answer}",
    },
    "outbox.requeued": {
        "vi": "Đã đưa lại {count} thư vào hàng đợi.",
        "en": "Requeued {count} e-mail(s).",
    },
    "outbox.no_such_key": {
        "vi": "Không có thư nào mang mã {mail_key} (xem: watcher outbox)",
        "en": "No e-mail has the key {mail_key} (see: watcher outbox)",
    },
    "outbox.not_retryable": {
        "vi": "Thư {mail_key} ở trạng thái «{state}», không thể gửi lại",
        "en": "The e-mail {mail_key} is «{state}»; it cannot be retried",
    },
    "outbox.retry_usage": {
        "vi": "Cho biết MÃ THƯ hoặc --failed (không cả hai)",
        "en": "Give a KEY or --failed (not both)",
    },
    # --- the status an outage leaves (issue 13) ---
    "status.unverified": {
        "vi": "Chưa xác minh (chưa đọc được thư mục sau hạn)",
        "en": "Unverified (folder not read since the deadline)",
    },
    "status.unverified_note": {
        "vi": "{campaign}: {count} trường «chưa xác minh»: thư mục chưa được đọc đầy đủ từ sau "
        "hạn nộp (lần đọc đầy đủ gần nhất {last}); không trường nào bị coi là chưa nộp cho "
        "đến khi đọc được",
        "en": "{campaign}: {count} school(s) «unverified»: the folder has not been read "
        "completely since the deadline (last complete read {last}); none is called missing "
        "until it is",
    },
    # --- config ranges that belong to these features ---
    "config.range.out": {
        "vi": "{value} nằm ngoài khoảng cho phép: dùng từ {low} đến {high}",
        "en": "{value} is out of range: use {low} to {high}",
    },
    "config.range.worker_memory": {
        "vi": " (bộ kiểm tra tệp cần ít nhất chừng này để mở một trang scan; thấp hơn thì tệp "
        "tốt sẽ bị coi là lỗi)",
        "en": " (the file checker needs at least this much to open a scanned page; below it, "
        "good files would be called unusable)",
    },
    # --- the state guard ---
    "state.refused.missing": {
        "vi": "Không thấy cơ sở dữ liệu {database}, nhưng thư mục {state_dir} đã được dùng ({signs}).",
        "en": "The database {database} is missing, but {state_dir} was used before ({signs}).",
    },
    "state.refused.empty": {
        "vi": "Cơ sở dữ liệu {database} trống, nhưng thư mục {state_dir} đã được dùng ({signs}).",
        "en": "The database {database} is empty, but {state_dir} was used before ({signs}).",
    },
    "state.refused.unreadable": {
        "vi": "Không đọc được cơ sở dữ liệu {database} (tệp hỏng hoặc không phải của watcher).",
        "en": "The database {database} cannot be read (damaged, or not watcher's).",
    },
    "state.refused.foreign": {
        "vi": "Cơ sở dữ liệu {database} không phải cơ sở dữ liệu đã dùng trong {state_dir}.",
        "en": "The database {database} is not the one {state_dir} was used with.",
    },
    "state.refused.advice": {
        "vi": "watcher dừng lại, không gửi thư nào: bắt đầu lại từ đầu sẽ gửi lại mọi thư đã gửi.\n"
        "- Nếu khôi phục nhầm tệp: đặt lại đúng tệp watcher.sqlite3 rồi chạy lại.\n"
        "- Nếu tệp hiện có là bản sao lưu đúng: watcher state restore\n"
        "- Nếu muốn bắt đầu lại: watcher state init --force (tệp cũ được giữ lại bên cạnh)\n"
        "Sau đó thư gửi trường về những việc đã qua sẽ không gửi, trừ khi thêm --send-backlog.",
        "en": "watcher stops and sends nothing: starting afresh would send every e-mail again.\n"
        "- If the wrong file was restored: put the right watcher.sqlite3 back and run again.\n"
        "- If the database there now is the right backup: watcher state restore\n"
        "- To start over: watcher state init --force (the old file is kept beside it)\n"
        "School e-mail about what happened before then stays unsent unless --send-backlog.",
    },
    "state.restored": {
        "vi": "Dùng cơ sở dữ liệu {database}: {mail} thư, lần đọc thành công gần nhất {last_poll}.",
        "en": "Using the database {database}: {mail} e-mail(s), last successful read {last_poll}.",
    },
    "state.initialised": {
        "vi": "Đã tạo cơ sở dữ liệu mới {database}.",
        "en": "Created a new database {database}.",
    },
    "state.kept_aside": {"vi": "Tệp cũ giữ tại {path}.", "en": "The old file is kept as {path}."},
    "state.no_backlog": {
        "vi": "Thư gửi trường về những việc trước {moment} sẽ không được gửi (thêm --send-backlog để gửi).",
        "en": "School e-mail about events before {moment} will not be sent (--send-backlog sends it).",
    },
    "state.backlog": {
        "vi": "Thư gửi trường về những việc đã qua vẫn được gửi (--send-backlog).",
        "en": "School e-mail about past events will be sent (--send-backlog).",
    },
    "state.restore_empty": {
        "vi": "Cơ sở dữ liệu {database} không có dữ liệu nào để khôi phục; muốn bắt đầu lại: "
        "watcher state init --force",
        "en": "The database {database} holds nothing to restore; to start over: "
        "watcher state init --force",
    },
    "state.init_needs_force": {
        "vi": "Thêm --force: lệnh này bỏ cơ sở dữ liệu hiện tại sang một bên và bắt đầu lại.",
        "en": "Add --force: this puts the current database aside and starts over.",
    },
}
