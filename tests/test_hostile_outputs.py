"""Issue 15, acceptance 1: one list of hostile names, uploaded through the folder source and the
Drive stand-in, then every output read back: the e-mails, the digest HTML, `status` as a table,
JSON and CSV, the report as .docx, .xlsx and .csv, the archive and its manifest, `explain`, and
the logs. Each is produced; none has a live formula, a raw control or direction character, or
a file outside the archive."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.drivestub.server import DriveStub
from tests.helpers import CONFIG, local, make_docx, run_cli, set_time, write_setup
from tests.hostile_names import FORMULA, FRAGMENTS, UNSAFE, UNSAFE_IN_TEXT

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SCHOOLS = ("MN Tân Phong", "TH Phù Đổng", "THCS Phù Đổng", "THCS Nguyễn Thị Thập")
NOW = "2023-11-05 08:00"
ARCHIVED = 'language = "vi"\narchive_dir = "var/archive"\n'


def uploads() -> list[tuple[str, str]]:
    """(name, school) pairs: every fragment alone, and again before a school and a period."""
    named = [(fragment, SCHOOLS[i % 4]) for i, fragment in enumerate(FRAGMENTS)]
    placed = [
        (f"{fragment} - {school} bao cao nam 2023.docx", school) for fragment, school in named
    ]
    return named + placed


def test_the_list_covers_every_class_of_hostile_name() -> None:
    assert len(FRAGMENTS) >= 40
    text = "".join(FRAGMENTS)
    for needle in ("=", "+", "-", "@", "\r\n", "\x00", "\x1b", "\x9b", "\u202e", "\u2066", "🏫"):
        assert needle in text
    assert any(len(f) >= 300 for f in FRAGMENTS)
    assert any(f.startswith("../") for f in FRAGMENTS) and "<script>" in text


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("docs")
    return {
        school: make_docx(folder / f"{n}.docx", school).read_bytes()
        for n, school in enumerate(SCHOOLS)
    }


def _on_disk(name: str) -> str:
    """What a file system can hold of a name: no '/' or NUL, at most 255 bytes."""
    name = name.replace("/", "_").replace("\x00", "")
    while len(name.encode("utf-8")) > 250:
        name = name[:20] + name[21:]
    return name


def folder_setup(tmp: Path, documents: dict[str, bytes]) -> Path:
    config = write_setup(tmp, CONFIG.replace('language = "vi"\n', ARCHIVED))
    inbox = tmp / "inbox"
    for number, (name, school) in enumerate(uploads()):
        folder = inbox / (_on_disk("=cmd| \u202eredlof\x1b[2J") if number % 7 == 0 else "")
        folder.mkdir(exist_ok=True)
        path = folder / _on_disk(name)
        path.write_bytes(documents[school])
        set_time(path, "2023-10-20 09:00")
    return config


def drive_setup(tmp: Path, stub: DriveStub, documents: dict[str, bytes]) -> Path:
    root = stub.add_folder("Báo cáo \u202eredlof\x1b[2J")
    hostile_folder = stub.add_folder("=cmd|' /C calc'!A0 ../..", root)
    for number, (name, school) in enumerate(uploads()):
        parent = hostile_folder if number % 7 == 0 else root
        stub.add_file(name, parent, documents[school], DOCX, created=local("2023-10-20 09:00"))
    key = stub.write_service_account_key(tmp / "key.json")
    config = CONFIG.replace('language = "vi"\n', ARCHIVED).replace(
        'source = { type = "folder", path = "inbox" }',
        f'source = {{ type = "drive", folder_id = "{root}" }}',
    )
    config += f'\n[drive]\ncredentials_file = "{key}"\napi_endpoint = "{stub.api_endpoint}"\n'
    return write_setup(tmp, config)


@pytest.fixture
def stub() -> Iterator[DriveStub]:
    with DriveStub(seed=15) as running:
        yield running


def test_folder_uploads_reach_every_output_safely(
    tmp_path: Path, documents: dict[str, bytes]
) -> None:
    every_output_is_safe(folder_setup(tmp_path, documents))


def test_drive_uploads_reach_every_output_safely(
    tmp_path: Path, stub: DriveStub, documents: dict[str, bytes]
) -> None:
    every_output_is_safe(drive_setup(tmp_path, stub, documents))


def every_output_is_safe(config: Path) -> None:
    home = config.parent
    outputs: dict[str, str] = {}

    def cli(label: str, *args: str, now: tuple[str, ...] = ("--now", NOW)) -> str:
        result = run_cli(*args, "--config", str(config), *now, cwd=home)
        assert result.returncode == 0, (label, result.stdout, result.stderr)
        outputs[label] = result.stdout
        outputs[label + " (stderr)"] = result.stderr
        return result.stdout

    poll = run_cli("-v", "poll", "--config", str(config), "--now", NOW, cwd=home)
    assert poll.returncode == 0, poll.stderr
    outputs["poll"], outputs["logs"] = poll.stdout, poll.stderr
    assert "archive.written" in poll.stderr  # the log really was written

    cli("status", "status")  # the narrow table has no file names; --wide shows them
    table = cli("status wide", "status", "--wide")
    document = json.loads(cli("status json", "status", "--format", "json"))
    status_csv = cli("status csv", "status", "--format", "csv")
    _stored_names_are_the_originals(document)
    assert "\\x1b" in table and "\\u202e" in table  # the names are there, shown escaped
    assert "🏫" in table  # and emoji are left as they are

    ids = _hostile_ids(document)
    assert len(ids) >= 5
    for number, file_id in enumerate(ids):
        explained = cli(f"explain {number}", "explain", file_id)
        assert "Kết luận" in explained  # the decision, for a file found by its id
    cli("explain new", "explain", "\x1b]0;pwned\x07=cmd|' /C calc'!A0 \u202excod.exe")
    cli("digest", "digest", "--preview", str(home / "digest.html"))
    outputs["digest.html"] = (home / "digest.html").read_text(encoding="utf-8")
    for ending in ("docx", "xlsx", "csv"):
        cli(f"report {ending}", "report", "--campaign", "q7", "--out", f"report.{ending}")
    assert "TỐT" in cli("verify", "archive", "verify", now=())  # the Vietnamese "OK"

    for label, text in outputs.items():
        match = UNSAFE_IN_TEXT.search(text)
        assert match is None, (label, repr(text[max(match.start() - 60, 0) : match.end() + 20]))
    _csv_is_inert(status_csv, "status csv")
    _csv_is_inert((home / "report.csv").read_text(encoding="utf-8-sig"), "report csv")
    _xlsx_is_inert(home / "report.xlsx")
    _docx_is_clean(home / "report.docx")
    _mails_are_clean(home / "var" / "outbox", outputs["digest.html"])
    _archive_is_contained(home)


def _stored_names_are_the_originals(document: dict) -> None:  # type: ignore[type-arg]
    """JSON is for programs: the names are exactly as uploaded, control characters escaped."""
    campaign = document["campaigns"][0]
    names = {f["name"] for row in campaign["rows"] for f in row["files"]}
    names |= {item["name"] for item in campaign["unmatched"]}
    assert len(names) >= 40
    assert any("\u202e" in name for name in names) and any("\x1b" in name for name in names)


def _hostile_ids(document: dict) -> list[str]:  # type: ignore[type-arg]
    campaign = document["campaigns"][0]
    files = [(f["id"], f["name"]) for row in campaign["rows"] for f in row["files"]]
    files += [(item["id"], item["name"]) for item in campaign["unmatched"]]
    wanted = ("\x1b]0;", "\u202e", "=HYPERLINK", "<script>", "\x9b", "A" * 300, "\r\n")
    return [
        next(i for i, name in files if w in name) for w in wanted if any(w in n for _, n in files)
    ]


def _csv_is_inert(text: str, label: str) -> None:
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) > 4, label
    for row in rows:
        for value in row:
            assert not value.lstrip(" ").startswith(FORMULA), (label, value)
            assert not UNSAFE.search(value.replace("\n", "")), (label, value)


def _xlsx_is_inert(path: Path) -> None:
    workbook = load_workbook(path)
    seen = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.value
                if isinstance(cell.value, str):
                    seen += 1
                    assert not cell.value.lstrip(" ").startswith(FORMULA), cell.value
                    assert not UNSAFE.search(cell.value.replace("\n", "")), cell.value
    assert seen > 20
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            assert "<f>" not in archive.read(name).decode("utf-8", "replace"), name


def _docx_is_clean(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert "Tân Phong" in xml
    assert not UNSAFE_IN_TEXT.search(xml)


def _mails_are_clean(outbox: Path, digest_html: str) -> None:
    mails = sorted(outbox.glob("*.eml"))
    assert mails, "no e-mail was written"
    for path in mails:
        message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        for header, value in message.items():
            assert not UNSAFE.search(str(value)), (path.name, header, value)
        for part in message.walk():
            if part.get_content_maintype() == "text":
                body = part.get_content()
                assert not UNSAFE_IN_TEXT.search(body.replace("\r", "")), (path.name, body)
                if part.get_content_subtype() == "html":
                    _html_is_inert(body)
    _html_is_inert(digest_html)


def _html_is_inert(html: str) -> None:
    for live in ("<script", "<img", "<a href='javascript"):
        assert live not in html, live


def _archive_is_contained(home: Path) -> None:
    archive = (home / "var" / "archive").resolve()
    copies = [p for p in archive.rglob("*") if p.is_file()]
    assert len(copies) > 40
    for path in copies:
        assert not path.is_symlink() and path.resolve().is_relative_to(archive), path
        assert not UNSAFE.search(str(path.relative_to(archive))), path
    names = {p.name for p in copies}
    # "…2023\u202excod.exe" read "…2023exe.docx"; archived, it shows the ending it really has
    assert any(name.endswith("2023xcod.exe") for name in names), sorted(names)
    manifest = (archive / "q7" / "manifest.csv").read_text(encoding="utf-8-sig")
    _csv_is_inert(manifest, "manifest")
    for path in home.rglob("*"):  # nothing outside the archive, the state and the inbox
        top = path.relative_to(home).parts[0]
        assert top in {
            "inbox",
            "var",
            "watcher.toml",
            "schools.csv",
            "key.json",
            "digest.html",
        } or (top.startswith("report.")), path
