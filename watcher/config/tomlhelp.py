"""A TOML syntax error, explained to an office admin: the line, what is wrong, what to type.

tomllib says "Invalid value (at line 34, column 9)". The admin needs: line 34 is
`title = Báo cáo năm`, text needs double quotes, type `title = "Báo cáo năm"`. Pure: the
config text and tomllib's message in, (line, message) out, in the configured language.
"""

from __future__ import annotations

import re

from watcher.i18n import t

_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_ASSIGNMENT = re.compile(r"^(?P<indent>\s*)(?P<key>[A-Za-z0-9_\-\"'.]+)\s*=\s*(?P<value>.*?)\s*$")
_COMMA_NUMBER = re.compile(r"^-?\d+,\d+$")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")


def explain(text: str, error: str, language: str) -> tuple[int | None, str]:
    """(the line to show, the message) for tomllib's `error` on `text`."""
    lines = text.splitlines()
    line = _line_of(error, lines)
    if "Unclosed array" in error or "Unclosed inline table" in error:
        closer = "]" if "array" in error else "}"
        start = _opening_line(lines, line, "[" if closer == "]" else "{")
        return start, _say(language, "toml.unclosed", lines, start, _append(lines, start, closer))
    if line is None or not 1 <= line <= len(lines):
        return line, t(language, "toml.generic_nowhere")
    source = lines[line - 1]
    if "table declaration" in error or "array declaration" in error:
        return line, _say(language, "toml.header", lines, line, _header_fix(source))
    if "Cannot overwrite a value" in error or "Cannot declare" in error:
        return line, _say(language, "toml.twice", lines, line, None)
    assignment = _ASSIGNMENT.match(_strip_comment(source))
    if assignment is None:
        return line, _say(language, "toml.generic", lines, line, None)
    return line, _value_message(language, lines, line, assignment, error)


def _value_message(
    language: str, lines: list[str], line: int, assignment: re.Match[str], error: str
) -> str:
    key, value = assignment["key"], assignment["value"]
    indent = assignment["indent"]
    if _COMMA_NUMBER.match(value):
        fixed = f"{indent}{key} = {value.replace(',', '.')}"
        return _say(language, "toml.comma_number", lines, line, fixed)
    date = _NUMERIC_DATE.match(value)
    if date:
        day, month, year = date.groups()
        fixed = f'{indent}{key} = "{year}-{int(month):02d}-{int(day):02d}"'
        return _say(language, "toml.date", lines, line, fixed)
    if value[:1] in "“”‘’" or value[-1:] in "“”‘’":
        fixed = f'{indent}{key} = "{value.strip("“”‘’")}"'
        return _say(language, "toml.curly_quotes", lines, line, fixed)
    if value.startswith('"') and value.count('"') % 2 == 1:
        fixed = f"{indent}{key} = {value}" + '"'
        return _say(language, "toml.no_closing_quote", lines, line, fixed)
    if value.endswith('"') and not value.startswith('"'):
        fixed = f'{indent}{key} = "{value}'
        return _say(language, "toml.no_opening_quote", lines, line, fixed)
    if value and not value.startswith(("[", "{", '"', "'")):
        fixed = f'{indent}{key} = "{value}"'
        return _say(language, "toml.unquoted_text", lines, line, fixed)
    return _say(language, "toml.generic", lines, line, None)


def _say(language: str, key: str, lines: list[str], line: int | None, fixed: str | None) -> str:
    shown = lines[line - 1].rstrip() if line and 1 <= line <= len(lines) else ""
    message = t(language, key).format()  # always formatted: texts write a brace as {{ or }}
    if shown:
        message += "\n" + t(language, "toml.line_is", line=line, text=shown)
    if fixed is not None:
        message += "\n" + t(language, "toml.type_instead", text=fixed.rstrip())
    return message


def _line_of(error: str, lines: list[str]) -> int | None:
    match = _POSITION.search(error)
    if match:
        line, column = int(match.group(1)), int(match.group(2))
        # "Illegal character '\n'" points past the end of the broken line, at the next one
        if column == 1 and line > 1 and "\\n" in error:
            return line - 1
        return line
    if "end of document" in error:
        return len(lines) or None
    return None


def _opening_line(lines: list[str], line: int | None, opener: str) -> int | None:
    """The line where the unclosed `[` or `{` of a value was opened, searching upwards."""
    last = min(line or len(lines), len(lines))
    for number in range(last, 0, -1):
        code = _strip_comment(lines[number - 1])
        if "=" in code and opener in code.split("=", 1)[1]:
            return number
    return line


def _append(lines: list[str], line: int | None, closer: str) -> str | None:
    if not line or not 1 <= line <= len(lines):
        return None
    code = _strip_comment(lines[line - 1]).rstrip().rstrip(",")
    if code.endswith(("[", "{")):
        return None  # a list over several lines: its end is further down, not here
    return code + (" }" if closer == "}" else closer)


def _header_fix(source: str) -> str:
    name = source.strip().strip("[]").strip()
    return f"[[{name}]]" if source.strip().startswith("[[") else f"[{name}]"


def _strip_comment(line: str) -> str:
    """The line without a trailing # comment (a # inside quotes stays)."""
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == "#" and not quoted:
            return line[:index].rstrip()
    return line
