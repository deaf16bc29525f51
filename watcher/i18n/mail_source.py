"""The mailbox sources (IMAP, Maildir) and paper copies: what a school or staff member reads."""

TEXTS: dict[str, dict[str, str]] = {
    "mail.no_attachment": {
        "vi": "Thư «{subject}» không có tệp đính kèm dùng được. Nếu thư này là báo cáo, "
        "vui lòng trả lời thư và đính kèm tệp Word/bản scan.",
        "en": "The e-mail «{subject}» has no usable attachment. If it was meant as the report, "
        "please reply and attach the Word file / scan.",
    },
    "mail.winmail": {
        "vi": "Tệp «{name}» là định dạng riêng của Outlook (winmail.dat) và không mở được. "
        "Vui lòng gửi lại, chọn định dạng thư HTML hoặc văn bản thường trong Outlook.",
        "en": "«{name}» is Outlook's own format (winmail.dat) and cannot be opened. Please send "
        "again with the message format set to HTML or plain text in Outlook.",
    },
    "mail.drive_link": {
        "vi": "Thư có liên kết Google Drive nhưng Phòng không mở được tệp. Vui lòng chia sẻ tệp "
        "(“Bất kỳ ai có đường liên kết”) hoặc đính kèm tệp vào thư.",
        "en": "The e-mail has a Google Drive link but the department cannot open the file. Please "
        "share the file (“Anyone with the link”) or attach it to the e-mail.",
    },
    "mail.too_large": {
        "vi": "Tệp lớn hơn giới hạn cho phép ({mb} MB). Vui lòng nén hoặc chia nhỏ rồi gửi lại.",
        "en": "The file is larger than the limit ({mb} MB). Please compress or split it and "
        "send again.",
    },
    "imap.unreachable": {
        "vi": "Không kết nối được máy chủ thư {host}:{port} (kiểm tra tên máy chủ, cổng, mạng).",
        "en": "Cannot reach the mail server {host}:{port} (check the host, the port, the network).",
    },
    "imap.tls": {
        "vi": "Kết nối bảo mật với máy chủ thư {host}:{port} thất bại (chứng chỉ, hoặc "
        "security = ssl/starttls không hợp với cổng).",
        "en": "The secure connection to the mail server {host}:{port} failed (its certificate, "
        "or security = ssl/starttls does not fit the port).",
    },
    "imap.refused": {
        "vi": "Máy chủ thư {host}:{port} từ chối kết nối.",
        "en": "The mail server {host}:{port} refused the connection.",
    },
    "imap.login_refused": {
        "vi": "Máy chủ thư từ chối đăng nhập của {user} (sai mật khẩu? với Gmail hãy dùng "
        "mật khẩu ứng dụng).",
        "en": "The mail server refused the login of {user} (wrong password? for Gmail use an "
        "app password).",
    },
    "imap.secret_unreadable": {
        "vi": "Không đọc được tệp mật khẩu/mã truy cập của hộp thư {user}.",
        "en": "Cannot read the password or token file of the mailbox {user}.",
    },
    "imap.no_password": {
        "vi": "Chưa có mật khẩu hộp thư: ghi source.password_file hoặc đặt biến môi trường {env}.",
        "en": "No mailbox password: set source.password_file or the environment variable {env}.",
    },
    "imap.no_folder": {
        "vi": "Hộp thư {user} không có thư mục «{folder}».",
        "en": "The mailbox {user} has no folder «{folder}».",
    },
    "imap.command_refused": {
        "vi": "Máy chủ thư từ chối lệnh {command}; lần đọc sau sẽ thử lại.",
        "en": "The mail server refused {command}; the next poll tries again.",
    },
    "imap.broke_off": {
        "vi": "Máy chủ thư {host} ngắt kết nối giữa chừng; lần đọc sau sẽ thử lại.",
        "en": "The mail server {host} broke off the connection; the next poll tries again.",
    },
    "imap.message_gone": {
        "vi": "Thư chứa «{name}» không còn trong hộp thư.",
        "en": "The message holding «{name}» is no longer in the mailbox.",
    },
    "imap.renumbered": {
        "vi": "Hộp thư vừa được đánh số lại (UIDVALIDITY); lần đọc sau sẽ đọc lại.",
        "en": "The mailbox was renumbered (UIDVALIDITY) meanwhile; the next poll reads it again.",
    },
    "maildir.not_maildir": {
        "vi": "{path} không phải hộp thư Maildir (không có thư mục cur/ hoặc new/).",
        "en": "{path} is not a Maildir (it has no cur/ or new/ folder).",
    },
    "maildir.unreadable": {
        "vi": "Không đọc được {path} (quyền truy cập? ổ đĩa?).",
        "en": "Cannot read {path} (permissions? the disk?).",
    },
    "role.paper": {"vi": "Bản giấy", "en": "Paper copy"},
    "no_paper": {"vi": "Chưa nhận được bản giấy.", "en": "No paper copy received yet."},
    "paper.evidence": {
        "vi": "bản giấy do {by} ghi nhận (ghi chú: {note})",
        "en": "paper copy recorded by {by} (note: {note})",
    },
    "paper.received": {
        "vi": "bản giấy, nhận ngày {date}",
        "en": "paper copy, received on {date}",
    },
    "paper.recorded": {
        "vi": "Đã ghi nhận bản giấy của {school} ({period}), nhận lúc {date}.",
        "en": "Recorded the paper copy of {school} ({period}), received at {date}.",
    },
    "paper.undone": {
        "vi": "Đã xoá ghi nhận bản giấy của {school} ({period}).",
        "en": "Removed the paper copy record of {school} ({period}).",
    },
    "receive.no_campaign": {
        "vi": "Không có kế hoạch mã {id!r}; các mã: {known}",
        "en": "No campaign has id {id!r}; campaigns: {known}",
    },
    "receive.no_school": {
        "vi": "Không có trường mã {id!r} trong danh sách của kế hoạch này.",
        "en": "No school has code {id!r} in this campaign's roster.",
    },
    "receive.no_period": {
        "vi": "Không có kỳ báo cáo mã {id!r}; các kỳ: {known}",
        "en": "No period has id {id!r}; periods: {known}",
    },
    "receive.role": {
        "vi": "Chỉ ghi nhận được bản giấy (--role paper), không phải {role!r}.",
        "en": "Only paper copies can be recorded (--role paper), not {role!r}.",
    },
    "paper.none": {
        "vi": "Không có ghi nhận bản giấy nào của {school} ({period}) để xoá.",
        "en": "There is no paper copy record of {school} ({period}) to remove.",
    },
}
