"""Acceptance 4: `watcher validate PATH... [--format table|json] [--language vi|en]`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import typer
from typer.testing import CliRunner

from tests.validation_fixtures import CORPUS, REPORT_LINES, make_docx, make_scan_pdf
from watcher.cli.validate import register
from watcher.validation import ValidationPolicy

ROOT = Path(__file__).resolve().parents[1]
BUILD_APP = """
import typer
from watcher.cli.validate import register
app = typer.Typer()
register(app)
@app.callback()
def main() -> None: pass
app()
"""


def make_app(policy: ValidationPolicy | None = None) -> typer.Typer:
    app = typer.Typer()
    register(app, (lambda _config: policy) if policy else (lambda _config: ValidationPolicy()))

    @app.callback()
    def main() -> None:  # a group, as the real CLI is: `watcher validate ...`
        pass

    return app


def test_json_output_has_the_documented_shape(tmp_path: Path) -> None:
    report = make_docx(tmp_path / "bao-cao.docx", REPORT_LINES)
    scan = make_scan_pdf(tmp_path / "ban-quet.pdf")
    renamed = CORPUS / "docx/bad/poi_sample_xlsx_renamed.docx"
    args = ["validate", str(report), str(scan), str(renamed), "--format", "json"]
    result = CliRunner().invoke(make_app(), args)
    assert result.exit_code == 1, result.output
    entries = json.loads(result.stdout)
    assert [(e["path"], e["role"], e["verdict"]) for e in entries] == [
        (str(report), "word", "ok"),
        (str(scan), "scan", "ok"),
        (str(renamed), "other", "problem"),
    ]
    (finding,) = entries[2]["findings"]
    assert set(finding) == {"code", "severity", "message"}
    assert (finding["code"], finding["severity"]) == ("docx.not_docx", "problem")
    assert "bảng tính Excel" in finding["message"]  # Vietnamese by default


def test_english_messages_and_exit_code_zero_without_problems(tmp_path: Path) -> None:
    text_pdf = CORPUS / "scan/good/spf_google-doc.pdf"
    args = ["validate", str(text_pdf), "--format", "json", "--language", "en"]
    result = CliRunner().invoke(make_app(), args)
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.stdout)
    assert entry["verdict"] == "warning"
    assert entry["findings"][0]["message"].startswith("This PDF was exported from a computer")


def test_configured_policy_is_used(tmp_path: Path) -> None:
    text_pdf = CORPUS / "scan/good/spf_google-doc.pdf"
    strict = make_app(ValidationPolicy(text_only_pdf="problem"))
    result = CliRunner().invoke(strict, ["validate", str(text_pdf), "--format", "json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)[0]["verdict"] == "problem"


def test_table_output_names_each_file_and_reason() -> None:
    encrypted = CORPUS / "docx/bad/poi_encrypted_agile.docx"
    result = CliRunner().invoke(make_app(), ["validate", str(encrypted), "--language", "en"])
    assert result.exit_code == 1
    assert "poi_encrypted_agile" in result.stdout
    assert "[docx.encrypted]" in result.stdout and "problem" in result.stdout


def test_a_folder_stands_for_every_file_under_it(tmp_path: Path) -> None:
    # A clerk points it at the folder they are about to upload.
    (tmp_path / "upload" / "ky").mkdir(parents=True)
    report = make_docx(tmp_path / "upload" / "bao-cao.docx", REPORT_LINES)
    scan = make_scan_pdf(tmp_path / "upload" / "ky" / "scan.pdf")
    (tmp_path / "upload" / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (tmp_path / "upload" / "desktop.ini").write_text("[.ShellClassInfo]")
    folder = str(tmp_path / "upload")
    result = CliRunner().invoke(make_app(), ["validate", folder, "--format", "json"])
    assert result.exit_code == 0, result.stdout
    entries = json.loads(result.stdout)
    assert [entry["path"] for entry in entries] == [str(report), str(scan)]
    assert [entry["role"] for entry in entries] == ["word", "scan"]


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(make_app(), ["validate", str(tmp_path / "none.docx")])
    assert result.exit_code == 2


def test_validate_as_a_subprocess(tmp_path: Path) -> None:
    report = make_docx(tmp_path / "bao-cao.docx", REPORT_LINES)
    command = [sys.executable, "-c", BUILD_APP, "validate", str(report), "--format", "json"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [
        {"path": str(report), "role": "word", "verdict": "ok", "findings": []}
    ]
