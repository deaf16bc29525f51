"""The stand-in's in-memory Drive: items, revisions and the changes log."""

from __future__ import annotations

import hashlib
import itertools
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

FOLDER = "application/vnd.google-apps.folder"
SHORTCUT = "application/vnd.google-apps.shortcut"
GOOGLE_DOC = "application/vnd.google-apps.document"
GOOGLE_PREFIX = "application/vnd.google-apps."


@dataclass
class Item:
    id: str
    name: str
    mime_type: str
    parents: list[str]
    created: datetime
    modified: datetime
    content: bytes = b""
    export_content: bytes = b""  # what a Google Doc exports to (as .docx)
    version: int = 1
    revision: int = 1
    trashed: bool = False
    owner: str = "school@example.edu.vn"
    target: str | None = None  # shortcut target id

    def resource(self, store: Store) -> dict[str, Any]:
        resource: dict[str, Any] = {
            "kind": "drive#file",
            "id": self.id,
            "name": self.name,
            "mimeType": self.mime_type,
            "parents": list(self.parents),
            "trashed": self.trashed,
            "createdTime": _rfc3339(self.created),
            "modifiedTime": _rfc3339(self.modified),
            "version": str(self.version),
            "owners": [{"kind": "drive#user", "emailAddress": self.owner, "displayName": "x"}],
            "lastModifyingUser": {"kind": "drive#user", "emailAddress": self.owner},
            "webViewLink": f"https://drive.google.com/file/d/{self.id}/view?usp=drivesdk",
        }
        if not self.mime_type.startswith(GOOGLE_PREFIX):
            resource["size"] = str(len(self.content))
            resource["md5Checksum"] = hashlib.md5(self.content).hexdigest()
            resource["headRevisionId"] = f"rev{self.revision}-{self.id[:8]}"
        if self.target is not None:
            target = store.items.get(self.target)
            target_mime = target.mime_type if target else "application/pdf"
            resource["shortcutDetails"] = {"targetId": self.target, "targetMimeType": target_mime}
        return resource


@dataclass(frozen=True)
class Change:
    seq: int
    file_id: str
    time: datetime


@dataclass
class Store:
    """Everything the service account can see. Every mutation appends to the changes log."""

    items: dict[str, Item] = field(default_factory=dict)
    children: dict[str, dict[str, None]] = field(default_factory=dict)  # parent -> ids, ordered
    log: list[Change] = field(default_factory=list)
    oldest_token: int = 1  # tokens below this are "expired"
    lock: threading.RLock = field(default_factory=threading.RLock)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    now: datetime = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)

    # --- mutations -------------------------------------------------------------------
    def new_id(self) -> str:
        digest = hashlib.sha1(str(next(self._ids)).encode()).hexdigest()
        return "1" + digest[:32]

    def tick(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now

    def add(self, name: str, parent: str | None, mime_type: str, **values: Any) -> str:
        with self.lock:
            item_id = values.pop("id", None) or self.new_id()
            moment = self.tick()
            created = values.pop("created", moment)
            self.items[item_id] = Item(
                id=item_id,
                name=name,
                mime_type=mime_type,
                parents=[parent] if parent else [],
                created=created,
                modified=values.pop("modified", created),
                **values,
            )
            self._link(item_id)
            self._record(item_id)
            return item_id

    def update(self, item_id: str, **values: Any) -> None:
        """Change fields; `content` makes a new revision."""
        with self.lock:
            item = self.items[item_id]
            if "content" in values:
                item.revision += 1
                item.modified = values.pop("modified", self.tick())
            if "parents" in values:
                self._unlink(item_id)
            for key, value in values.items():
                setattr(item, key, value)
            self._link(item_id)
            item.version += 1
            self._record(item_id)

    def move(self, item_id: str, new_parent: str) -> None:
        self.update(item_id, parents=[new_parent])

    def trash(self, item_id: str) -> None:
        """Like Drive: the item and everything under it is trashed; each gets a change."""
        with self.lock:
            for descendant in [item_id, *self.descendants(item_id)]:
                self.update(descendant, trashed=True)

    def delete(self, item_id: str) -> None:
        with self.lock:
            for descendant in [*self.descendants(item_id), item_id]:
                self._unlink(descendant)
                del self.items[descendant]
                self._record(descendant)

    def descendants(self, folder_id: str) -> list[str]:
        found: list[str] = []
        frontier = [folder_id]
        while frontier:
            children = list(self.children.get(frontier.pop(), {}))
            found.extend(children)
            frontier.extend(children)
        return found

    def candidates(self, parents: frozenset[str] | None) -> list[Item]:
        """Items that may match a query narrowed to these parents (all items if None)."""
        if parents is None:
            return list(self.items.values())
        ids = {i: None for p in sorted(parents) for i in self.children.get(p, {})}
        return [self.items[i] for i in ids]

    def _link(self, item_id: str) -> None:
        for parent in self.items[item_id].parents:
            self.children.setdefault(parent, {})[item_id] = None

    def _unlink(self, item_id: str) -> None:
        for parent in self.items[item_id].parents:
            self.children.get(parent, {}).pop(item_id, None)

    def _record(self, item_id: str) -> None:
        self.log.append(Change(len(self.log) + 1, item_id, self.now))

    # --- changes feed ----------------------------------------------------------------
    def next_token(self) -> int:
        return len(self.log) + 1

    def changes_since(self, token: int) -> list[Change]:
        """The latest change of each file changed at or after `token`, oldest first."""
        latest: dict[str, Change] = {}
        for change in self.log[token - 1 :]:
            latest.pop(change.file_id, None)
            latest[change.file_id] = change
        return list(latest.values())


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
