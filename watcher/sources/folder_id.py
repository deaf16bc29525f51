"""Turn what an admin pastes (a Drive folder id or its link) into the folder id."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

_ID = re.compile(r"^[A-Za-z0-9_-]{10,}$")


def parse_folder_id(value: str) -> str:
    value = value.strip()
    if _ID.match(value):
        return value
    url = urlparse(value)
    if url.scheme in ("http", "https") and url.netloc.endswith("google.com"):
        match = re.search(r"/folders/([A-Za-z0-9_-]{10,})", url.path)
        if match:
            return match.group(1)
        ids = parse_qs(url.query).get("id")
        if ids and _ID.match(ids[0]):
            return ids[0]
    raise ValueError(
        f"{value!r} is neither a Drive folder id nor a folder link "
        "(copy the link of the folder, e.g. https://drive.google.com/drive/folders/1gMe...)"
    )
