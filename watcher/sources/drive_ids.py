"""Drive folder ids as admins paste them (a bare id or a link): read by the config loader,
which must not import the Google client libraries to check a config."""

from __future__ import annotations

import re

_ID = re.compile(r"^[A-Za-z0-9_-]{10,}$")
_LINK_PATTERNS = (
    re.compile(r"/folders/([A-Za-z0-9_-]{10,})"),
    re.compile(r"[?&]id=([A-Za-z0-9_-]{10,})"),
)


def parse_folder_id(value: str) -> str:
    """A Drive folder id from a bare id or a folder link as people paste it."""
    text = value.strip().rstrip("/")
    if _ID.match(text):
        return text
    if "drive.google.com" in text or "docs.google.com" in text:
        if re.search(r"/(file|document|spreadsheets|presentation)/d/", text):
            raise ValueError(
                f"{value.strip()!r} là đường dẫn tới một tệp, không phải thư mục. Hãy mở thư mục "
                "trên Google Drive và sao chép đường dẫn của chính thư mục đó."
            )
        for pattern in _LINK_PATTERNS:
            match = pattern.search(text)
            if match:
                return match.group(1)
    raise ValueError(
        f"{value.strip()!r} không phải mã thư mục Google Drive. Dùng đường dẫn dạng "
        "https://drive.google.com/drive/folders/<mã> hoặc chính mã thư mục."
    )
