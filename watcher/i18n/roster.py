"""Rosters: the school list read from CSV or straight from Excel, and what is wrong with it."""

TEXTS: dict[str, dict[str, str]] = {
    "xlsx.unreadable": {
        "vi": "không mở được tệp Excel này; hãy mở bằng Excel và lưu lại dạng .xlsx",
        "en": "this Excel file can't be opened; open it in Excel and save it again as .xlsx",
    },
    "xlsx.no_sheet": {
        "vi": "tệp không có trang tính «{sheet}»; các trang có: {sheets}",
        "en": "the workbook has no sheet '{sheet}'; its sheets are: {sheets}",
    },
    "xlsx.no_header": {
        "vi": "không tìm thấy dòng tiêu đề cột (cần ít nhất cột «Tên trường» và «Email» hoặc "
        "«Cấp học») trong 30 dòng đầu của trang {sheets}",
        "en": "no header row (at least 'Tên trường'/'name' and 'Email' or 'Cấp học'/'level') "
        "in the first 30 rows of sheet {sheets}",
    },
    "xlsx.empty": {
        "vi": "trang tính có dòng tiêu đề nhưng không có trường nào bên dưới",
        "en": "the sheet has a header row but no school below it",
    },
    "xlsx.empty_name": {"vi": "ô tên trường đang trống", "en": "the school name is empty"},
    "xlsx.no_level": {
        "vi": "không biết «{name}» là trường cấp nào; ghi MN, TH hoặc THCS vào cột «Cấp học»",
        "en": "the level of '{name}' is unknown; write MN, TH or THCS in a 'Cấp học' (level) column",
    },
    "xlsx.code_twice": {
        "vi": "mã trường «{code}» bị trùng (đã có ở {first}); mỗi trường một mã riêng",
        "en": "school code '{code}' is used twice (first at {first}); give each school its own",
    },
    "xlsx.same_school_twice": {
        "vi": "dòng {line} và dòng {first} đều là «{name}» ({level}) và đều chưa có mã trường; "
        "nếu là hai trường khác nhau, hãy ghi mã trường (mã của Bộ hoặc mã riêng của phòng) vào "
        "ô mã của một dòng, nếu là một trường thì xoá một dòng",
        "en": "rows {line} and {first} are both '{name}' ({level}) and neither has a school code; "
        "if they are two schools, write a code (the Ministry's or the department's own) in the "
        "code cell of one of them; if they are one school, delete one row",
    },
    "xlsx.made_code_taken": {
        "vi": "«{name}» (dòng {line}) chưa có mã trường, và mã watcher tự tạo cho trường này "
        "(«{code}») đã được ghi cho trường ở {first}; hãy ghi mã riêng vào ô mã của dòng {line}",
        "en": "'{name}' (row {line}) has no school code, and the code watcher would make for it "
        "('{code}') is already written for the school at {first}; write a code for row {line}",
    },
    "xlsx.code_taken_by_made": {
        "vi": "mã trường «{code}» trùng với mã watcher tự tạo cho «{name}» (dòng {line}, ô mã "
        "trống); hãy ghi mã cho dòng {line} hoặc đổi mã này",
        "en": "school code '{code}' is the code watcher made for '{name}' (row {line}, no code "
        "written); write a code for row {line} or change this one",
    },
    "xlsx.bad_email": {
        "vi": "«{address}» không phải địa chỉ e-mail; nhiều địa chỉ thì ngăn cách bằng dấu ; "
        "hoặc dấu phẩy",
        "en": "'{address}' is not an e-mail address; separate several addresses with ; or ,",
    },
    "roster.no_email": {
        "vi": "trường {name} ({code}) chưa có địa chỉ e-mail, sẽ không nhận được nhắc nhở",
        "en": "school {name} ({code}) has no e-mail address and will not receive reminders",
    },
    "roster.warning": {"vi": "lưu ý", "en": "warning"},
}
