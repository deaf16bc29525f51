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
}


def unreadable_message(kind: str, language: str) -> str:
    texts = TEXTS.get(f"unreadable.{kind}") or TEXTS["unreadable.broken"]
    return texts["en"] if language == "en" else texts["vi"]
