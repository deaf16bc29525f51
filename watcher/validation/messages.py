"""What each finding tells a school clerk, in Vietnamese and English: what is wrong, what to do.

Codes are stable; texts may be reworded. `finding()` is the only way checks build findings.
"""

from __future__ import annotations

from watcher.model import Finding, Severity

# What a file really is, for "this is a ... renamed to .docx".
KIND_NAMES: dict[str, tuple[str, str]] = {
    "docx": ("tệp Word (.docx)", "a Word file (.docx)"),
    "docm": ("tệp Word có macro (.docm)", "a macro-enabled Word file (.docm)"),
    "dotx": ("tệp mẫu Word (.dotx)", "a Word template (.dotx)"),
    "dotm": ("tệp mẫu Word có macro (.dotm)", "a macro-enabled Word template (.dotm)"),
    "doc": ("tệp Word 97-2003 (.doc)", "a Word 97-2003 file (.doc)"),
    "pdf": ("tệp PDF", "a PDF file"),
    "jpeg": ("ảnh JPEG", "a JPEG image"),
    "png": ("ảnh PNG", "a PNG image"),
    "tiff": ("ảnh TIFF", "a TIFF image"),
    "gif": ("ảnh GIF", "a GIF image"),
    "bmp": ("ảnh BMP", "a BMP image"),
    "webp": ("ảnh WebP", "a WebP image"),
    "heic": ("ảnh HEIC của iPhone", "an iPhone HEIC photo"),
    "xlsx": ("bảng tính Excel (.xlsx)", "an Excel spreadsheet (.xlsx)"),
    "xlsm": ("bảng tính Excel có macro (.xlsm)", "a macro-enabled Excel spreadsheet (.xlsm)"),
    "xls": ("bảng tính Excel 97-2003 (.xls)", "an Excel 97-2003 spreadsheet (.xls)"),
    "pptx": ("bài trình chiếu PowerPoint (.pptx)", "a PowerPoint presentation (.pptx)"),
    "ppt": ("bài trình chiếu PowerPoint 97-2003 (.ppt)", "a PowerPoint 97-2003 file (.ppt)"),
    "thmx": ("tệp giao diện (theme) của Office", "an Office theme file"),
    "ooxml": ("tệp Office không phải Word", "an Office file that is not a Word document"),
    "odt": ("văn bản OpenDocument (.odt)", "an OpenDocument text (.odt)"),
    "ods": ("bảng tính OpenDocument (.ods)", "an OpenDocument spreadsheet (.ods)"),
    "odp": ("trình chiếu OpenDocument (.odp)", "an OpenDocument presentation (.odp)"),
    "zip": ("tệp nén ZIP", "a ZIP archive"),
    "rar": ("tệp nén RAR", "a RAR archive"),
    "7z": ("tệp nén 7-Zip", "a 7-Zip archive"),
    "gzip": ("tệp nén GZIP", "a GZIP archive"),
    "rtf": ("văn bản RTF", "an RTF document"),
    "html": ("trang web (HTML)", "a web page (HTML)"),
    "mht": ("trang web đơn tệp (MHT)", "a single-file web page (MHT)"),
    "txt": ("tệp văn bản thuần (.txt)", "a plain text file"),
    "ole": ("tệp Office cũ không rõ loại", "an old-style Office file of unknown kind"),
    "empty": ("tệp rỗng", "an empty file"),
    "unknown": ("tệp không rõ định dạng", "a file of unknown format"),
    "google-sheet": ("tệp Google Trang tính", "a Google Sheets file"),
    "google-slides": ("tệp Google Trang trình bày", "a Google Slides file"),
    "google-form": ("tệp Google Biểu mẫu", "a Google Forms file"),
    "google-drawing": ("tệp Google Bản vẽ", "a Google Drawings file"),
    "google-folder": ("thư mục", "a folder"),
    "google-shortcut": ("lối tắt (shortcut) tới tệp khác", "a shortcut to another file"),
    "google-other": ("tệp Google không phải Google Tài liệu", "a Google file that is not a Doc"),
}

_RESAVE_VI = "Vui lòng mở tệp gốc, chọn Lưu thành (Save As) đúng định dạng rồi tải lên lại."
_RESAVE_EN = "Please open the original, use Save As with the right format, and upload it again."

# (code) or (code, severity) -> (vi, en); fields in braces come from finding(**params).
TEXTS: dict[str | tuple[str, str], tuple[str, str]] = {
    "file.empty": (
        "Tệp tải lên không có nội dung (0 byte). Vui lòng tải lên lại tệp đầy đủ.",
        "The uploaded file is empty (0 bytes). Please upload the complete file again.",
    ),
    "file.too_large": (
        "Tệp quá lớn ({size_mb} MB, giới hạn {limit_mb} MB). Vui lòng quét lại ở độ phân giải "
        "thấp hơn (khoảng 200-300 dpi) hoặc nén tệp rồi tải lên lại.",
        "The file is too large ({size_mb} MB, limit {limit_mb} MB). Please scan again at a lower "
        "resolution (about 200-300 dpi) or compress it, then upload it again.",
    ),
    "file.wrong_type": (
        "Tệp này là {what_vi}, không phải tệp Word hay bản quét mà Phòng yêu cầu. Vui lòng tải "
        "lên tệp Word (.docx) và bản quét có chữ ký, con dấu (PDF hoặc ảnh JPG/PNG).",
        "This file is {what_en}, not the Word file or scan the department asks for. Please "
        "upload a Word file (.docx) and a signed, stamped scan (PDF or JPG/PNG image).",
    ),
    "file.misnamed": (
        "Tệp có đuôi {ext} nhưng thực chất là {what_vi}, nên có thể không mở được. " + _RESAVE_VI,
        "The file is named {ext} but is really {what_en}, so it may not open. " + _RESAVE_EN,
    ),
    "file.unreadable": (
        "Phòng không đọc được tệp này. Vui lòng kiểm tra tệp mở được trên máy của trường rồi "
        "tải lên lại.",
        "The department could not read this file. Please check that it opens on the school's "
        "computer and upload it again.",
    ),
    "file.check_timeout": (
        "Việc kiểm tra tệp mất quá lâu nên đã dừng; tệp có thể bị hỏng. Vui lòng lưu lại tệp "
        "rồi tải lên lại.",
        "Checking this file took too long and was stopped; the file may be damaged. Please save "
        "it again and upload it again.",
    ),
    "file.check_crashed": (
        "Việc kiểm tra tệp bị lỗi (tệp có thể bị hỏng hoặc quá phức tạp). Vui lòng lưu lại tệp "
        "rồi tải lên lại.",
        "Checking this file failed (it may be damaged or too complex). Please save it again "
        "and upload it again.",
    ),
    "docx.not_docx": (
        "Tệp có đuôi .docx nhưng thực chất là {what_vi}, nên Word không mở được. Vui lòng mở "
        "tệp gốc, chọn Lưu thành (Save As) định dạng Word Document (.docx) rồi tải lên lại.",
        "The file is named .docx but is really {what_en}, so Word cannot open it. Please open "
        "the original, use Save As > Word Document (.docx), and upload it again.",
    ),
    "docx.macro_enabled": (
        "Tệp là Word có macro (.docm) nhưng đặt đuôi .docx nên Word không mở được. Vui lòng "
        "mở tệp, chọn Lưu thành (Save As) định dạng Word Document (.docx) rồi tải lên lại.",
        "The file is a macro-enabled Word file (.docm) named .docx, so Word will not open it. "
        "Please open it, use Save As > Word Document (.docx), and upload it again.",
    ),
    "docx.template_type": (
        "Tệp được lưu dưới dạng mẫu Word (.dotx) nhưng đặt đuôi .docx. Phòng vẫn đọc được; lần "
        "sau vui lòng chọn Lưu thành (Save As) định dạng Word Document (.docx).",
        "The file was saved as a Word template (.dotx) but named .docx. The department can "
        "still read it; next time please use Save As > Word Document (.docx).",
    ),
    "docx.encrypted": (
        "Tệp Word được đặt mật khẩu nên Phòng không mở được. Vui lòng gỡ mật khẩu và tải lên lại.",
        "The Word file is protected by a password, so the department cannot open it. Please "
        "remove the password and upload it again.",
    ),
    ("docx.legacy_doc", "warning"): (
        "Tệp là định dạng Word cũ (.doc, Word 97-2003). Phòng vẫn nhận; lần sau vui lòng lưu "
        "thành Word Document (.docx).",
        "The file is in the old Word format (.doc, Word 97-2003). The department accepts it; "
        "next time please save it as a Word Document (.docx).",
    ),
    ("docx.legacy_doc", "problem"): (
        "Tệp là định dạng Word cũ (.doc, Word 97-2003), Phòng chỉ nhận .docx. Vui lòng mở tệp, "
        "chọn Lưu thành (Save As) định dạng Word Document (.docx) rồi tải lên lại.",
        "The file is in the old Word format (.doc, Word 97-2003); the department only accepts "
        ".docx. Please open it, use Save As > Word Document (.docx), and upload it again.",
    ),
    "docx.corrupt": (
        "Tệp Word bị hỏng hoặc tải lên chưa hết nên không mở được ({detail}). Vui lòng mở thử "
        "tệp trên máy, lưu lại rồi tải lên lại.",
        "The Word file is damaged or was not uploaded completely, so it cannot be opened "
        "({detail}). Please check it opens, save it again, and upload it again.",
    ),
    "docx.zip_bomb": (
        "Tệp Word có cấu trúc bất thường ({detail}) nên Phòng không mở để bảo đảm an toàn. Vui "
        "lòng mở tệp trong Word, lưu lại rồi tải lên lại.",
        "The Word file has an abnormal structure ({detail}), so it was not opened, for safety. "
        "Please open it in Word, save it again, and upload it again.",
    ),
    "docx.unsafe_xml": (
        "Tệp Word chứa khai báo XML không an toàn (DOCTYPE/ENTITY) mà Word không bao giờ tạo ra. "
        "Vui lòng mở tệp trong Word, lưu lại rồi tải lên lại.",
        "The Word file contains unsafe XML declarations (DOCTYPE/ENTITY) that Word never "
        "writes. Please open it in Word, save it again, and upload it again.",
    ),
    "docx.empty": (
        "Tệp Word không có nội dung (phần thân văn bản gần như trống: {chars} ký tự). Vui lòng "
        "kiểm tra đã lưu đúng tệp báo cáo rồi tải lên lại.",
        "The Word file has no content (its body is almost empty: {chars} characters). Please "
        "check you saved the right report and upload it again.",
    ),
    "docx.pictures_only": (
        "Tệp Word chỉ có hình ảnh (ví dụ bản quét dán vào Word), không có chữ đánh máy nên Phòng "
        "không tổng hợp được. Vui lòng tải lên tệp Word gốc đã soạn thảo; bản quét có chữ ký, "
        "con dấu xin gửi riêng dạng PDF hoặc ảnh.",
        "The Word file holds only pictures (for example a scan pasted into Word) and no typed "
        "text, so the department cannot use it. Please upload the typed Word file; send the "
        "signed, stamped scan separately as a PDF or image.",
    ),
    "docx.blank_template": (
        "Tệp Word là mẫu trắng Phòng gửi, chưa điền nội dung. Vui lòng điền báo cáo vào mẫu, "
        "lưu lại rồi tải lên lại.",
        "The Word file is the department's blank template, not filled in. Please fill in the "
        "report, save it, and upload it again.",
    ),
    "scan.encrypted": (
        "Tệp PDF được đặt mật khẩu nên Phòng không mở được. Vui lòng gỡ mật khẩu (hoặc quét lại "
        "không đặt mật khẩu) rồi tải lên lại.",
        "The PDF is protected by a password, so the department cannot open it. Please remove "
        "the password (or scan again without one) and upload it again.",
    ),
    "scan.no_pages": (
        "Tệp PDF không có trang nào. Vui lòng quét lại văn bản rồi tải lên lại.",
        "The PDF has no pages. Please scan the document again and upload it again.",
    ),
    "scan.corrupt": (
        "Tệp PDF bị hỏng hoặc tải lên chưa hết nên không mở được ({detail}). Vui lòng mở thử "
        "tệp trên máy rồi tải lên lại.",
        "The PDF is damaged or was not uploaded completely, so it cannot be opened ({detail}). "
        "Please check it opens and upload it again.",
    ),
    "scan.text_only": (
        "Tệp PDF này được xuất thẳng từ máy tính, không phải bản quét văn bản có chữ ký, con dấu. "
        "Vui lòng in, ký, đóng dấu, quét bản giấy rồi tải lên.",
        "This PDF was exported from a computer, not scanned from the signed, stamped paper. "
        "Please print, sign and stamp it, scan the paper copy, and upload that.",
    ),
    "scan.blank": (
        "Các trang của tệp PDF đều trắng. Vui lòng kiểm tra lại bản quét rồi tải lên lại.",
        "Every page of the PDF is blank. Please check the scan and upload it again.",
    ),
    "image.corrupt": (
        "Ảnh bị hỏng hoặc tải lên chưa hết nên không xem được ({detail}). Vui lòng chụp hoặc "
        "quét lại rồi tải lên lại.",
        "The image is damaged or was not uploaded completely, so it cannot be shown ({detail}). "
        "Please take or scan it again and upload it again.",
    ),
    "image.too_small": (
        "Ảnh quá nhỏ ({width}×{height} điểm ảnh) nên có thể không đọc rõ. Vui lòng quét hoặc "
        "chụp lại rõ hơn (cạnh dài ít nhất {min_px} điểm ảnh) rồi tải lên lại.",
        "The image is too small ({width}×{height} pixels) to read reliably. Please scan or "
        "photograph it again more sharply (long side at least {min_px} pixels) and upload it.",
    ),
    ("image.too_small", "problem"): (
        "Ảnh quá nhỏ ({width}×{height} điểm ảnh): ở cỡ này không đọc được chữ, chữ ký và con dấu "
        "của một trang A4. Vui lòng quét hoặc chụp lại rõ hơn (cạnh dài ít nhất {min_px} điểm "
        "ảnh) rồi tải lên lại.",
        "The image is too small ({width}×{height} pixels): at this size the text, signature and "
        "stamp of an A4 page cannot be read. Please scan or photograph it again more sharply "
        "(long side at least {min_px} pixels) and upload it.",
    ),
    "image.unsupported_format": (
        "Tệp là {what_vi}, định dạng Phòng không nhận cho bản quét. Vui lòng chuyển sang ảnh JPG "
        "hoặc PDF (với iPhone: Cài đặt > Camera > Định dạng > Tương thích nhất, rồi chụp lại) "
        "và tải lên lại.",
        "The file is {what_en}, a format the department does not take for scans. Please "
        "convert it to a JPG image or a PDF (on an iPhone: Settings > Camera > Formats > Most "
        "Compatible, then take it again) and upload it again.",
    ),
    "image.bomb": (
        "Ảnh có kích thước bất thường ({detail}) nên Phòng không mở để bảo đảm an toàn. Vui lòng "
        "quét lại ở độ phân giải 200-300 dpi rồi tải lên lại.",
        "The image has an abnormal size ({detail}), so it was not opened, for safety. Please "
        "scan it again at 200-300 dpi and upload it again.",
    ),
}


def kind_names(detected: str) -> tuple[str, str]:
    return KIND_NAMES.get(detected, KIND_NAMES["unknown"])


def finding(code: str, severity: str | Severity = Severity.PROBLEM, **params: object) -> Finding:
    """Build a finding from the catalogue.

    `what` (a detected word) fills what_vi/what_en; `detail` is a (vi, en) pair or one string.
    """
    severity = Severity(severity)
    vi, en = TEXTS.get((code, severity.value)) or TEXTS[code]
    if "what" in params:
        params["what_vi"], params["what_en"] = kind_names(str(params.pop("what")))
    detail = params.pop("detail", ("", ""))
    if isinstance(detail, tuple):
        detail_vi, detail_en = str(detail[0]), str(detail[1])
    else:
        detail_vi = detail_en = str(detail)
    return Finding(
        code,
        severity,
        vi.format(detail=detail_vi, **params),
        en.format(detail=detail_en, **params),
    )
