"""Numbers in the config outside what the watcher can work with (`watcher check`)."""

TEXTS: dict[str, dict[str, str]] = {
    "limits.range": {
        "vi": "{value} nằm ngoài giới hạn: phải từ {minimum} đến {maximum} {unit}",
        "en": "{value} is out of range: it must be from {minimum} to {maximum} {unit}",
    },
    "limits.above": {
        "vi": "{value} nằm ngoài giới hạn: phải lớn hơn {minimum} và không quá {maximum} {unit}",
        "en": "{value} is out of range: it must be more than {minimum} and at most {maximum} {unit}",
    },
    "limits.not_finite": {
        "vi": "{value} không phải là một số hữu hạn; hãy ghi một số, ví dụ {example}",
        "en": "{value} is not a finite number; write a number such as {example}",
    },
    "limits.duration_too_long": {
        "vi": "{value} quá dài: tối đa {maximum}",
        "en": "{value} is too long: at most {maximum}",
    },
    "unit.seconds": {"vi": "giây", "en": "seconds"},
    "unit.hours": {"vi": "giờ", "en": "hours"},
    "unit.days": {"vi": "ngày", "en": "days"},
    "unit.bytes": {"vi": "byte", "en": "bytes"},
    "unit.megabytes": {"vi": "MB", "en": "MB"},
    "unit.pixels": {"vi": "điểm ảnh", "en": "pixels"},
    "unit.characters": {"vi": "ký tự", "en": "characters"},
    "unit.times": {"vi": "lần", "en": "times"},
    "unit.entries": {"vi": "phần", "en": "parts"},
    "unit.ratio": {"vi": "lần (tỉ lệ nén)", "en": "times (packing ratio)"},
    "unit.requests_per_second": {"vi": "yêu cầu mỗi giây", "en": "requests a second"},
    "unit.threads": {"vi": "luồng tải cùng lúc", "en": "downloads at once"},
    "unit.port": {"vi": "(số cổng)", "en": "(port number)"},
    "unit.weekday": {"vi": "(1 = thứ Hai ... 7 = Chủ nhật)", "en": "(1 = Monday ... 7 = Sunday)"},
    "unit.hour": {"vi": "(giờ trong ngày)", "en": "(hour of the day)"},
}
