"""Acceptance 2 and 3: hostile and mutated files give a verdict, never an exception, within
bounded time and memory."""

from __future__ import annotations

import os
import signal
import tempfile
import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.validation_fixtures import (
    BOMB_GIB,
    CORPUS,
    make_docx,
    make_form_bomb_pdf,
    make_pixel_bomb_png,
    make_scan_pdf,
    make_zip_bomb_docx,
)
from watcher.model import Verdict, VerdictKind
from watcher.validation import IsolatedChecker, ValidationPolicy, validate_file, validate_isolated

IN_PROCESS_PEAK_MB = 16  # tracemalloc peak while refusing a bomb in this process
WORKER_PEAK_RSS_MB = 150  # worker's lifetime peak RSS (it idles at about 50 MB)


def codes(verdict: Verdict) -> list[str]:
    return [finding.code for finding in verdict.findings]


@pytest.fixture(scope="module")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    return {
        "honest": make_zip_bomb_docx(folder / "honest.docx"),
        "lying": make_zip_bomb_docx(folder / "lying.docx", honest_size=False),
        "pixels": make_pixel_bomb_png(folder / "pixels.png"),
        "giant": make_pixel_bomb_png(folder / "giant.png", 30_000, 30_000),
    }


def _traced_peak_mb(path: Path) -> tuple[Verdict, float]:
    tracemalloc.start()
    try:
        verdict = validate_file(path, name=path.name)
        return verdict, tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(
    ("bomb", "code"),
    [("honest", "docx.zip_bomb"), ("lying", "docx.corrupt"),
     ("pixels", "image.bomb"), ("giant", "image.bomb")],
)  # fmt: skip
def test_bombs_are_refused_with_bounded_memory(
    bombs: dict[str, Path], bomb: str, code: str
) -> None:
    verdict, peak_mb = _traced_peak_mb(bombs[bomb])
    assert codes(verdict) == [code]
    assert peak_mb < IN_PROCESS_PEAK_MB, f"{bomb}: {peak_mb:.1f} MB"


def test_zip_bomb_really_inflates_to_gigabytes(bombs: dict[str, Path]) -> None:
    import zipfile

    with zipfile.ZipFile(bombs["honest"]) as archive:
        declared = archive.getinfo("word/document.xml").file_size
    assert declared == BOMB_GIB * 2**30
    assert bombs["honest"].stat().st_size < 3 * 2**20
    assert "2048 MB" in validate_file(bombs["honest"], name="a.docx").findings[0].message_en


def test_bombs_in_the_worker_keep_its_peak_rss_low(bombs: dict[str, Path]) -> None:
    with IsolatedChecker() as checker:
        for path in bombs.values():
            verdict = checker.check(path, name=path.name)
            assert verdict.kind is VerdictKind.PROBLEM
        assert 0 < checker.last_peak_rss_mb < WORKER_PEAK_RSS_MB


def test_a_check_past_its_timeout_is_stopped_and_the_worker_replaced() -> None:
    slow = CORPUS / "docx/good/poi_bug65649_large_ratio32.docx"  # about 0.5 s to read
    quick = ValidationPolicy(timeout_seconds=0.05)
    with IsolatedChecker() as checker:
        first_worker = (checker.check(slow, name="a.docx"), checker.worker_pid)[1]
        started = time.monotonic()
        assert codes(checker.check(slow, name="a.docx", policy=quick)) == ["file.check_timeout"]
        assert time.monotonic() - started < 5
        assert checker.check(slow, name="a.docx").kind is VerdictKind.OK
        assert checker.worker_pid != first_worker and checker.restarts == 1


def test_a_dead_worker_gives_check_crashed_and_is_replaced() -> None:
    good = CORPUS / "docx/good/poi_SampleDoc.docx"
    with IsolatedChecker() as checker:
        checker.check(good, name="a.docx")
        os.kill(checker.worker_pid or 0, signal.SIGKILL)  # the worker we started
        assert codes(checker.check(good, name="a.docx")) == ["file.check_crashed"]
        assert checker.check(good, name="a.docx").kind is VerdictKind.OK


def test_nested_forms_drawn_many_times_are_measured_once(tmp_path: Path) -> None:
    # 20,000 x 20,000 x 20,000 drawings in 400 KB: walking each would never end.
    bomb = make_form_bomb_pdf(tmp_path / "forms.pdf")
    bounded = ValidationPolicy(timeout_seconds=20)
    with IsolatedChecker() as checker:
        assert checker.check(bomb, name="forms.pdf", policy=bounded).kind is VerdictKind.OK


def test_the_memory_limit_stops_an_oversized_decode(tmp_path: Path) -> None:
    big = make_pixel_bomb_png(tmp_path / "big.png", 9000, 9000)  # 81 MP: under Pillow's limit
    tight = ValidationPolicy(memory_limit_mb=140)
    with IsolatedChecker(tight.memory_limit_mb) as checker:
        assert codes(checker.check(big, name="big.png", policy=tight)) == ["file.check_crashed"]
        good = CORPUS / "scan/good/poi_nature1.jpg"
        assert checker.check(good, name="a.jpg", policy=tight).kind is VerdictKind.OK


# --- fuzzing -----------------------------------------------------------------------------

SEEDS = {
    ".docx": [
        CORPUS / "docx/good/poi_SampleDoc.docx",
        CORPUS / "docx/good/docxrs_textbox_only.docx",
        CORPUS / "docx/good/d2g_googledocs_export.docx",
    ],
    ".pdf": [
        CORPUS / "scan/good/pike_congress_scanned.pdf",
        CORPUS / "scan/good/spf_google-doc.pdf",
        CORPUS / "scan/good/pypdf_r4-owner-password_rc4.pdf",
    ],
}
SEED_BYTES = {suffix: [path.read_bytes() for path in paths] for suffix, paths in SEEDS.items()}
BOUND_SECONDS = ValidationPolicy().timeout_seconds


@st.composite
def mutated(draw: st.DrawFn, suffix: str) -> bytes:
    data = bytearray(draw(st.sampled_from(SEED_BYTES[suffix])))
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "cut", "insert", "overwrite", "duplicate"]))
        if action == "flip":
            data[position] ^= 1 << draw(st.integers(0, 7))
        elif action == "cut":
            del data[position:]
            data = data or bytearray(b"\0")
        elif action == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=64))
        elif action == "overwrite":
            chunk = draw(st.binary(min_size=1, max_size=64))
            data[position : position + len(chunk)] = chunk
        else:
            data[position:position] = data[position : position + 512]
    return bytes(data)


def _fuzz_one(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        started = time.monotonic()
        verdict = validate_file(path, name=path.name)
        assert isinstance(verdict, Verdict)
        assert time.monotonic() - started < BOUND_SECONDS
        assert all(f.message_vi and f.message_en for f in verdict.findings)


FUZZ = settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))


@FUZZ
@given(mutated(".docx"))
def test_fuzzed_docx_always_gets_a_verdict(data: bytes) -> None:
    _fuzz_one(data, ".docx")


@FUZZ
@given(mutated(".pdf"))
def test_fuzzed_pdf_always_gets_a_verdict(data: bytes) -> None:
    _fuzz_one(data, ".pdf")


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(suffix=st.sampled_from([".docx", ".pdf"]), data=st.data())
def test_fuzzed_files_through_the_isolated_worker(suffix: str, data: st.DataObject) -> None:
    content = data.draw(mutated(suffix))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(content)
        verdict = validate_isolated(path, name=path.name)
        assert "file.check_timeout" not in codes(verdict)


def test_scan_and_report_survive_fuzzing_neighbours(tmp_path: Path) -> None:
    """The shared worker still answers ordinary files after the fuzz runs above."""
    report = make_docx(tmp_path / "a.docx", ["BÁO CÁO THÁNG 9 " * 10])
    assert validate_isolated(report, name="a.docx").kind is VerdictKind.OK
    assert validate_isolated(make_scan_pdf(tmp_path / "s.pdf"), name="s.pdf").kind is VerdictKind.OK
