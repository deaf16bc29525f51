"""Files per second for typical uploads, in-process and in the isolated worker.

    /work/venv/bin/python benchmarks/validation.py

Typical .docx: python-docx reports of 30-300 KB (Vietnamese text, tables, a photo).
Typical scans: 150-200 dpi A4 pages with scanner noise, as PDF (Pillow) and JPEG/PNG, 1-5 MB.
"""

from __future__ import annotations

import io
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import docx  # noqa: E402
from docx.shared import Inches  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from watcher.validation import IsolatedChecker, validate_file  # noqa: E402

LINE = "Nhà trường đã triển khai đầy đủ kế hoạch năm học, tổ chức dạy học 2 buổi/ngày. "


def _photo(width: int, height: int, seed: int) -> Image.Image:
    rng = random.Random(seed)
    noise = Image.frombytes("L", (width, height), rng.randbytes(width * height))
    page = Image.new("L", (width, height), 230)
    draw = ImageDraw.Draw(page)
    for top in range(150, height - 150, 55):
        draw.rectangle(
            (width // 10, top, width - width // 10 - rng.randrange(width // 3), top + 18), fill=50
        )
    return Image.blend(page, noise, 0.12)


def make_report(path: Path, pages: int, photo_px: int, seed: int) -> Path:
    document = docx.Document()
    document.add_paragraph("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO QUẬN BA ĐÌNH")
    document.add_paragraph("BÁO CÁO CÔNG TÁC THÁNG 9 NĂM HỌC 2025-2026")
    table = document.add_table(rows=12, cols=5)
    for row in table.rows:
        for cell in row.cells:
            cell.text = f"{random.Random(seed).randrange(1000)} học sinh"
    for _ in range(pages * 6):
        document.add_paragraph(LINE * 5)
    if photo_px:
        buffer = io.BytesIO()
        _photo(photo_px, photo_px * 3 // 4, seed).convert("RGB").save(buffer, "JPEG", quality=70)
        buffer.seek(0)
        document.add_picture(buffer, width=Inches(5))
    document.save(str(path))
    return path


def make_scans(folder: Path) -> list[Path]:
    files = []
    for index, (dpi, pages) in enumerate([(150, 3), (200, 2), (300, 2)]):
        size = (int(8.27 * dpi), int(11.69 * dpi))
        images = [_photo(*size, seed=index * 10 + n).convert("RGB") for n in range(pages)]
        path = folder / f"scan{index}.pdf"
        images[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
        files.append(path)
    jpeg, png = folder / "scan.jpg", folder / "scan.png"
    _photo(2480, 3508, seed=99).convert("RGB").save(jpeg, "JPEG", quality=85)
    _photo(1654, 2339, seed=98).save(png, "PNG")
    return files + [jpeg, png]


def rate(paths: list[Path], check, rounds: int) -> float:
    started = time.perf_counter()
    for _ in range(rounds):
        for path in paths:
            verdict = check(path, name=path.name)
            assert verdict.usable, (path, verdict.findings)
    return rounds * len(paths) / (time.perf_counter() - started)


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="watcher-bench-"))
    reports = [
        make_report(folder / "small.docx", pages=2, photo_px=0, seed=1),
        make_report(folder / "medium.docx", pages=8, photo_px=1000, seed=2),
        make_report(folder / "large.docx", pages=30, photo_px=1700, seed=3),
    ]
    scans = make_scans(folder)
    print("files:")
    for path in reports + scans:
        print(f"  {path.name:12} {path.stat().st_size / 1024:8.0f} KB")
    started = time.perf_counter()
    with IsolatedChecker() as checker:
        checker.check(reports[0], name="warm.docx")
        startup = time.perf_counter() - started
        rows = [
            ("typical .docx (30-300 KB)", reports, 60),
            ("scans (PDF/JPEG/PNG, 1-5 MB)", scans, 8),
        ]
        print("\n| files | in-process files/s | isolated files/s |")
        print("|---|---|---|")
        for label, paths, rounds in rows:
            local = rate(paths, validate_file, rounds)
            isolated = rate(paths, checker.check, rounds)
            print(f"| {label} | {local:.0f} | {isolated:.0f} |")
        tiny = [reports[0]] * 200
        local_ms = 1000 / rate(tiny, validate_file, 1)
        isolated_ms = 1000 / rate(tiny, checker.check, 1)
        print(f"\nworker start (spawn + imports + first check): {startup * 1000:.0f} ms")
        print(
            f"per-file isolation overhead: {isolated_ms - local_ms:.2f} ms "
            f"({local_ms:.2f} ms in-process vs {isolated_ms:.2f} ms isolated, small .docx)"
        )
        print(f"worker peak RSS: {checker.last_peak_rss_mb:.0f} MB")
    print(f"\nPython {sys.version.split()[0]}; one run")
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
