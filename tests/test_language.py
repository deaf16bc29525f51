"""Everything a person reads follows `language`: no English sentence in "vi", no Vietnamese in "en"."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import CONFIG, ROSTER, run_cli, write_setup
from tests.language import foreign


def _in(language: str, config: str = CONFIG) -> str:
    return config.replace('language = "vi"', f'language = "{language}"')


def test_the_heuristic_tells_the_languages_apart() -> None:
    english = "campaign[0].require[1]: unknown role 'scna'; roles are word, scan and paper"
    vietnamese = "campaign[0].require[1]: không có loại tệp 'scna'; chỉ có word, scan và paper"
    assert foreign(english, "vi") and not foreign(english, "en")
    assert foreign(vietnamese, "en") and not foreign(vietnamese, "vi")
    assert not foreign("/tmp/Trường/x.toml:3: 'Tân Phong' is not an e-mail address", "en")


BROKEN = {
    "unknown key and bad date": lambda c: c.replace("state_dir", "stat_dir").replace(
        '"2024-06-01"', '"2024-06-31"'
    ),
    "bad values": lambda c: (
        c.replace('timezone = "Asia/Ho_Chi_Minh"', 'timezone = "Mars"')
        .replace('["word", "scan"]', '["word", "scna"]')
        .replace('staff = ["chuyenvien@example.edu.vn"]', 'staff = ["a@x.vn; b@x.vn", "c@"]')
        + '\n[digest]\ncron = "every day"\n[daemon]\npoll_every = "soon"\n'
    ),
    "wrong types": lambda c: (
        c.replace('staff = ["chuyenvien@example.edu.vn"]', "staff = [3]").replace(
            'state_dir = "var"', "state_dir = 4"
        )
        + "\n[reminders]\nsend_days = [1.5]\n"
    ),
    "single brackets": lambda c: c.replace("[[campaign]]", "[campaign]", 1),
    "toml syntax": lambda c: c.replace('id = "q7"', 'id = "q7'),
    "references": lambda c: c + '\n[[extension]]\nschool = "MN-X"\nperiod = "2030"\nuntil = "x"\n',
    "no campaign": lambda c: c.split("[[campaign]]")[0],
}


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_config_is_explained_in_the_configured_language(
    tmp_path: Path, language: str, case: str
) -> None:
    roster = ROSTER + "MN-TANPHONG,Tân Phong 2,MN,,not-an-address\n"
    path = write_setup(tmp_path, BROKEN[case](_in(language)), roster)
    result = run_cli("check", "--config", str(path))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) >= 2, result.stderr
    wrong = foreign(result.stderr, language, names=("Tân Phong",))
    assert not wrong, f"{wrong} in:\n{result.stderr}"


NAMES = (
    "Tân Phong",
    "Phù Đổng",
    "Nguyễn Thị Thập",
    "Báo cáo năm 2023",
    "Báo cáo sơ kết 2024",
    "Báo cáo biến đổi khí hậu",
    "Phòng GDĐT",
)


def _polled(tmp_path: Path, language: str) -> Path:
    from tests.helpers import make_docx, make_scan

    config = write_setup(tmp_path, _in(language))
    inbox = tmp_path / "inbox"
    make_docx(inbox / "MN Tân Phong - bao cao nam 2023.docx", when="2023-10-20 09:00")
    make_scan(inbox / "MN Tân Phong - bao cao nam 2023.jpg", "2023-10-20 09:05", size=(300, 400))
    make_docx(inbox / "Document1.docx", "", when="2023-10-29 10:00")
    result = run_cli("poll", "--config", str(config), "--now", "2024-01-05 10:00")
    assert result.returncode == 0, result.stderr
    assert not foreign(result.stdout, language, NAMES), result.stdout
    return config


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_failed_poll_is_told_in_the_configured_language(tmp_path: Path, language: str) -> None:
    config = _polled(tmp_path, language)
    (tmp_path / "inbox").rename(tmp_path / "elsewhere")
    result = run_cli("poll", "--config", str(config), "--now", "2024-01-06 10:00")
    assert result.returncode == 2 and result.stderr.strip()
    assert not foreign(result.stderr, language, NAMES), result.stderr
    check = run_cli("check", "--connect", "--config", str(config))
    assert check.returncode == 1 and not foreign(check.stdout + check.stderr, language, NAMES)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_explain_of_an_unknown_file_is_in_the_configured_language(
    tmp_path: Path, language: str
) -> None:
    config = _polled(tmp_path, language)
    for name in ("Bao cao cua truong khac.docx", "TH Phù Đổng - so ket 2024.pdf"):
        result = run_cli("explain", name, "--config", str(config), "--now", "2024-01-05 10:00")
        assert result.returncode == 0, result.stderr
        assert not foreign(result.stdout, language, NAMES), result.stdout


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_report_csv_and_status_csv_are_in_the_configured_language(
    tmp_path: Path, language: str
) -> None:
    config = _polled(tmp_path, language)
    out = tmp_path / "report.csv"
    result = run_cli("report", "--config", str(config), "--campaign", "q7", "--out", str(out),
                     "--now", "2024-01-05 10:00")  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8-sig")
    assert "300×400" in text  # the problem is in it, worded for the department
    assert not foreign(text, language, NAMES), text
    assert not foreign(result.stdout, language, NAMES), result.stdout
    status = run_cli("status", "--config", str(config), "--format", "csv",
                     "--now", "2024-01-05 10:00")  # fmt: skip
    assert not foreign(status.stdout, language, NAMES), status.stdout
