"""`watcher health -v`: why the service is (un)healthy, read on the machine itself."""

TEXTS: dict[str, dict[str, str]] = {
    "healthz.last_success": {
        "vi": "{campaign}: lần đọc thành công gần nhất: {when}",
        "en": "{campaign}: last successful poll: {when}",
    },
    "healthz.last_failure": {
        "vi": "  lần đọc lỗi gần nhất: {when}: {reason}",
        "en": "  last failed poll: {when}: {reason}",
    },
    "healthz.never": {"vi": "chưa có", "en": "never"},
}
