"""watcher/safe.py: one function per sink, each checked on the whole hostile list."""

from __future__ import annotations

import io
import json
import logging
import sys

import pytest
import structlog

from tests.hostile_names import FORMULA, FRAGMENTS, UNSAFE, UNSAFE_IN_TEXT
from watcher import logs, safe
from watcher.archive import names
from watcher.cli.common import SafeConsole


@pytest.mark.parametrize("fragment", FRAGMENTS)
def test_every_sink_is_clean_for_every_name(fragment: str) -> None:
    cell = safe.cell(fragment)
    assert not cell.lstrip(" '").startswith(FORMULA) or cell.startswith("'")
    assert not UNSAFE.search(cell.replace("\n", ""))
    assert not UNSAFE.search(safe.terminal(fragment))
    assert not UNSAFE_IN_TEXT.search(safe.terminal(fragment, multiline=True))
    assert not UNSAFE.search(safe.header(fragment)) and len(safe.header(fragment)) <= 180
    assert not UNSAFE.search(safe.display(fragment))
    assert not UNSAFE.search(names.safe_component(fragment))
    assert json.loads(safe.dumps({"name": fragment})) == {"name": fragment}
    assert not UNSAFE_IN_TEXT.search(safe.dumps({"name": fragment}, indent=2))


def test_formulas_are_made_inert_and_read_back() -> None:
    assert safe.cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert safe.cell("\t=1+1") == "' =1+1"
    assert safe.cell("＝1") == "'＝1"
    assert safe.cell("Báo cáo - 2023") == "Báo cáo - 2023"
    assert safe.cell(-3) == -3 and safe.cell(None) is None
    assert safe.cell("line one\nline two") == "line one\nline two"  # our own breaks stay
    for text in ("=1", "'=1", "''+x", "plain", "'plain"):
        assert safe.uncell(safe.cell(text)) == text


def test_terminal_shows_what_it_escapes() -> None:
    assert safe.terminal("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert safe.terminal("x\u202excod.exe") == "x\\u202excod.exe"
    assert safe.terminal("one\ntwo", multiline=True) == "one\ntwo"
    assert safe.terminal("Trường 🏫") == "Trường 🏫"


def test_archive_names_keep_the_real_extension_visible() -> None:
    assert names.safe_component("Báo cáo\u202excod.exe") == "Báo cáoxcod.exe"
    assert names.split_extension(names.safe_component("x\u2067cod.exe\u2069"))[1] == ".exe"


def test_the_console_never_prints_a_raw_control_character() -> None:
    out = io.StringIO()
    console = SafeConsole(file=out, width=120, force_terminal=True)
    console.print("name: \x1b]0;title\x07 \u202eabc", markup=False, highlight=False)
    console.print("[red]styled[/]")  # Rich's own colours still work
    text = out.getvalue()
    assert "\\x1b]0;title" in text and "\\u202e" in text  # Rich itself drops the bell
    assert "\x1b[31m" in text  # the style, not the name
    assert "\x1b]0;" not in text and "\u202e" not in text


@pytest.mark.parametrize("json_lines", [False, True])
def test_log_lines_escape_names(json_lines: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        logs.configure_logging(json_lines=json_lines)
        structlog.get_logger("test").warning("file.odd", name="\x1b[2J\u202eexe.docx\x9b")
    finally:
        structlog.reset_defaults()
        root.handlers, root.level = handlers, level
    written = stream.getvalue()
    assert "file.odd" in written
    if json_lines:  # lossless for programs that read the log
        assert json.loads(written)["name"] == "\x1b[2J\u202eexe.docx\x9b"
    else:
        assert "\\x1b[2J\\u202eexe.docx\\x9b" in written
    for raw in ("\x1b[2J", "\u202e", "\x9b"):  # colours of the renderer itself are fine
        assert raw not in written, repr(written)
