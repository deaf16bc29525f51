"""Partial responses: Drive returns only the fields a request names in `fields`."""

from __future__ import annotations

from typing import Any

Mask = dict[str, "Mask | None"]  # None: the whole value


class FieldsError(ValueError):
    pass


def parse_mask(text: str) -> Mask:
    mask, position = _parse(text.replace(" ", ""), 0)
    if position != len(text.replace(" ", "")):
        raise FieldsError(f"Invalid field selection {text!r}")
    return mask


def _parse(text: str, position: int) -> tuple[Mask, int]:
    mask: Mask = {}
    while position < len(text) and text[position] != ")":
        end = position
        while end < len(text) and text[end] not in ",()":
            end += 1
        path = text[position:end].split("/")
        if not all(path):
            raise FieldsError(f"Invalid field selection {text!r}")
        sub: Mask | None = None
        if end < len(text) and text[end] == "(":
            sub, end = _parse(text, end + 1)
            if end >= len(text) or text[end] != ")":
                raise FieldsError(f"Invalid field selection {text!r}")
            end += 1
        _insert(mask, path, sub)
        position = end + 1 if end < len(text) and text[end] == "," else end
    return mask, position


def _insert(mask: Mask, path: list[str], sub: Mask | None) -> None:
    head, rest = path[0], path[1:]
    if not rest:
        mask[head] = sub
        return
    child = mask.get(head) or {}
    mask[head] = child
    _insert(child, rest, sub)


def apply_mask(value: Any, mask: Mask | None) -> Any:
    if mask is None or "*" in mask:
        return value
    if isinstance(value, list):
        return [apply_mask(element, mask) for element in value]
    if isinstance(value, dict):
        return {key: apply_mask(value[key], sub) for key, sub in mask.items() if key in value}
    return value
