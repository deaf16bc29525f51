"""Verdicts keyed by content: the same bytes under the same name, MIME type and policy are
judged once. Verdicts also turn into plain dicts, for the store to keep between runs."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import astuple
from pathlib import PurePath
from typing import Any

from watcher.model import Finding, Role, Severity, Verdict
from watcher.validation.policy import ValidationPolicy

CHECKS_VERSION = "2"  # bump when a check changes, so stored verdicts are made again


def cache_key(content_hash: str, name: str, mime_type: str | None, policy: ValidationPolicy) -> str:
    """Only the name's extension matters to a verdict, so renames keep their cached verdict."""
    parts = (CHECKS_VERSION, content_hash, PurePath(name).suffix.casefold(), mime_type or "")
    material = repr(parts + astuple(policy)).encode("utf-8")
    return hashlib.sha256(material).hexdigest()


def verdict_to_dict(verdict: Verdict) -> dict[str, Any]:
    return {
        "role": verdict.role.value,
        "detected": verdict.detected,
        "text": verdict.text,
        "findings": [
            {"code": f.code, "severity": f.severity.value, "vi": f.message_vi, "en": f.message_en}
            for f in verdict.findings
        ],
    }


def verdict_from_dict(data: dict[str, Any]) -> Verdict:
    findings = tuple(
        Finding(item["code"], Severity(item["severity"]), item["vi"], item["en"])
        for item in data["findings"]
    )
    return Verdict(Role(data["role"]), findings, data.get("text", ""), data.get("detected", ""))


class VerdictCache:
    """A bounded in-memory LRU; the store can persist verdict_to_dict() under the same key."""

    def __init__(self, capacity: int = 10_000) -> None:
        self.capacity = capacity
        self._entries: OrderedDict[str, Verdict] = OrderedDict()

    def get(self, key: str) -> Verdict | None:
        verdict = self._entries.get(key)
        if verdict is not None:
            self._entries.move_to_end(key)
        return verdict

    def put(self, key: str, verdict: Verdict) -> None:
        self._entries[key] = verdict
        self._entries.move_to_end(key)
        while len(self._entries) > self.capacity:
            self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)
