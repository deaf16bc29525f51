"""TOML mistakes a non-programmer makes, explained: the line shown and what to type instead."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import CONFIG, run_cli, write_setup


@pytest.mark.parametrize(
    ("broken", "fixed", "vi_words", "en_words"),
    [
        (
            'title = "Báo cáo biến đổi khí hậu"',
            'title = "Báo cáo biến đổi khí hậu',
            "đóng",
            "closing",
        ),
        (
            'title = "Báo cáo biến đổi khí hậu"',
            'title = Báo cáo biến đổi khí hậu"',
            "mở",
            "opening",
        ),
        (
            'title = "Báo cáo biến đổi khí hậu"',
            "title = Báo cáo biến đổi khí hậu",
            "ngoặc kép",
            "quotes",
        ),
        (
            'title = "Báo cáo biến đổi khí hậu"',
            "title = “Báo cáo biến đổi khí hậu”",
            "kiểu Word",
            "Word-style",
        ),
        (
            'staff = ["chuyenvien@example.edu.vn"]',
            'staff = ["chuyenvien@example.edu.vn"',
            "thiếu ]",
            "] or }",
        ),
        ("[[campaign.period]]", "[[campaign.period]", "ngoặc vuông", "square brackets"),
        (
            'due_before = "2023-11-01"',
            "due_before = 01/11/2023",
            "NĂM-THÁNG-NGÀY",
            "YEAR-MONTH-DAY",
        ),
    ],
)
def test_a_toml_mistake_is_explained_with_its_line_and_the_fix(
    tmp_path: Path, broken: str, fixed: str, vi_words: str, en_words: str
) -> None:
    good = CONFIG
    bad = good.replace(broken, fixed, 1)
    assert bad != good
    number = next(i for i, line in enumerate(bad.splitlines(), 1) if line == fixed)
    for language, words in (("vi", vi_words), ("en", en_words)):
        text = bad.replace('language = "vi"', f'language = "{language}"')
        config = write_setup(tmp_path / language, text)
        result = run_cli("check", "--config", str(config))
        assert result.returncode == 1
        assert f"{config}:{number}:" in result.stderr
        assert words in result.stderr
        shown = f"dòng {number}:  {fixed}" if language == "vi" else f"line {number}:  {fixed}"
        assert shown in result.stderr
        typed = "hãy sửa thành:  " if language == "vi" else "type instead:  "
        assert f"{typed}{broken}" in result.stderr
        assert "Invalid value" not in result.stderr and "Traceback" not in result.stderr


def test_a_comma_in_a_decimal_number(tmp_path: Path) -> None:
    config = write_setup(tmp_path, CONFIG.replace("[email]\n", "[email]\nsmtp_timeout = 2,5\n"))
    result = run_cli("check", "--config", str(config))
    assert result.returncode == 1
    assert "số thập phân viết bằng dấu chấm" in result.stderr
    assert "hãy sửa thành:  smtp_timeout = 2.5" in result.stderr
