"""Why a poll failed, for the admin (`watcher poll`, the daemon's alerts, `check --connect`).

The technical detail (an HTTP status, an OS error) goes to the log; these sentences say what
happened and what to do. `{code}` is a short technical tag (HTTP 403, errno) the admin can
quote to someone who helps them.
"""

TEXTS: dict[str, dict[str, str]] = {
    "source.folder_missing": {
        "vi": "không có thư mục {folder} hoặc không truy cập được (ổ mạng đã gắn chưa?)",
        "en": "the folder {folder} does not exist or is not reachable (is the share mounted?)",
    },
    "source.folder_unreadable": {
        "vi": "không đọc được thư mục {folder} (kiểm tra quyền đọc)",
        "en": "cannot read the folder {folder} (check that it may be read)",
    },
    "source.file_vanished": {
        "vi": "tệp {path} biến mất trong lúc đang đọc; lần quét sau sẽ đọc lại",
        "en": "{path} vanished while it was being read; the next poll reads it again",
    },
    "source.file_unreadable": {
        "vi": "không đọc được tệp {path} (kiểm tra quyền đọc)",
        "en": "cannot read {path} (check that it may be read)",
    },
    "source.folder_describe": {
        "vi": "thư mục {folder}: {count} tệp",
        "en": "folder {folder}: {count} files",
    },
    "source.drive_describe": {
        "vi": "Thư mục «{name}» (id {id}): {files} tệp, {folders} thư mục con; "
        "đọc bằng tài khoản dịch vụ {account}",
        "en": "Folder «{name}» (id {id}): {files} files, {folders} subfolders; "
        "read with the service account {account}",
    },
    "source.imap_describe": {
        "vi": "hộp thư IMAP {user}@{host}:{port}, thư mục {folder}: {count} thư",
        "en": "IMAP mailbox {user}@{host}:{port}, folder {folder}: {count} messages",
    },
    "source.maildir_describe": {
        "vi": "hộp thư Maildir {path}: {count} thư",
        "en": "Maildir {path}: {count} messages",
    },
    "source.folder_describe_unreadable": {
        "vi": "; không đọc được thư mục con {folders}",
        "en": "; cannot read the folder(s) {folders}",
    },
    "source.not_maildir": {
        "vi": "{folder} không phải hộp thư Maildir (không có thư mục con cur/ hoặc new/)",
        "en": "{folder} is not a Maildir (it has no cur/ or new/ folder)",
    },
    "source.message_gone": {
        "vi": "thư chứa «{name}» đã rời hộp thư trong lúc đang đọc; lần quét sau sẽ đọc lại",
        "en": "the message of «{name}» left the Maildir while it was read; the next poll reads "
        "it again",
    },
    "source.emptied": {
        "vi": "nguồn hiện không có tệp nào, nhưng lần quét trước có {count} tệp (ổ mạng đã gắn "
        "chưa, thư mục còn được chia sẻ không?); giữ nguyên kết quả cũ. Nếu mọi tệp thật sự đã "
        "bị xoá, chạy `watcher poll --accept-empty` một lần",
        "en": "the source now lists no files, but {count} were there at the last poll (is the "
        "share mounted, is the folder still shared?); the previous view stays. If every file "
        "really was deleted, run `watcher poll --accept-empty` once",
    },
    "source.drive_refused": {
        "vi": "Google Drive từ chối yêu cầu ({code}); lần quét này bỏ qua, giữ nguyên kết quả cũ",
        "en": "Google Drive refused the request ({code}); this poll is skipped and the previous "
        "view stays",
    },
    "source.drive_download_refused": {
        "vi": "không tải được «{name}» từ Google Drive ({code}); tệp sẽ được thử lại ở lần quét sau",
        "en": "could not download «{name}» from Google Drive ({code}); it is tried again at the "
        "next poll",
    },
    "source.drive_list_refused": {
        "vi": "Google Drive từ chối liệt kê thư mục ({code})",
        "en": "Google Drive refused to list the folder ({code})",
    },
    "source.drive_unreachable": {
        "vi": "Google Drive không trả lời được ({what}) sau {attempts} lần thử; lần quét này bỏ "
        "qua, giữ nguyên kết quả cũ",
        "en": "Google Drive did not answer ({what}) after {attempts} attempts; this poll is "
        "skipped and the previous view stays",
    },
    "source.drive_folder_unreadable": {
        "vi": "không đọc được thư mục {folder} trên Google Drive ({code})",
        "en": "cannot read the folder {folder} on Google Drive ({code})",
    },
    "source.drive_not_folder": {
        "vi": "mã {folder} («{name}») là một tệp, không phải thư mục. Hãy dùng đường dẫn của thư "
        "mục nộp báo cáo",
        "en": "the id {folder} («{name}») is a file, not a folder. Use the link of the upload "
        "folder",
    },
    "source.drive_not_shared": {
        "vi": "không tìm thấy thư mục {folder} hoặc tài khoản dịch vụ chưa được chia sẻ quyền "
        "xem: hãy chia sẻ thư mục với {account} (quyền Người xem) ({code})",
        "en": "the folder {folder} was not found or is not shared with the service account: "
        "share it with {account} (as Viewer) ({code})",
    },
    "source.drive_gone": {
        "vi": "thư mục theo dõi {folder} đã bị xoá, chuyển vào thùng rác hoặc thôi chia sẻ với "
        "{account}. Giữ nguyên kết quả cũ; hãy khôi phục thư mục hoặc sửa folder_id trong cấu "
        "hình",
        "en": "the watched folder {folder} was deleted, trashed or no longer shared with "
        "{account}. The previous view stays; restore the folder or fix folder_id in the config",
    },
    "source.drive_incomplete": {
        "vi": "Google Drive báo kết quả tìm kiếm không đầy đủ cho thư mục {folder}; lần quét "
        "này bỏ qua, giữ nguyên kết quả cũ",
        "en": "Google Drive reported an incomplete search for the folder {folder}; this poll "
        "is skipped and the previous view stays",
    },
    "source.drive_shortcut": {
        "vi": "không đọc được đích của lối tắt «{name}» ({code})",
        "en": "cannot read the target of the shortcut «{name}» ({code})",
    },
    "source.drive_no_key": {
        "vi": "chưa có khoá tài khoản dịch vụ Google: đặt credentials_file trong bảng [drive] "
        "của tệp cấu hình, hoặc biến môi trường GOOGLE_APPLICATION_CREDENTIALS",
        "en": "no Google service account key: set credentials_file in the [drive] table of the "
        "config, or the environment variable GOOGLE_APPLICATION_CREDENTIALS",
    },
    "source.drive_key_missing": {
        "vi": "không tìm thấy tệp khoá tài khoản dịch vụ {path}; kiểm tra đường dẫn "
        "credentials_file trong bảng [drive]",
        "en": "the service account key file {path} does not exist; check credentials_file in "
        "the [drive] table",
    },
    "source.drive_bad_key": {
        "vi": "tệp {path} không phải khoá JSON của tài khoản dịch vụ Google. Hãy tải lại khoá: "
        "Google Cloud Console → IAM → Tài khoản dịch vụ → Khoá → Thêm khoá → JSON",
        "en": "the file {path} is not a Google service account JSON key. Download the key "
        "again: Google Cloud Console → IAM → Service accounts → Keys → Add key → JSON",
    },
    "source.drive_key_refused": {
        "vi": "Google từ chối khoá tài khoản dịch vụ trong {path}. Hãy kiểm tra khoá còn hiệu lực "
        "và chưa bị xoá trong Google Cloud Console, hoặc tạo khoá mới",
        "en": "Google refused the service account key in {path}. Check that the key is still "
        "valid and not deleted in Google Cloud Console, or create a new key",
    },
    "source.unexpected": {
        "vi": "lần quét gặp lỗi không lường trước ({code}); chi tiết ở nhật ký (log)",
        "en": "the poll met an unexpected error ({code}); the details are in the log",
    },
}
