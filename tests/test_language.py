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
