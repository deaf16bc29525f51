"""`watcher init`: the comments of the config draft and what is left for the admin to do."""

TEXTS: dict[str, dict[str, str]] = {
    "init.head": {
        "vi": "Cấu hình watcher — bản nháp do `watcher init` viết. Đọc từng dòng có dấu #,\n"
        "sửa cho đúng, rồi kiểm tra bằng:  watcher check --config {path}\n"
        "Mọi khóa được giải thích trong docs/config.md. Đường dẫn tính từ thư mục chứa tệp này.",
        "en": "watcher configuration — a draft written by `watcher init`. Read every # line,\n"
        "correct what is wrong, then check it with:  watcher check --config {path}\n"
        "Every key is explained in docs/config.md. Paths are relative to this file's folder.",
    },
    "init.email": {
        "vi": "Thư được ghi thành tệp .eml trong outbox_dir cho đến khi bạn điền máy chủ SMTP:\n"
        'khi đó đổi transport thành "smtp" và bỏ dấu # ở các dòng smtp_… bên dưới.',
        "en": "E-mails are written as .eml files in outbox_dir until you fill in the SMTP server:\n"
        'then set transport = "smtp" and remove the # in front of the smtp_… lines below.',
    },
    "init.staff_from_plan": {
        "vi": "Địa chỉ này lấy từ kế hoạch; thêm địa chỉ của chuyên viên nhận bản tổng hợp.",
        "en": "This address comes from the plan; add the staff who should get the digest.",
    },
    "init.smtp_password": {
        "vi": "Mật khẩu SMTP không ghi ở đây: đặt biến môi trường WATCHER_SMTP_PASSWORD,\n"
        'hoặc smtp_password_file = "smtp-password.txt" (tệp chỉ chứa mật khẩu).',
        "en": "The SMTP password never goes here: set the environment variable\n"
        'WATCHER_SMTP_PASSWORD, or smtp_password_file = "smtp-password.txt" (the password alone).',
    },
    "init.drive": {
        "vi": "Khóa JSON của service account Google (xem README, mục Google Drive); đặt tệp cạnh\n"
        "tệp cấu hình này và chia sẻ thư mục Drive cho địa chỉ …@….iam.gserviceaccount.com.",
        "en": "The Google service account's JSON key (see README, Google Drive); put the file next\n"
        "to this config and share the Drive folder with its …@….iam.gserviceaccount.com address.",
    },
    "init.title_placeholder": {
        "vi": "Tên kế hoạch (sửa lại)",
        "en": "The plan's title (change this)",
    },
    "init.campaign_id": {
        "vi": "Mã ngắn của đợt báo cáo; đừng đổi sau lần chạy đầu (trạng thái lưu theo mã này).",
        "en": "A short id for this campaign; keep it once watcher has run (state is kept by it).",
    },
    "init.roster_sheet": {
        "vi": 'Danh sách trường (.xlsx hoặc .csv). Tệp Excel nhiều trang: roster_sheet = "Sheet1"',
        "en": "The school list (.xlsx or .csv). An Excel file with several sheets: "
        'roster_sheet = "Sheet1"',
    },
    "init.require_guessed": {
        "vi": "Kế hoạch không nói rõ loại tệp; sửa nếu cần: word (tệp Word), scan (bản scan).",
        "en": "The plan does not say which files; change if needed: word, scan.",
    },
    "init.folder_for_mail": {
        "vi": "Kế hoạch nhận báo cáo qua e-mail ({address}) hoặc bản giấy: lưu các tệp nhận được\n"
        "(tệp đính kèm, bản scan) vào thư mục này; watcher đọc thư mục mỗi lần kiểm tra.",
        "en": "The plan takes reports by e-mail ({address}) or on paper: save what arrives\n"
        "(attachments, scans) into this folder; watcher reads it on every poll.",
    },
    "init.imap_source": {
        "vi": "Hoặc đọc thẳng hộp thư của Phòng (kiểm tra tên máy chủ; mật khẩu đặt trong biến\n"
        "môi trường WATCHER_IMAP_PASSWORD, với Gmail là mật khẩu ứng dụng):",
        "en": "Or read the department's mailbox itself (check the server name; the password goes\n"
        "in the environment variable WATCHER_IMAP_PASSWORD, for Gmail an app password):",
    },
    "init.folder_source": {
        "vi": "Nơi các trường nộp: một thư mục trên máy, hoặc Google Drive:\n"
        'source = {{ type = "drive", folder_id = "https://drive.google.com/drive/folders/…" }}',
        "en": "Where schools upload: a local folder, or Google Drive:\n"
        'source = {{ type = "drive", folder_id = "https://drive.google.com/drive/folders/…" }}',
    },
    "init.quote": {"vi": "Theo kế hoạch: «{quote}»", "en": "From the plan: «{quote}»"},
    "init.recurring_monthly": {
        "vi": "Hạn này lặp lại hằng tháng: chép khối [[campaign.period]] này cho mỗi tháng.",
        "en": "This deadline repeats every month: copy this [[campaign.period]] for each month.",
    },
    "init.recurring_yearly": {
        "vi": "Hạn này lặp lại hằng năm: thêm một khối [[campaign.period]] cho mỗi năm.",
        "en": "This deadline repeats every year: add a [[campaign.period]] for each year.",
    },
    "init.monthly_no_date": {
        "vi": "Hạn hằng tháng nhưng kế hoạch không ghi ngày ban hành: tự thêm các kỳ theo tháng.",
        "en": "A monthly deadline but the plan has no date: add one period per month yourself.",
    },
    "init.no_deadline": {
        "vi": "Kế hoạch không nêu hạn nộp báo cáo nào: tự thêm kỳ báo cáo theo mẫu dưới đây.",
        "en": "The plan states no report deadline: add the periods yourself, as below.",
    },
    "init.period_placeholder": {
        "vi": "Mỗi kỳ báo cáo một khối [[campaign.period]] (bỏ dấu # và sửa), hoặc tạo lại bản\n"
        "nháp từ kế hoạch:  watcher init --plan KE-HOACH.docx --roster truong.xlsx --out config/",
        "en": "One [[campaign.period]] block per reporting period (remove the # and edit), or\n"
        "draft again from the plan:  watcher init --plan PLAN.docx --roster schools.xlsx --out config/",
    },
    "init.exists": {
        "vi": "{path} đã có; không ghi đè. Chọn thư mục khác bằng --out, hoặc thêm --force.",
        "en": "{path} already exists; not overwritten. Pick another folder with --out, or add --force.",
    },
    "init.no_roster": {
        "vi": "Không tìm thấy danh sách trường {path}.",
        "en": "The roster {path} does not exist.",
    },
    "init.wrote": {"vi": "Đã ghi {path}", "en": "Wrote {path}"},
    "init.roster_sample": {
        "vi": "Đã ghi danh sách mẫu {path}: thay bằng danh sách trường thật (hoặc dùng --roster).",
        "en": "Wrote a sample roster {path}: replace it with your schools (or use --roster).",
    },
    "init.check_ok": {"vi": "Kiểm tra cấu hình: đạt.", "en": "Config check: OK."},
    "init.check_failed": {
        "vi": "Kiểm tra cấu hình: còn {count} lỗi cần sửa:",
        "en": "Config check: {count} problem(s) to fix:",
    },
    "init.left": {"vi": "Việc còn lại:", "en": "Left to do:"},
    "init.left_key": {
        "vi": "đặt khóa service account Google vào {path} (README, mục Google Drive), rồi chạy\n"
        "     watcher check --connect --config {config}",
        "en": "put the Google service account's key at {path} (README, Google Drive), then run\n"
        "     watcher check --connect --config {config}",
    },
    "init.left_smtp": {
        "vi": 'điền máy chủ gửi thư trong [email] (smtp_host, smtp_username, transport = "smtp")\n'
        "     và đặt mật khẩu vào biến môi trường WATCHER_SMTP_PASSWORD",
        "en": 'fill in the mail server in [email] (smtp_host, smtp_username, transport = "smtp")\n'
        "     and put the password in the environment variable WATCHER_SMTP_PASSWORD",
    },
    "init.left_staff": {
        "vi": "ghi địa chỉ e-mail của chuyên viên vào email.staff và email.sender",
        "en": "write the staff's e-mail addresses in email.staff and email.sender",
    },
    "init.left_periods": {
        "vi": "thêm các kỳ báo cáo ([[campaign.period]]) với hạn nộp",
        "en": "add the reporting periods ([[campaign.period]]) with their deadlines",
    },
    "init.left_read": {
        "vi": "đọc lại các hạn nộp trong {path} so với kế hoạch (mỗi kỳ có câu trích kèm theo)",
        "en": "compare the deadlines in {path} with the plan (each period quotes its sentence)",
    },
    "init.left_folder": {
        "vi": "thư mục nhận tệp: {path}",
        "en": "the folder for the files: {path}",
    },
}
