"""What `watcher check` (and a daemon refusing a new config) says about the admin's files.

Values that quote the admin's own text come in already quoted (`{value}` is `'2024-06-31'`),
so both languages show exactly what is in the file.
"""

TEXTS: dict[str, dict[str, str]] = {
    # reading the file
    "config.file_missing": {
        "vi": "không có tệp cấu hình này (chỉ ra tệp khác bằng --config ĐƯỜNG_DẪN)",
        "en": "the config file does not exist (give another with --config PATH)",
    },
    "config.file_unreadable": {
        "vi": "không đọc được tệp cấu hình (kiểm tra quyền đọc tệp)",
        "en": "cannot read the config file (check that it may be read)",
    },
    "config.file_not_utf8": {
        "vi": "tệp cấu hình không được lưu dạng UTF-8; mở lại và lưu với bảng mã UTF-8",
        "en": "the config file is not saved as UTF-8; open it and save it as UTF-8",
    },
    "config.toml_invalid": {
        "vi": "tệp viết sai cú pháp TOML ở dòng {line}, cột {column}; xem lại dòng này "
        '(dấu ngoặc kép "...", dấu =, dấu ngoặc vuông [ ])',
        "en": 'this is not valid TOML at line {line}, column {column}; check that line (quotes "...", '
        "the =, the brackets [ ])",
    },
    # the schema
    "config.unknown_key": {"vi": "không có khóa {name}{hint}", "en": "unknown key {name}{hint}"},
    "config.did_you_mean": {"vi": " (có phải là {name}?)", "en": " (did you mean {name}?)"},
    "config.required": {
        "vi": "thiếu khóa bắt buộc này",
        "en": "this key is required but missing",
    },
    "config.bad_date": {
        "vi": "{value} không phải ngày hợp lệ (viết YYYY-MM-DD, hoặc YYYY-MM-DDTHH:MM)",
        "en": "{value} is not a valid date (write YYYY-MM-DD, or YYYY-MM-DDTHH:MM)",
    },
    "config.not_allowed": {
        "vi": "{value} không dùng được ở đây; chọn một trong: {expected}",
        "en": "{value} is not allowed here; use one of {expected}",
    },
    "config.or": {"vi": "hoặc", "en": "or"},
    "config.not_number": {"vi": "{value} không phải là số", "en": "{value} is not a number"},
    "config.not_whole_number": {
        "vi": "{value} phải là số nguyên (không có phần lẻ)",
        "en": "{value} must be a whole number",
    },
    "config.not_boolean": {
        "vi": "{value} phải là true hoặc false (không có ngoặc kép)",
        "en": "{value} must be true or false (without quotes)",
    },
    "config.too_small": {
        "vi": "{value} quá nhỏ: phải từ {limit} trở lên",
        "en": "{value} is too small: it must be at least {limit}",
    },
    "config.not_above": {
        "vi": "{value} quá nhỏ: phải lớn hơn {limit}",
        "en": "{value} is too small: it must be more than {limit}",
    },
    "config.too_large": {
        "vi": "{value} quá lớn: phải từ {limit} trở xuống",
        "en": "{value} is too large: it must be at most {limit}",
    },
    "config.not_below": {
        "vi": "{value} quá lớn: phải nhỏ hơn {limit}",
        "en": "{value} is too large: it must be less than {limit}",
    },
    "config.text_too_short": {
        "vi": "{value} quá ngắn: cần ít nhất {limit} ký tự",
        "en": "{value} is too short: it needs at least {limit} character(s)",
    },
    "config.text_too_long": {
        "vi": "{value} quá dài: tối đa {limit} ký tự",
        "en": "{value} is too long: at most {limit} character(s)",
    },
    "config.list_too_short": {
        "vi": "danh sách cần ít nhất {limit} mục",
        "en": "the list needs at least {limit} item(s)",
    },
    "config.list_too_long": {
        "vi": "danh sách có tối đa {limit} mục",
        "en": "the list holds at most {limit} item(s)",
    },
    "config.double_brackets": {
        "vi": "viết [[{table}]] với hai dấu ngoặc vuông (mỗi khối [[{table}]] thêm một mục); "
        "[{table}] với một dấu ngoặc là thứ khác",
        "en": "write [[{table}]] with double brackets (each [[{table}]] block adds one); "
        "[{table}] with single brackets is a different thing",
    },
    "config.expected_list": {
        "vi": 'cần một danh sách dạng ["a", "b"], nhưng ở đây là {value}',
        "en": 'expected a list like ["a", "b"], got {value}',
    },
    "config.expected_text": {
        "vi": '{value} phải là chữ đặt trong ngoặc kép, ví dụ "{bare}"',
        "en": '{value} must be text in double quotes, e.g. "{bare}"',
    },
    "config.expected_table": {
        "vi": 'cần một bảng dạng {{ key = "value" }} ở đây, nhưng ở đây là {value}',
        "en": 'expected a table like {{ key = "value" }} here, got {value}',
    },
    "config.invalid_value": {
        "vi": "giá trị {value} không dùng được ở đây",
        "en": "the value {value} cannot be used here",
    },
    # values that pass the schema but not the sense
    "config.bad_zone": {
        "vi": "{value} không phải múi giờ (ví dụ Asia/Ho_Chi_Minh)",
        "en": "{value} is not a known time zone (e.g. Asia/Ho_Chi_Minh)",
    },
    "config.not_address": {
        "vi": "{value} không phải địa chỉ e-mail",
        "en": "{value} is not an e-mail address",
    },
    "config.not_one_address": {
        "vi": "{value} không phải một địa chỉ e-mail; mỗi địa chỉ đặt trong ngoặc kép riêng: "
        '["a@...", "b@..."]',
        "en": '{value} is not one e-mail address; give each its own quotes: ["a@...", "b@..."]',
    },
    "config.outbox_needs_folder": {
        "vi": "cách gửi outbox cần một thư mục (outbox_dir)",
        "en": "the outbox transport needs a folder",
    },
    "config.duration_positive": {"vi": "phải dài hơn 0", "en": "must be longer than zero"},
    "config.bad_duration": {
        "vi": "{value} không phải khoảng thời gian; viết ví dụ 30m, 2h hoặc 1d",
        "en": "{value} is not a duration; write e.g. 30m, 2h or 1d",
    },
    "config.bad_cron": {
        "vi": "{value} không phải dòng crontab; viết năm phần: phút giờ ngày tháng thứ, "
        'ví dụ "0 7 * * 1-5" (7 giờ sáng thứ Hai đến thứ Sáu)',
        "en": "{value} is not a crontab line; write five fields: minute hour day month weekday, "
        'e.g. "0 7 * * 1-5" (7 am Monday to Friday)',
    },
    "config.send_hours": {
        "vi": "viết [giờ đầu, giờ cuối), ví dụ [7, 17]",
        "en": "write [first, last) hours, e.g. [7, 17]",
    },
    "config.send_days": {
        "vi": "thứ trong tuần viết từ 1 (thứ Hai) đến 7 (Chủ nhật)",
        "en": "weekdays are 1 (Monday) to 7 (Sunday)",
    },
    "config.no_such_file": {"vi": "không có tệp này", "en": "this file does not exist"},
    "config.cannot_read": {"vi": "không đọc được {path}", "en": "cannot read {path}"},
    "config.severity_choice": {
        "vi": "phải là 'warning' (lưu ý) hoặc 'problem' (lỗi)",
        "en": "must be 'warning' or 'problem'",
    },
    "config.positive": {"vi": "phải là số lớn hơn 0", "en": "must be a positive number"},
    "config.at_least": {"vi": "phải từ {limit} trở lên", "en": "must be at least {limit}"},
    "config.at_most": {"vi": "phải từ {limit} trở xuống", "en": "must be at most {limit}"},
    # campaigns and periods
    "config.no_campaign": {
        "vi": "chưa có khối [[campaign]] nào: không có gì để theo dõi",
        "en": "no [[campaign]] is configured: there is nothing to watch",
    },
    "config.campaign_twice": {
        "vi": "mã đợt {value} được dùng hai lần",
        "en": "campaign id {value} is used twice",
    },
    "config.unknown_role": {
        "vi": "không có loại tệp {value}; chỉ có word, scan và paper{hint}",
        "en": "unknown role {value}; roles are word, scan and paper{hint}",
    },
    "config.no_role": {
        "vi": 'ghi ít nhất một loại tệp: ["word"], ["scan"] hoặc cả hai',
        "en": 'list at least one role: ["word"], ["scan"] or both',
    },
    "config.needs_path": {
        "vi": 'nguồn loại {type} cần path = "..." (đường dẫn thư mục)',
        "en": 'a {type} source needs path = "..."',
    },
    "config.imap_needs_host": {
        "vi": 'nguồn imap cần host = "imap.example.com"',
        "en": 'an imap source needs host = "imap.example.com"',
    },
    "config.imap_needs_username": {
        "vi": 'nguồn imap cần username = "..." (tên đăng nhập hộp thư)',
        "en": 'an imap source needs username = "..."',
    },
    "config.unused_source_key": {
        "vi": "nguồn loại {type} không dùng khóa {name} (gõ nhầm type, hay dòng chép từ chỗ khác?)",
        "en": "{name} is not used by a {type} source",
    },
    "config.path_missing": {"vi": "không có {path}", "en": "{path} does not exist"},
    "config.not_a_folder": {"vi": "{path} không phải thư mục", "en": "{path} is not a folder"},
    "config.drive_needs_folder": {
        "vi": 'nguồn Google Drive cần folder_id = "..." (mã hoặc đường dẫn thư mục)',
        "en": 'a drive source needs folder_id = "..." (id or link)',
    },
    "config.drive_file_link": {
        "vi": "{value} là đường dẫn tới một tệp, không phải thư mục. Hãy mở thư mục trên "
        "Google Drive và sao chép đường dẫn của chính thư mục đó.",
        "en": "{value} is a link to a file, not a folder. Open the folder in Google Drive and "
        "copy the link of the folder itself.",
    },
    "config.drive_bad_folder": {
        "vi": "{value} không phải mã thư mục Google Drive. Dùng đường dẫn dạng "
        "https://drive.google.com/drive/folders/<mã> hoặc chính mã thư mục.",
        "en": "{value} is not a Google Drive folder id. Use a link like "
        "https://drive.google.com/drive/folders/<id> or the folder id itself.",
    },
    "config.no_period": {
        "vi": "thêm ít nhất một khối [[campaign.period]]",
        "en": "add at least one [[campaign.period]]",
    },
    "config.period_twice": {
        "vi": "mã kỳ {value} được dùng hai lần trong đợt này",
        "en": "period id {value} is used twice in this campaign",
    },
    "config.due_one_of": {
        "vi": 'ghi đúng một trong hai: due_before = "YYYY-MM-DD" hoặc due_at = "YYYY-MM-DDTHH:MM"',
        "en": 'give exactly one of due_before = "YYYY-MM-DD" or due_at = "YYYY-MM-DDTHH:MM"',
    },
    "config.opens_after": {
        "vi": "kỳ báo cáo mở sau hạn nộp của nó; kiểm tra lại các ngày",
        "en": "the period opens after its deadline; check the dates",
    },
    # references between tables
    "config.say_campaign": {
        "vi": 'có nhiều đợt báo cáo: ghi rõ đợt nào (campaign = "...")',
        "en": 'several campaigns are configured: say which one (campaign = "...")',
    },
    "config.no_campaign_id": {
        "vi": "không có đợt nào mã {value}{hint}",
        "en": "no campaign has id {value}{hint}",
    },
    "config.no_school_code": {
        "vi": "không có trường nào mã {value} trong {roster}{hint}",
        "en": "no school has code {value} in {roster}{hint}",
    },
    "config.no_period_id": {
        "vi": "không có kỳ nào mã {value} trong đợt {campaign}{hint}",
        "en": "no period has id {value} in campaign {campaign}{hint}",
    },
    "config.extension_early": {
        "vi": "gia hạn phải kết thúc sau hạn nộp của kỳ ({deadline}); kiểm tra lại ngày",
        "en": "an extension must end after the period's own deadline ({deadline}); check the date",
    },
    # the roster
    "roster.missing": {
        "vi": "không có tệp danh sách trường {path}",
        "en": "the roster {path} does not exist",
    },
    "roster.unreadable": {
        "vi": "không đọc được tệp danh sách trường {path} (kiểm tra quyền đọc tệp)",
        "en": "cannot read the roster {path} (check that it may be read)",
    },
    "roster.not_utf8": {
        "vi": "danh sách trường không được lưu dạng UTF-8; trong Excel chọn Save As → "
        "'CSV UTF-8 (Comma delimited)' rồi lưu lại",
        "en": "the roster is not saved as UTF-8; in Excel choose Save As → "
        "'CSV UTF-8 (Comma delimited)' and save again",
    },
    "roster.empty": {
        "vi": "danh sách trường trống; cần một dòng tiêu đề và mỗi trường một dòng",
        "en": "the roster is empty; it needs a header line and one line per school",
    },
    "roster.missing_columns": {
        "vi": "dòng tiêu đề thiếu cột {missing}; cần code,name,level,aliases,emails "
        "(hoặc Mã trường, Tên trường, Cấp học, Tên khác, Email) (đang có: {found})",
        "en": "the header line lacks the column(s) {missing}; "
        "it should be code,name,level,aliases,emails (found: {found})",
    },
    "roster.cell_empty": {"vi": "ô {column} để trống", "en": "the {column} is empty"},
    "roster.code_twice": {
        "vi": "mã trường {value} được dùng hai lần (lần đầu ở dòng {first})",
        "en": "school code {value} is used twice (first on line {first})",
    },
    "roster.not_address": {
        "vi": "{value} không phải địa chỉ e-mail",
        "en": "{value} is not an e-mail address",
    },
    "roster.no_schools": {
        "vi": "danh sách trường có dòng tiêu đề nhưng không có trường nào",
        "en": "the roster has a header but no schools",
    },
}
