"""The watched Drive tree as plain data, and the pure decisions about it.

Which folders are under the watched root, what a Drive resource becomes as a FileRecord,
what a batch of changes means for the tree: no I/O here. The cursor the pipeline stores
between polls is this tree serialised.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from watcher.model import FileRecord
from watcher.text import nfc

FOLDER = "application/vnd.google-apps.folder"
SHORTCUT = "application/vnd.google-apps.shortcut"
GOOGLE_DOC = "application/vnd.google-apps.document"
GOOGLE_PREFIX = "application/vnd.google-apps."
CURSOR_VERSION = 2  # a header line, then the tree; 1: one document (still read)

Resource = dict[str, Any]  # a Drive v3 File resource as the API returns it


class RootGone(Exception):
    """The watched folder itself was trashed, deleted or unshared."""


@dataclass
class Tree:
    """Folders under the watched root (root excluded) and the files known in them."""

    root: str
    folders: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (name, parent)
    files: dict[str, str] = field(default_factory=dict)  # file id -> parent folder id
    # shortcut id -> target id: a change to the target (often outside the tree) is a change
    # to the shortcut's content
    targets: dict[str, str] = field(default_factory=dict)

    def has_folder(self, folder_id: str) -> bool:
        return folder_id == self.root or folder_id in self.folders

    def path(self, folder_id: str) -> tuple[str, ...]:
        """Folder names from the root (exclusive) down to `folder_id` (inclusive)."""
        names: list[str] = []
        seen: set[str] = set()
        while folder_id != self.root and folder_id in self.folders and folder_id not in seen:
            seen.add(folder_id)
            name, folder_id = self.folders[folder_id]
            names.append(name)
        return tuple(reversed(names))

    def parent_in_tree(self, resource: Resource) -> str | None:
        return next((p for p in resource.get("parents", []) if self.has_folder(p)), None)

    def subtree(self, tops: Iterable[str]) -> set[str]:
        """The given folders and every folder under them."""
        children: dict[str, list[str]] = {}
        for folder_id, (_, parent) in self.folders.items():
            children.setdefault(parent, []).append(folder_id)
        found: set[str] = set()
        frontier = list(tops)
        while frontier:
            folder_id = frontier.pop()
            if folder_id not in found:
                found.add(folder_id)
                frontier.extend(children.get(folder_id, []))
        return found


@dataclass
class Cursor:
    token: str  # the changes start-page token to read from next
    tree: Tree
    full_at: datetime  # when the last full listing ran


def encode_cursor(cursor: Cursor) -> str:
    return _header(cursor.tree.root, cursor.token, cursor.full_at) + "\n" + _tree_text(cursor.tree)


def _header(root: str, token: str, full_at: datetime) -> str:
    fields = {"v": CURSOR_VERSION, "root": root, "token": token, "full_at": full_at.isoformat()}
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


def _tree_text(tree: Tree) -> str:
    by_parent: dict[str, list[str]] = {}
    for file_id, parent in tree.files.items():
        by_parent.setdefault(parent, []).append(file_id)
    return json.dumps(
        {
            "folders": {k: list(v) for k, v in tree.folders.items()},
            "files": by_parent,
            "targets": tree.targets,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


@dataclass(frozen=True)
class StoredCursor:
    """A cursor as stored, its tree still text: a poll with no changes (the token alone
    moves, or not) never decodes or re-encodes a province's folders and file ids."""

    root: str
    token: str
    full_at: datetime
    tree_text: str

    def with_token(self, token: str) -> str:
        return _header(self.root, token, self.full_at) + "\n" + self.tree_text

    def decoded(self) -> Cursor | None:
        try:
            return Cursor(self.token, _tree(self.root, json.loads(self.tree_text)), self.full_at)
        except (ValueError, KeyError, TypeError, AttributeError):
            return None


def read_cursor(text: str, root: str) -> StoredCursor | None:
    """The stored cursor with its tree left as text; None when it is unreadable, from another
    version or another folder. A version-1 cursor (one document) is read whole, once."""
    head, newline, tree_text = text.partition("\n")
    try:
        data = json.loads(head)
        if not newline:  # version 1: header and tree in one document
            old = decode_cursor(text, root)
            return None if old is None else read_cursor(encode_cursor(old), root)
        if data.get("v") != CURSOR_VERSION or data.get("root") != root:
            return None
        full_at = datetime.fromisoformat(data["full_at"])
        return StoredCursor(root, str(data["token"]), full_at, tree_text)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def decode_cursor(text: str, root: str) -> Cursor | None:
    """The cursor, or None when it is unreadable, from another version or another folder."""
    head, newline, tree_text = text.partition("\n")
    if newline:
        stored = read_cursor(text, root)
        return stored.decoded() if stored else None
    try:
        data = json.loads(head)
        if data.get("v") != 1 or data.get("root") != root:
            return None
        full_at = datetime.fromisoformat(data["full_at"])
        return Cursor(str(data["token"]), _tree(root, data), full_at)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def _tree(root: str, data: dict[str, Any]) -> Tree:
    folders = {k: (str(name), str(parent)) for k, (name, parent) in data["folders"].items()}
    files = {fid: parent for parent, ids in data["files"].items() for fid in ids}
    targets = {str(k): str(v) for k, v in data.get("targets", {}).items()}
    return Tree(root, folders, files, targets)


# --- resources to records ----------------------------------------------------------------
def is_folder(resource: Resource) -> bool:
    return resource.get("mimeType") == FOLDER


def shortcut_target(resource: Resource) -> str | None:
    if resource.get("mimeType") != SHORTCUT:
        return None
    return str(resource.get("shortcutDetails", {}).get("targetId", "")) or None


def note_targets(tree: Tree, resources: Iterable[Resource], removed: Iterable[str] = ()) -> None:
    """Keep `tree.targets` in step with the file resources now in the tree."""
    for file_id in removed:
        tree.targets.pop(file_id, None)
    for resource in resources:
        target = shortcut_target(resource)
        if target:
            tree.targets[str(resource["id"])] = target
        else:
            tree.targets.pop(str(resource["id"]), None)


def parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


def content_hash(resource: Resource) -> str | None:
    if resource.get("md5Checksum"):
        return str(resource["md5Checksum"])
    if resource.get("headRevisionId"):
        return str(resource["headRevisionId"])
    if resource.get("modifiedTime"):
        return f"{resource['modifiedTime']}#{resource.get('version', '')}"
    return None


def to_record(resource: Resource, folders: tuple[str, ...], target: Resource | None) -> FileRecord:
    """One file as the pipeline sees it. A shortcut keeps its own id and name and takes its
    target's type, size and hash (`target` None for a shortcut means it dangles)."""
    content, extra = _content_of(resource, target)
    owners = resource.get("owners") or [{}]
    owner = owners[0].get("emailAddress") or resource.get("lastModifyingUser", {}).get(
        "emailAddress"
    )
    size = content.get("size")
    return FileRecord(
        id=str(resource["id"]),
        name=nfc(str(resource.get("name", ""))),
        folders=folders,
        mime_type=str(content.get("mimeType", "")),
        size=int(size) if size is not None else None,
        content_hash=content_hash(content),
        created_at=parse_time(resource.get("createdTime")),
        modified_at=parse_time(content.get("modifiedTime") or resource.get("modifiedTime")),
        owner_email=owner,
        url=resource.get("webViewLink"),
        extra=extra,
    )


def _content_of(resource: Resource, target: Resource | None) -> tuple[Resource, dict[str, str]]:
    """Whose type, size and hash a record carries: the file's own, or a shortcut's target's."""
    extra = {"parent": str((resource.get("parents") or [""])[0])}
    if resource.get("mimeType") != SHORTCUT:
        return resource, extra
    details = resource.get("shortcutDetails", {})
    target_id = str(details.get("targetId", ""))
    extra["shortcut_target"] = target_id
    if target is not None:
        return target, extra
    extra["dangling"] = "1"
    mime_type = details.get("targetMimeType", SHORTCUT)
    return {"mimeType": mime_type, "md5Checksum": f"dangling:{target_id}"}, extra


# --- changes -----------------------------------------------------------------------------
@dataclass
class ChangePlan:
    """What a batch of changes means: the tree after it, the file resources now in the tree,
    the ids that left it, and the folders whose contents must be listed afresh (new, moved in,
    renamed or moved within the tree: their files' folder paths are not known otherwise).
    `refresh` are shortcuts in the tree whose target changed: their content must be re-read."""

    tree: Tree
    upserts: list[Resource]
    removed: set[str]
    relist: list[str]
    refresh: list[str] = field(default_factory=list)


def latest_changes(changes: Iterable[Resource]) -> list[Resource]:
    """One change per file id, the last one seen; drive-level changes dropped."""
    latest: dict[str, Resource] = {}
    for change in changes:
        if change.get("changeType", "file") == "file" and change.get("fileId"):
            latest.pop(change["fileId"], None)
            latest[change["fileId"]] = change
    return list(latest.values())


def _gone(change: Resource) -> bool:
    return bool(change.get("removed")) or bool(change.get("file", {}).get("trashed"))


def plan_changes(tree: Tree, changes: list[Resource]) -> ChangePlan:
    changes = latest_changes(changes)
    folders = _apply_folder_changes(tree, changes)
    after = Tree(tree.root, folders, {}, dict(tree.targets))
    relist = _moved_or_new(tree, after)
    removed: set[str] = set()
    for file_id, parent in tree.files.items():
        if after.has_folder(parent):
            after.files[file_id] = parent
        else:
            removed.add(file_id)
    upserts: list[Resource] = []
    for change in changes:
        file_id = change["fileId"]
        if file_id == tree.root or file_id in folders or file_id in tree.folders:
            continue
        resource = change.get("file") or {}
        if is_folder(resource):
            continue
        home = None if _gone(change) else after.parent_in_tree(resource)
        if home is None:
            if after.files.pop(file_id, None) is not None or file_id in tree.files:
                removed.add(file_id)
            continue
        after.files[file_id] = home
        removed.discard(file_id)
        upserts.append(resource)
    note_targets(after, upserts, removed)
    return ChangePlan(after, upserts, removed, relist, _stale_shortcuts(tree, after, changes))


def _stale_shortcuts(before: Tree, after: Tree, changes: list[Resource]) -> list[str]:
    """Shortcuts still in the tree whose target changed in this batch and that did not."""
    changed = {change["fileId"] for change in changes}
    return sorted(
        shortcut
        for shortcut, target in before.targets.items()
        if target in changed and shortcut not in changed and shortcut in after.files
    )


def _apply_folder_changes(tree: Tree, changes: list[Resource]) -> dict[str, tuple[str, str]]:
    candidates = dict(tree.folders)
    for change in changes:
        file_id = change["fileId"]
        resource = change.get("file") or {}
        if file_id == tree.root:
            if _gone(change):
                raise RootGone(file_id)
            continue
        if not (is_folder(resource) or file_id in tree.folders):
            continue
        if _gone(change) or not is_folder(resource):
            candidates.pop(file_id, None)
            continue
        parents = resource.get("parents") or [""]
        known = [p for p in parents if p == tree.root or p in candidates]
        candidates[file_id] = (nfc(str(resource.get("name", ""))), (known or parents)[0])
    return _reachable(tree.root, candidates)


def _reachable(root: str, candidates: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """Keep the folders whose chain of parents reaches the root (no cycles, no orphans)."""
    verdict: dict[str, bool] = {root: True}
    for start in candidates:
        chain: list[str] = []
        current = start
        while current not in verdict:
            if current not in candidates or current in chain:
                verdict[current] = False
                break
            chain.append(current)
            current = candidates[current][1]
        for folder_id in chain:
            verdict[folder_id] = verdict[current]
    return {k: v for k, v in candidates.items() if verdict.get(k)}


def _moved_or_new(before: Tree, after: Tree) -> list[str]:
    """Topmost folders that are new to the tree or whose name or parent changed."""
    changed = {
        folder_id
        for folder_id, entry in after.folders.items()
        if before.folders.get(folder_id) != entry
    }
    tops = []
    for folder_id in changed:
        parent = after.folders[folder_id][1]
        ancestors = set()
        while parent in after.folders and parent not in ancestors:
            ancestors.add(parent)
            parent = after.folders[parent][1]
        if not ancestors & changed:
            tops.append(folder_id)
    return sorted(tops)
