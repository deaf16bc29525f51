"""Config errors an admin can act on: every problem, with file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import CONFIG, ROOT, ROSTER, run_cli, write_setup
from watcher.config import ConfigErrors, load


def english(config: str = CONFIG) -> str:
    return config.replace('language = "vi"', 'language = "en"')


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ConfigErrors) as caught:
        load(path)
    return [str(p) for p in caught.value.problems]


def test_demo_config_is_valid() -> None:
    settings = load(ROOT / "config/demo/watcher.toml")
    assert [c.id for c in settings.campaigns] == ["q7-moi-truong", "tm-pccc"]
    annual = settings.campaigns[0].periods[0]
    assert annual.deadline.isoformat() == "2023-10-31T23:59:59+07:00"


def test_three_mistakes_are_all_reported_with_locations(tmp_path: Path) -> None:
    config = CONFIG.replace('language = "vi"', 'language = "en"\nlangage = "en"').replace(
        'due_before = "2024-06-01"', 'due_before = "2024-06-31"'
    )
    roster = ROSTER + "TH-PHUDONG,Phù Đổng 2,TH,,\n"
    path = write_setup(tmp_path, config, roster)
    found = problems_of(path)
    assert len(found) == 3, found
    unknown, date, duplicate = sorted(
        found, key=lambda p: ("langage" not in p, "2024-06-31" not in p)
    )
    assert f"{path}:4: langage: unknown key 'langage' (did you mean 'language'?)" == unknown
    assert f"{path}:28: campaign[0].period[1].due_before:" in date and "not a valid date" in date
    assert (
        f"{tmp_path / 'schools.csv'}:6: code: school code 'TH-PHUDONG' is used twice (first on line 3)"
        == duplicate
    )


def test_check_command_prints_every_problem_and_exits_1(tmp_path: Path) -> None:
    config = (
        english()
        .replace('require = ["word", "scan"]', 'require = ["word", "scna"]')
        .replace('staff = ["chuyenvien@example.edu.vn"]', 'staff = ["chuyenvien.example.edu.vn"]')
    )
    path = write_setup(tmp_path, config)
    result = run_cli("check", "--config", str(path))
    assert result.returncode == 1
    assert "campaign[0].require[1]: unknown role 'scna'" in result.stderr
    assert "(did you mean 'scan'?)" in result.stderr
    assert "email.staff[0]: 'chuyenvien.example.edu.vn' is not an e-mail address" in result.stderr


def test_check_command_accepts_the_demo() -> None:
    result = run_cli("check", "--config", "config/demo/watcher.toml")
    assert result.returncode == 0, result.stderr
    assert "2 đợt báo cáo" in result.stdout


def test_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = write_setup(tmp_path, english().replace('id = "q7"', 'id = "q7'))
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}:12:") and 'type instead:  id = "q7"' in problem
    path = write_setup(tmp_path, CONFIG.replace('id = "q7"', 'id = "q7'))
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}:12:") and 'hãy sửa thành:  id = "q7"' in problem


def test_duplicate_period_and_missing_roster_and_bad_zone(tmp_path: Path) -> None:
    config = (
        english()
        .replace('id = "2024-interim"', 'id = "2023-annual"')
        .replace('roster = "schools.csv"', 'roster = "nowhere.csv"')
        .replace('timezone = "Asia/Ho_Chi_Minh"', 'timezone = "Asia/Hanoi_City"')
    )
    found = problems_of(write_setup(tmp_path, config))
    text = "\n".join(found)
    assert "period id '2023-annual' is used twice" in text
    assert "nowhere.csv does not exist" in text
    assert "'Asia/Hanoi_City' is not a known time zone" in text


def test_roster_from_excel_with_bom_semicolons_and_vietnamese_headers(tmp_path: Path) -> None:
    roster = (
        "\ufeffMã trường;Tên trường;Cấp học;Tên khác;Email\nMN1;Tân Phong;mn;MN TP;a@x.vn; b@x.vn\n"
    )
    path = write_setup(tmp_path, CONFIG, roster)
    (school,) = load(path).campaigns[0].schools
    assert (school.code, school.name, school.level, school.aliases) == (
        "MN1",
        "Tân Phong",
        "MN",
        ("MN TP",),
    )


def test_roster_not_in_utf8_says_how_to_save_it(tmp_path: Path) -> None:
    path = write_setup(tmp_path)
    (tmp_path / "schools.csv").write_bytes("code,name,level\nMN1,Tân Phong,MN\n".encode("cp1258"))
    (problem,) = problems_of(path)
    assert "CSV UTF-8" in problem and "schools.csv:2" in problem and "Excel chọn" in problem


def test_roster_problems_name_line_and_column(tmp_path: Path) -> None:
    roster = "code,name,level,aliases,emails\nMN1,,MN,,\nMN2,Hoa Sen,MN,,not-an-address\n"
    found = problems_of(write_setup(tmp_path, english(), roster))
    assert any("schools.csv:2: name: the name is empty" in p for p in found)
    assert any(
        "schools.csv:3: emails: 'not-an-address' is not an e-mail address" in p for p in found
    )


def test_override_must_name_known_school_and_period(tmp_path: Path) -> None:
    config = english() + '\n[[override]]\nfile = "x.docx"\nschool = "MN-TANFONG"\nperiod = "2023"\n'
    text = "\n".join(problems_of(write_setup(tmp_path, config)))
    assert "override[0].school: no school has code 'MN-TANFONG'" in text
    assert "(did you mean 'MN-TANPHONG'?)" in text
    assert "override[0].period: no period has id '2023'" in text


def test_relative_paths_resolve_against_the_config_folder(tmp_path: Path) -> None:
    settings = load(write_setup(tmp_path))
    assert settings.state_dir == tmp_path / "var"
    assert settings.outbox_dir == tmp_path / "var/outbox"
    assert settings.campaigns[0].source_location == str(tmp_path / "inbox")


def test_drive_folder_link_is_accepted(tmp_path: Path) -> None:
    link = "https://drive.google.com/drive/folders/1gMeFHdRdL2i9TkpDcaOqTVlUqN1qxsks?usp=sharing"
    config = CONFIG.replace(
        'source = { type = "folder", path = "inbox" }',
        f'source = {{ type = "drive", folder_id = "{link}" }}',
    )
    settings = load(write_setup(tmp_path, config))
    assert settings.campaigns[0].source_location == "1gMeFHdRdL2i9TkpDcaOqTVlUqN1qxsks"


def test_docs_list_every_config_key() -> None:
    from watcher.config.schema import render_docs

    assert (ROOT / "docs/config.md").read_text(encoding="utf-8") == render_docs(), (
        "docs/config.md is out of date: run `make docs`"
    )


def test_a_schema_error_does_not_hide_the_other_mistakes(tmp_path: Path) -> None:
    config = (
        CONFIG.replace('language = "vi"', 'langage = "vi"')
        .replace('timezone = "Asia/Ho_Chi_Minh"', 'timezone = "Asia/Hanoi"')
        .replace('staff = ["chuyenvien@example.edu.vn"]', 'staff = ["chuyenvien@", "x@y.vn"]')
        .replace('require = ["word", "scan"]', 'require = ["word", "scna"]')
        .replace('id = "2024-interim"', 'id = "2023-annual"')
        .replace('due_before = "2024-06-01"', 'due_before = "2024-06-31"')
    )
    path = write_setup(tmp_path, config)
    found = problems_of(path)
    # the misspelt `language` leaves the default, Vietnamese
    assert found == [
        f"{path}:1: timezone: 'Asia/Hanoi' không phải múi giờ (ví dụ Asia/Ho_Chi_Minh)",
        f"{path}:3: langage: không có khóa 'langage' (có phải là 'language'?)",
        f"{path}:9: email.staff[0]: 'chuyenvien@' không phải địa chỉ e-mail",
        f"{path}:15: campaign[0].require[1]: không có loại tệp 'scna'; chỉ có word, scan và paper"
        " (có phải là 'scan'?)",
        f"{path}:25: campaign[0].period[1].id: mã kỳ '2023-annual' được dùng hai lần trong đợt này",
        f"{path}:27: campaign[0].period[1].due_before: '2024-06-31' không phải ngày hợp lệ"
        " (viết YYYY-MM-DD, hoặc YYYY-MM-DDTHH:MM)",
    ]
    english_found = problems_of(
        write_setup(tmp_path, config.replace('langage = "vi"', 'language = "en"'))
    )
    assert f"{path}:9: email.staff[0]: 'chuyenvien@' is not an e-mail address" in english_found


def test_single_brackets_for_a_campaign_say_to_write_double_ones(tmp_path: Path) -> None:
    config = (
        english()
        .replace("[[campaign]]", "[campaign]")
        .replace("[[campaign.period]]", "[campaign.period]", 1)
        .split("\n[[campaign.period]]")[0]
        .replace('due_before = "2023-11-01"', 'due_before = "01/11/2023"')
    )
    path = write_setup(tmp_path, config)
    found = problems_of(path)
    assert found[0].startswith(f"{path}:11: campaign: write [[campaign]] with double brackets")
    assert found[1].startswith(f"{path}:18: campaign[0].period: write [[campaign.period]]")
    assert found[2].startswith(f"{path}:21: campaign[0].period[0].due_before: '01/11/2023'")
    assert len(found) == 3, found


def test_two_addresses_in_one_entry_are_refused_not_half_used(tmp_path: Path) -> None:
    config = english().replace(
        'staff = ["chuyenvien@example.edu.vn"]',
        'staff = ["chuyenvien@example.edu.vn; truong@example.edu.vn", "A <a@x.vn>, b@x.vn"]',
    )
    path = write_setup(tmp_path, config)
    found = problems_of(path)
    assert len(found) == 2 and all("is not one e-mail address" in p for p in found), found
    named = CONFIG.replace('staff = ["', 'staff = ["\\"Phòng GDĐT, Quận 7\\" <pgd@x.vn>", "')
    assert load(write_setup(tmp_path, named)).raw.email.staff[0].endswith("<pgd@x.vn>")


def test_check_warns_and_connect_fails_when_the_watched_folder_is_missing(
    tmp_path: Path,
) -> None:
    path = write_setup(tmp_path)
    (tmp_path / "inbox").rmdir()
    plain = run_cli("check", "--config", str(path))
    assert plain.returncode == 0 and "chưa có thư mục" in plain.stderr
    connect = run_cli("check", "--connect", "--config", str(path))
    assert connect.returncode == 1 and "không truy cập được" in connect.stderr
