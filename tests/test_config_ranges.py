"""Issue 15, acceptance 4: every numeric key of the schema has a range, and `check` reports a
value outside it with file, line and key, in the configured language, before `poll` or `run`
would trip over it (1e300 s timeouts, 1e12 days, port 70000, negative retries)."""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel

from tests.helpers import CONFIG, run_cli, write_setup
from watcher.config import ConfigErrors, load
from watcher.config.schema import Limit, WatcherConfig, _nested_model, limit_of


def numeric_fields(
    model: type[BaseModel] = WatcherConfig, prefix: str = ""
) -> Iterator[tuple[str, str, type, bool, Limit | None]]:
    """(table, key, number type, is a list, limit) for every numeric key, nested ones too."""
    for name, field in model.model_fields.items():
        nested = _nested_model(field.annotation)
        if nested is not None:
            yield from numeric_fields(nested, f"{prefix}{name}.")
            continue
        kind, many = _number_type(field.annotation)
        if kind is not None:
            yield prefix.rstrip("."), name, kind, many, limit_of(field)


def _number_type(annotation: object) -> tuple[type | None, bool]:
    if annotation in (int, float):
        return annotation, False  # type: ignore[return-value]
    origin = typing.get_origin(annotation)
    arguments = typing.get_args(annotation)
    if origin is list and arguments:
        item = arguments[0]
        if typing.get_origin(item) is typing.Annotated:
            item = typing.get_args(item)[0]
        return _number_type(item)[0], True
    if origin in (typing.Union, types.UnionType):
        for argument in arguments:
            if argument is not type(None):
                found = _number_type(argument)
                if found[0] is not None:
                    return found
    return None, False


FIELDS = list(numeric_fields())


def test_the_schema_has_numeric_keys_and_each_has_a_range() -> None:
    keys = {f"{table}.{key}" for table, key, *_ in FIELDS}
    assert {"email.smtp_port", "drive.max_retries", "reminders.before_days"} <= keys
    assert len(FIELDS) >= 20
    missing = [f"{table}.{key}" for table, key, _, _, limit in FIELDS if limit is None]
    assert not missing, f"numeric keys without a range: {missing}"


def _config_with(table: str, line: str) -> str:
    """The test config with `line` placed in [table] (a campaign's source: in its inline table)."""
    if table == "campaign.source":
        inline = 'source = { type = "folder", path = "inbox" }'
        return CONFIG.replace(inline, f"{inline[:-2]}, {line} }}", 1)
    header = f"[{table}]\n"
    if header in CONFIG:
        return CONFIG.replace(header, header + line + "\n", 1)
    return CONFIG.replace("[[campaign]]\n", f"{header}{line}\n\n[[campaign]]\n", 1)


def _outside(limit: Limit, kind: type) -> list[object]:
    too_big: object = 1e300 if kind is float else int(limit.maximum) * 1000 + 1
    too_small: object = limit.minimum if limit.above else limit.minimum - 1
    values = [too_big, too_small if kind is float else int(too_small)]
    return values + (["nan", "inf"] if kind is float else [])


@pytest.mark.parametrize(("table", "key", "kind", "many", "limit"), FIELDS, ids=lambda v: str(v))
def test_every_out_of_range_value_is_named_with_file_line_and_key(
    tmp_path: Path, table: str, key: str, kind: type, many: bool, limit: Limit
) -> None:
    for value in _outside(limit, kind):
        written = str(value).lower() if isinstance(value, str) else repr(value)
        line = f"{key} = [{written}]" if many else f"{key} = {written}"
        text = _config_with(table, line)
        path = write_setup(tmp_path, text)
        with pytest.raises(ConfigErrors) as failure:
            load(path)
        expected_line = next(n for n, row in enumerate(text.splitlines(), 1) if line in row)
        mine = [
            p
            for p in failure.value.problems
            if re.sub(r"\[\d+\]", "", p.key).startswith(f"{table}.{key}")
        ]
        assert len(mine) == 1, (line, [str(p) for p in failure.value.problems])
        problem = mine[0]
        assert problem.file == str(path) and problem.line == expected_line, str(problem)
        assert "giới hạn" in problem.message or "hữu hạn" in problem.message, problem.message
        assert len(failure.value.problems) == 1, [str(p) for p in failure.value.problems]


def test_the_issue_examples_are_caught_by_check_in_english_with_units(tmp_path: Path) -> None:
    text = (
        CONFIG.replace('language = "vi"', 'language = "en"')
        .replace("[email]\n", "[email]\nsmtp_timeout = 1e300\nsmtp_port = 70000\n", 1)
        .replace(
            "[[campaign]]\n",
            "[drive]\nmax_retries = -1\n\n[reminders]\nmax_age_days = 1000000000000\n\n"
            '[daemon]\npoll_every = "99999999999999d"\n\n[[campaign]]\n',
            1,
        )
    )
    path = write_setup(tmp_path, text)
    result = run_cli("check", "--config", str(path))
    assert result.returncode == 1, result.stdout + result.stderr
    said = " ".join(result.stderr.split())
    for key, words in (
        ("email.smtp_timeout", "at most 600 seconds"),
        ("email.smtp_port", "from 1 to 65,535 (port number)"),
        ("drive.max_retries", "from 0 to 20 times"),
        ("reminders.max_age_days", "from 0 to 3,660 days"),
        ("daemon.poll_every", "too long"),
    ):
        assert key in said and words in said, (key, words, said)
    assert "Traceback" not in result.stderr
