"""Files that travel together (issue 12, class 9): what `watcher review` and `watcher explain`
say about a scan beside a Word file."""

TEXTS = {
    "together.waits": {
        "vi": "Chờ tệp Word “{word}” cùng thư mục, cùng người tải lên: khi tệp đó được xác định "
        "trường và kỳ, tệp quét này theo nó",
        "en": "Waits for the Word file “{word}” beside it (same folder, same uploader): once "
        "that file is placed, this scan follows it",
    },
}
