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


def _walkthrough_commands() -> list[list[str]]:
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Thiết lập cho một phòng mới")
    english = readme.index("### Setting up a new department")
    section = readme[start : readme.index("## Configuration", english)]
    return [found.split() for found in re.findall(r"`(watcher [^`]+)`", section)]


def test_the_setup_walkthrough_uses_real_commands_and_options() -> None:
    import typer

    root = typer.main.get_command(app)
    commands = _walkthrough_commands()
    assert {words[1] for words in commands} >= {"plan", "init", "check", "poll", "run"}
    for words in commands:
        command = root.commands[words[1]]  # type: ignore[attr-defined]
        rest = words[2:]
        if hasattr(command, "commands"):  # a group: `watcher plan read`
            command, rest = command.commands[rest[0]], rest[1:]
        options = {name for param in command.params for name in param.opts}
        for word in rest:
            if word.startswith("--"):
                assert word in options, f"`{' '.join(words)}`: {word} is not an option"
