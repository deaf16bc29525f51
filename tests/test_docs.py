"""Docs can't drift: every command is in the README, the example config is valid."""

from __future__ import annotations

import tomllib

from tests.helpers import ROOT
from watcher.cli import app
from watcher.config import load
from watcher.config.schema import WatcherConfig


def command_names() -> list[str]:
    names = []
    for command in app.registered_commands:
        names.append(command.name or command.callback.__name__.replace("_", "-"))  # type: ignore[union-attr]
    for group in app.registered_groups:
        names.append(group.name or "")
    return names


def test_every_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in command_names():
        assert f"`watcher {name}" in readme, f"README.md does not document `watcher {name}`"


def test_readme_starts_with_the_two_setup_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```sh\n", 1)[1].split("```", 1)[0].strip().splitlines()
    assert [line.split()[:2] for line in block] == [["make", "demo"], ["make", "test"]]


def test_example_config_is_valid_and_uses_every_section(tmp_path) -> None:  # type: ignore[no-untyped-def]
    example = ROOT / "config/watcher.example.toml"
    data = tomllib.loads(example.read_text(encoding="utf-8"))
    WatcherConfig.model_validate(data)
    sections = {
        name
        for name, field in WatcherConfig.model_fields.items()
        if name not in {"override", "extension", "excuse", "validation", "archive_dir"}
    }
    assert sections <= set(data)
    # the example points at the demo roster, so it loads completely (Drive is not contacted)
    settings = load(example)
    assert settings.campaigns[0].source_location == "1gMeFHdRdL2i9TkpDcaOqTVlUqN1qxsks"
