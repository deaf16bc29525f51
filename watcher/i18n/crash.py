"""What a person reads when a command fails unexpectedly (the details are in the log)."""

TEXTS: dict[str, dict[str, str]] = {
    "crash.command": {
        "vi": "Lệnh gặp lỗi ngoài dự kiến và đã dừng. Chi tiết đã được ghi vào nhật ký (log); "
        "hãy gửi nhật ký cho người quản trị kỹ thuật.",
        "en": "The command failed unexpectedly and stopped. The details are in the log; "
        "send the log to the technical administrator.",
    },
}
