"""Find the line of a key path in TOML text, so config errors can say where to look.

tomllib gives values but no positions. This scanner follows table headers
(`[email]`, `[[campaign]]`, `[[campaign.period]]`) and `key = value` lines and records the
first line of every key path, written the way messages show it:
`campaign[0].period[1].due_before`. Keys inside inline tables share their table's line.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-\"'. ]+?)\s*=")


def _clean(part: str) -> str:
    return part.strip().strip("\"'")


def key_lines(text: str) -> dict[str, int]:
    lines: dict[str, int] = {}
    counters: dict[str, int] = {}
    prefix = ""
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            prefix = _header_prefix(header.group(1) == "[[", header.group(2), counters)
            lines.setdefault(prefix, number)
            continue
        key = _KEY.match(line)
        if key and not line.lstrip().startswith("#"):
            path = ".".join(_clean(p) for p in key.group(1).split("."))
            full = f"{prefix}.{path}" if prefix else path
            lines.setdefault(full, number)
    return lines


def _header_prefix(is_array: bool, dotted: str, counters: dict[str, int]) -> str:
    parts = [_clean(p) for p in dotted.split(".")]
    resolved: list[str] = []
    for depth, part in enumerate(parts):
        base = ".".join(resolved + [part])
        last = depth == len(parts) - 1
        if last and is_array:
            index = counters.get(base, -1) + 1
            counters[base] = index
            # a new array element resets the counters of arrays nested inside it
            for key in [k for k in counters if k.startswith(base + "[")]:
                del counters[key]
            resolved.append(f"{part}[{index}]")
        elif base in counters:
            resolved.append(f"{part}[{counters[base]}]")
        else:
            resolved.append(part)
    return ".".join(resolved)


def line_of(lines: dict[str, int], path: str) -> int | None:
    """The line of `path`, or of its nearest enclosing key or table."""
    while path:
        if path in lines:
            return lines[path]
        single = path.replace("[0]", "")  # `[campaign]` written where `[[campaign]]` belongs
        if single in lines:
            return lines[single]
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return None
