"""First, honest file checks: does it open as what it claims to be. Replaced by issue 5."""

from __future__ import annotations

import zipfile
from pathlib import Path

from watcher.model import Finding, Role, Severity, Verdict


def check(path: Path, name: str) -> Verdict:
    lower = name.lower()
    if path.stat().st_size == 0:
        return Verdict(
            Role.EXTRA,
            (
                Finding(
                    "file.empty",
                    Severity.PROBLEM,
                    "Tệp rỗng (0 byte).",
                    "The file is empty (0 bytes).",
                ),
            ),
            detected="empty",
        )
    if lower.endswith(".docx"):
        try:
            with zipfile.ZipFile(path) as archive:
                archive.getinfo("word/document.xml")
            return Verdict(Role.WORD, detected="docx")
        except (zipfile.BadZipFile, KeyError, OSError):
            return Verdict(
                Role.WORD,
                (
                    Finding(
                        "docx.corrupt",
                        Severity.PROBLEM,
                        "Tệp Word bị hỏng, không mở được.",
                        "The Word file is damaged and cannot be opened.",
                    ),
                ),
                detected="unknown",
            )
    if lower.endswith((".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff")):
        return Verdict(Role.SCAN, detected=lower.rsplit(".", 1)[-1])
    return Verdict(Role.EXTRA, detected="unknown")
