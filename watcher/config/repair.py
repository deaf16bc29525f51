"""Patch a config that failed the schema just enough to keep checking the rest of it.

An admin who misspells one key must still hear about the bad e-mail address, the unknown
role and the duplicate period id in the same run. `repair` drops unknown keys and bad values
(the schema's default takes their place), wraps a single table or word where a list belongs
(`[campaign]` for `[[campaign]]`), and says which key paths now hold a stand-in, so the later
checks stay quiet about what was already reported.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any


def repair(
    data: dict[str, Any], errors: Sequence[tuple[list[Any], str, Any]]
) -> tuple[dict[str, Any], set[str]] | None:
    """(patched copy, key paths that hold a stand-in), or None when no patch is safe.

    `errors` are (location, pydantic error type, input) with union tags already removed.
    """
    patched = copy.deepcopy(data)
    stand_ins: set[str] = set()
    for loc, kind, value in errors:
        parent = _parent(patched, loc)
        name = loc[-1] if loc else None
        if parent is None or not isinstance(name, str) or name not in parent and kind != "missing":
            return None
        if kind == "extra_forbidden":
            del parent[name]
        elif kind == "list_type" and isinstance(value, dict | str):
            parent[name] = [value]
            if isinstance(value, str):
                stand_ins.add(key_path(loc))
        elif kind == "missing":
            parent[name] = ""
            stand_ins.add(key_path(loc))
        else:
            del parent[name]
            stand_ins.add(key_path(loc))
    return patched, stand_ins


def covered(key: str, stand_ins: set[str]) -> bool:
    """True when `key` is, holds or lies inside a key path that holds a stand-in."""
    return any(_inside(key, path) or _inside(path, key) for path in stand_ins)


def key_path(loc: Sequence[Any]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _inside(key: str, outer: str) -> bool:
    return key == outer or key.startswith((outer + ".", outer + "["))


def _parent(data: Any, loc: list[Any]) -> dict[str, Any] | None:
    node = data
    for part in loc[:-1]:
        if isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            continue
        if not (isinstance(node, dict) and isinstance(part, str) and part in node):
            return None
        node = node[part]
    return node if isinstance(node, dict) else None
