"""What the commands print for the admin: summaries, refusals, hints (`watcher …` output)."""

TEXTS: dict[str, dict[str, str]] = {
    "cli.config_problems": {
        "vi": "Cấu hình có {count} lỗi:",
        "en": "The configuration has {count} problem(s):",
    },
}
