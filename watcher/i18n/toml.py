"""TOML syntax mistakes in the config, explained: what is wrong and what to type instead."""

TEXTS: dict[str, dict[str, str]] = {
    "toml.line_is": {"vi": "    dòng {line}:  {text}", "en": "    line {line}:  {text}"},
    "toml.type_instead": {"vi": "    hãy sửa thành:  {text}", "en": "    type instead:  {text}"},
    "toml.unquoted_text": {
        "vi": 'chữ phải nằm trong cặp dấu ngoặc kép "..."',
        "en": 'text must be inside double quotes "..."',
    },
    "toml.no_closing_quote": {
        "vi": 'thiếu dấu ngoặc kép " đóng ở cuối chữ',
        "en": 'the closing double quote " is missing at the end of the text',
    },
    "toml.no_opening_quote": {
        "vi": 'thiếu dấu ngoặc kép " mở ở đầu chữ',
        "en": 'the opening double quote " is missing at the start of the text',
    },
    "toml.curly_quotes": {
        "vi": 'đây là dấu ngoặc kép kiểu Word (“ ”); hãy gõ dấu ngoặc kép thẳng "',
        "en": 'these are Word-style quotes (“ ”); type straight double quotes "',
    },
    "toml.comma_number": {
        "vi": "số thập phân viết bằng dấu chấm, không dùng dấu phẩy",
        "en": "a decimal number is written with a dot, not a comma",
    },
    "toml.date": {
        "vi": 'ngày viết theo dạng "NĂM-THÁNG-NGÀY" trong dấu ngoặc kép',
        "en": 'a date is written "YEAR-MONTH-DAY", in double quotes',
    },
    "toml.unclosed": {
        "vi": "danh sách hoặc bảng mở ra ở dòng này nhưng chưa được đóng lại (thiếu ] hoặc }})",
        "en": "a list or table opened on this line is never closed (a ] or }} is missing)",
    },
    "toml.header": {
        "vi": "tên mục phải nằm trọn trong dấu ngoặc vuông: [tên] hoặc [[tên]]",
        "en": "a section name must be fully inside square brackets: [name] or [[name]]",
    },
    "toml.twice": {
        "vi": "khóa này đã được ghi ở trên rồi; hãy xóa một trong hai dòng",
        "en": "this key is already given above; delete one of the two lines",
    },
    "toml.generic": {
        "vi": 'dòng này viết sai; mỗi dòng là  khóa = giá trị  (chữ trong "...", danh sách '
        "trong [ ], số không có dấu ngoặc kép)",
        "en": 'this line is not written right; each line is  key = value  (text in "...", '
        "lists in [ ], numbers without quotes)",
    },
    "toml.generic_nowhere": {
        "vi": 'tệp viết sai cú pháp; kiểm tra các dấu ngoặc kép "..." và ngoặc vuông [ ]',
        "en": 'the file is not written right; check the double quotes "..." and brackets [ ]',
    },
}
