"""List the demo's outbox for `make demo`: how many e-mails of each kind, one subject of each.

Every .eml carries its idempotency key (X-Watcher-Key: "reminder:q7-moi-truong:…"); its first
word is the kind. The lines stay under 80 columns.
"""

from __future__ import annotations

import email
import sys
from collections import Counter
from email import policy
from pathlib import Path

KINDS = {
    "digest": "bản tin cho chuyên viên",
    "reminder": "thư nhắc trường",
    "receipt": "thư xác nhận đã nhận",
    "problem": "thư báo tệp chưa dùng được",
    "admin": "thư cho quản trị viên",
}


def main(folder: Path) -> int:
    counts: Counter[str] = Counter()
    example: dict[str, str] = {}
    for path in sorted(folder.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        kind = str(message["X-Watcher-Key"] or "").strip().split(":")[0]
        counts[kind] += 1
        example.setdefault(kind, str(message["Subject"]))
    for kind, count in sorted(counts.items(), key=lambda pair: list(KINDS).index(pair[0])
                              if pair[0] in KINDS else 99):  # fmt: skip
        print(f"  {count:3d} {KINDS.get(kind, kind)}")
        subject = example[kind]
        print(f"      ví dụ: {subject[:64] + '…' if len(subject) > 65 else subject}")
    return 0 if counts else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
