"""Untrusted text made safe for each place it goes: one function per sink.

Every upload's name (and a school's, a period's label, a document's text) is typed by someone
outside the department. Before it reaches a sink it goes through the function for that sink:

- `cell`      spreadsheet cells and CSV fields: control and direction characters removed, and a
              leading formula character (= + - @, tab, CR, also their full-width forms) made
              inert with a leading apostrophe, as OWASP's CSV-injection guidance says;
- `plain`     text inside a document (.docx): control and direction characters removed;
- `terminal`  what a command prints: control and direction characters shown escaped (\\x1b,
              \\u202e), so no escape sequence reaches the terminal and no name reads backwards;
- `file_name` a component of a path in the archive: control and direction characters removed, so
              the extension that is really there is the one people see;
- `header`    e-mail headers: no control or direction character (no header injection), shortened;
- `display`   names in e-mail bodies and HTML (autoescaped by the templates): controls shown as �;
- `url`       only plain http(s) links become links;
- `dumps`     JSON for people's tools: lossless, but C1 and direction characters as \\u escapes.

Pure functions, no I/O.
"""

from __future__ import annotations

import json
import re
from typing import Any

# Direction marks, embeddings, overrides and isolates: they make "x\u202excod.exe" read "xexe.docx".
BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# C0 and C1 controls, DEL, line and paragraph separators, direction characters.
_WIDE = rf"\x7f-\x9f\u2028\u2029{BIDI}"  # what JSON leaves raw
UNSAFE = re.compile(rf"[\x00-\x1f{_WIDE}]")
_UNSAFE_BUT_NEWLINE = re.compile(rf"[\x00-\x09\x0b-\x1f{_WIDE}]")
_JSON_RAW = re.compile(f"[{_WIDE}]")
_SPACING = re.compile(r"[\t\r\n\x0b\x0c\x85\u2028\u2029]")  # what separates words when it goes
_SPACING_BUT_NEWLINE = re.compile(r"[\t\x0b\x0c\x85\u2028\u2029]")
# What makes Excel, LibreOffice or Google Sheets read a cell as a formula (OWASP), full-width too.
FORMULA_START = tuple("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
_ELLIPSIS = "…"


def plain(value: str, *, multiline: bool = False) -> str:
    """The text without control or direction characters; line breaks become spaces unless
    `multiline` (then only \\n survives). Nothing else changes: spelling and emoji stay."""
    if not UNSAFE.search(value):
        return value
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        return _UNSAFE_BUT_NEWLINE.sub("", _SPACING_BUT_NEWLINE.sub(" ", value))
    return UNSAFE.sub("", _SPACING.sub(" ", value))


def line(value: str) -> str:
    """One line of plain text (a name inside a list of names)."""
    return plain(value)


def cell(value: Any, *, multiline: bool = True) -> Any:
    """A spreadsheet cell or CSV field: no control character, no live formula. Non-text values
    (numbers, dates, None) pass unchanged; our own line breaks between names survive."""
    if not isinstance(value, str):
        return value
    text = plain(value, multiline=multiline)
    return "'" + text if _formula_like(text) else text


def uncell(value: str) -> str:
    """The text `cell` was given, for fields read back (the archive manifest's paths and names);
    control characters stay removed."""
    return value[1:] if value.startswith("'") and _formula_like(value) else value


def _formula_like(text: str) -> bool:
    """Starts, after spaces and any apostrophes, with what a spreadsheet reads as a formula."""
    return text.lstrip(" '").startswith(FORMULA_START)


def row(values: list[Any]) -> list[Any]:
    return [cell(value) for value in values]


def terminal(value: str, *, multiline: bool = False) -> str:
    """What a terminal may print: every control or direction character shown as an escape."""
    return (_UNSAFE_BUT_NEWLINE if multiline else UNSAFE).sub(_escape, value)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def file_name(value: str) -> str:
    """A path component without control or direction characters (the archive's names.py then
    keeps it within what file shares accept)."""
    return plain(value)


def header(value: str, limit: int = 180) -> str:
    """No control or direction-override characters in a header; long text shortened."""
    text = " ".join(UNSAFE.sub(" ", value).split())
    return shorten(text, limit)


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + _ELLIPSIS


def display(value: str | None, limit: int = 120) -> str:
    """A name as people may safely read it in an e-mail body: controls shown as �, long ones cut.

    The middle of a long file name goes, so its start and its extension stay readable.
    """
    text = " ".join(UNSAFE.sub("\ufffd", value or "").split())
    if len(text) <= limit:
        return text
    keep = limit - 1
    head = keep * 2 // 3
    return text[:head].rstrip() + _ELLIPSIS + text[len(text) - (keep - head) :].lstrip()


def url(value: str | None) -> str | None:
    """Only plain http(s) links without controls become links."""
    if not value or UNSAFE.search(value) or " " in value:
        return None
    return value if value.lower().startswith(("https://", "http://")) else None


def dumps(document: Any, **options: Any) -> str:
    """JSON that reads back to the same data, with no raw C1 or direction character in it.

    json escapes C0 controls itself; the others can only stand inside strings, where a \\u
    escape means the same character."""
    options.setdefault("ensure_ascii", False)
    text = _indented(document) if options == INDENTED else None
    if text is None:
        text = json.dumps(document, **options)
    return _JSON_RAW.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


INDENTED = {"indent": 2, "ensure_ascii": False}


def _indented(document: Any) -> str | None:
    """`json.dumps(document, indent=2, ensure_ascii=False)` made in C: the standard library
    writes indented JSON in pure Python (seconds for a province's status). The same text but
    for floats (1e20 for 1e+20; a NaN, which JSON has not, as null); None for an integer past
    64 bits, which json then writes."""
    import orjson

    try:
        return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS).decode()
    except (orjson.JSONEncodeError, TypeError):
        return None
