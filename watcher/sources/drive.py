"""The Google Drive source: one shared folder tree, read incrementally and gently.

The first poll (cursor None) takes a changes start-page token, then lists the whole tree.
Later polls read `changes.list` from the stored token (an idle poll is one request), keep
only what lies under the watched folder, and list afresh only folders that are new, moved
in, renamed or moved within the tree. A lost token, or a full reconciliation falling due,
means a full listing. Any failure raises SourceError: a partial view is never returned.

`incompleteSearch` is handled by asking again one folder at a time; if a single folder's
search is still incomplete the poll fails (see drive_listing).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import structlog

from watcher.i18n import t
from watcher.model import FileRecord
from watcher.sources.base import Delta, SourceError
from watcher.sources.drive_api import ApiFailure, Connection, DriveApi, Tally
from watcher.sources.drive_fetch import fetch as fetch_file
from watcher.sources.drive_ids import parse_folder_id
from watcher.sources.drive_listing import FILE_FIELDS, Lister, Listing
from watcher.sources.drive_tree import (
    FOLDER,
    SHORTCUT,
    Cursor,
    Resource,
    RootGone,
    StoredCursor,
    Tree,
    encode_cursor,
    note_targets,
    plan_changes,
    read_cursor,
    to_record,
)
from watcher.text import nfc

log = structlog.get_logger(__name__)

CHANGE_FIELDS = "nextPageToken,newStartPageToken,changes(changeType,fileId,removed,file({}))"
TOKEN_LOST = (400, 404, 410)


@dataclass(frozen=True)
class DriveSettings:
    """The top-level [drive] table of the config."""

    credentials_file: Path | None = None  # None: env GOOGLE_APPLICATION_CREDENTIALS
    subject: str | None = None  # a user to impersonate (domain-wide delegation)
    api_endpoint: str = "https://www.googleapis.com/drive/v3/"
    timeout_seconds: float = 60
    max_retries: int = 6
    full_resync_hours: float = 24  # a full listing at least this often heals any drift
    max_requests_per_second: float = 100  # one pace for every thread (Drive allows 200/s)
    download_threads: int = 16  # files downloaded at once, each thread its own client
    language: str = "vi"  # of what admins read (`describe`)


def _utc_now() -> datetime:
    return datetime.now(UTC)


class DriveSource:
    """The Source port for one Drive folder tree (see watcher.sources.base)."""

    def __init__(
        self,
        folder_id: str,
        settings: DriveSettings,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self.folder_id = parse_folder_id(folder_id)
        self.settings = settings
        self._clock = clock
        connection = Connection(
            settings.credentials_file,
            settings.subject,
            settings.api_endpoint,
            settings.timeout_seconds,
            settings.max_retries,
            settings.max_requests_per_second,
        )
        self.download_threads = max(1, settings.download_threads)
        self.api = DriveApi(connection, sleep=sleep)

    # --- the port ----------------------------------------------------------------------
    def changes(self, cursor: str | None) -> Delta:
        try:
            return self._changes(cursor)
        except ApiFailure as failure:
            raise SourceError(
                f"Google Drive refused the request: {failure}",
                key="source.drive_refused",
                values={"code": failure.code},
            ) from failure

    def _changes(self, cursor: str | None) -> Delta:
        tally = Tally()
        lister = Lister(self.api, tally)
        previous = read_cursor(cursor, self.folder_id) if cursor else None
        if cursor and previous is None:
            log.warning("drive.cursor_unreadable", folder=self.folder_id)
        if previous is None or self._reconciliation_due(previous.full_at):
            return self._full(lister, tally)
        try:
            return self._incremental(lister, tally, previous)
        except _TokenLost:
            log.warning("drive.token_lost", folder=self.folder_id)
            return self._full(lister, tally)

    def fetch(self, record: FileRecord, dest: Path, max_bytes: int) -> None:
        lister = Lister(self.api, Tally())
        try:
            fetch_file(lister, record, dest, max_bytes)
        except ApiFailure as failure:
            raise SourceError(
                f"cannot download {record.name!r}: {failure}",
                key="source.drive_download_refused",
                values={"name": record.name, "code": failure.code},
            ) from failure

    def describe(self) -> str:
        lister = Lister(self.api, Tally())
        root = self._root(lister)
        try:
            listing = lister.walk([self.folder_id])
        except ApiFailure as failure:
            raise SourceError(
                f"Google Drive refused to list the folder: {failure}",
                key="source.drive_list_refused",
                values={"code": failure.code},
            ) from failure
        return t(
            self.settings.language,
            "source.drive_describe",
            name=nfc(root.get("name", "")),
            id=self.folder_id,
            files=len(listing.files),
            folders=len(listing.folders),
            account=self.api.client_email,
        )

    # --- full listing --------------------------------------------------------------------
    def _full(self, lister: Lister, tally: Tally) -> Delta:
        token = self._start_token(lister)  # before listing: nothing between is missed
        self._root(lister)
        listing = Listing()
        tree = Tree(self.folder_id, listing.folders)  # a file's folders are known when it is
        listed: list[FileRecord | tuple[Resource, str]] = []
        paths: dict[str, tuple[str, ...]] = {}

        def found(resource: Resource, parent: str) -> None:
            """A file as it is listed: its record made at once, its raw resource let go (a
            shortcut's kept: its target is read once the listing is complete)."""
            tree.files[resource["id"]] = parent
            note_targets(tree, [resource])
            if resource.get("mimeType") == SHORTCUT:
                listed.append((resource, parent))
                return
            if parent not in paths:
                paths[parent] = tree.path(parent)
            listed.append(to_record(resource, paths[parent], None))

        lister.walk([self.folder_id], listing, found)
        records = [
            item if isinstance(item, FileRecord) else lister.records(tree, [item])[0]
            for item in listed
        ]
        listed.clear()
        cursor = Cursor(token, tree, self._clock())
        log.info(
            "drive.full_listing",
            folder=self.folder_id,
            files=len(records),
            folders=len(tree.folders),
            requests=tally.requests,
        )
        return Delta(
            full=True, files=records, cursor=encode_cursor(cursor), requests=tally.requests
        )

    def _reconciliation_due(self, full_at: datetime) -> bool:
        if self.settings.full_resync_hours <= 0:  # documented as "0 = never"
            return False
        every = timedelta(hours=self.settings.full_resync_hours)
        return self._clock() - full_at >= every

    def _start_token(self, lister: Lister) -> str:
        answer = self._call(
            lister,
            "changes.getStartPageToken",
            lambda s: s.changes().getStartPageToken(supportsAllDrives=True),
        )
        return str(answer["startPageToken"])

    def _root(self, lister: Lister) -> Resource:
        try:
            root = lister.get(self.folder_id, "id,name,mimeType,trashed")
        except ApiFailure as failure:
            if failure.status in (403, 404):
                raise self._not_shared(failure) from failure
            raise SourceError(
                f"cannot read the folder {self.folder_id}: {failure}",
                key="source.drive_folder_unreadable",
                values={"folder": self.folder_id, "code": failure.code},
            ) from failure
        if root.get("mimeType") != FOLDER:
            raise SourceError(
                f"{self.folder_id} ({root.get('name')!r}) is a file, not a folder",
                permanent=True,
                key="source.drive_not_folder",
                values={"folder": self.folder_id, "name": root.get("name")},
            )
        if root.get("trashed"):
            raise self._root_gone()
        return root

    def _not_shared(self, failure: ApiFailure) -> SourceError:
        return SourceError(
            f"folder {self.folder_id} not found or not shared with {self.api.client_email}: "
            f"{failure}",
            permanent=True,
            key="source.drive_not_shared",
            values={
                "folder": self.folder_id,
                "account": self.api.client_email,
                "code": failure.code,
            },
        )

    def _root_gone(self) -> SourceError:
        return SourceError(
            f"the watched folder {self.folder_id} is gone (deleted, trashed or unshared)",
            permanent=True,
            key="source.drive_gone",
            values={"folder": self.folder_id, "account": self.api.client_email},
        )

    # --- incremental ---------------------------------------------------------------------
    def _incremental(self, lister: Lister, tally: Tally, stored: StoredCursor) -> Delta:
        changes, token = self._read_changes(lister, stored.token)
        if not changes:  # the tree is as it was: neither decoded nor written again
            log.info("drive.changes", folder=self.folder_id, changed=0, requests=tally.requests)
            return Delta(full=False, cursor=stored.with_token(token), requests=tally.requests)
        previous = stored.decoded()
        if previous is None:
            log.warning("drive.cursor_unreadable", folder=self.folder_id)
            return self._full(lister, tally)
        try:
            plan = plan_changes(previous.tree, changes)
        except RootGone:
            raise self._root_gone() from None
        tree = plan.tree
        upserts = {resource["id"]: resource for resource in plan.upserts}
        if plan.relist:
            self._relist(lister, tree, plan.relist, upserts, plan.removed)
        for shortcut in plan.refresh:  # its target changed: re-read what it points to now
            if shortcut in tree.files and shortcut not in upserts:
                upserts[shortcut] = lister.get(shortcut)
        pairs = [(resource, tree.files[file_id]) for file_id, resource in upserts.items()]
        records = lister.records(tree, pairs)
        removed = sorted(plan.removed - upserts.keys())
        cursor = Cursor(token, tree, previous.full_at)
        log.info(
            "drive.changes",
            folder=self.folder_id,
            changed=len(records),
            removed=len(removed),
            relisted=len(plan.relist),
            requests=tally.requests,
        )
        return Delta(
            full=False,
            files=records,
            removed=removed,
            cursor=encode_cursor(cursor),
            requests=tally.requests,
        )

    def _read_changes(self, lister: Lister, token: str) -> tuple[list[Resource], str]:
        """Every page of changes since `token`, and the token to start from next time."""
        fields = CHANGE_FIELDS.format(FILE_FIELDS)
        changes: list[Resource] = []
        page_token = token
        while True:
            try:
                request = partial(_changes_request, token=page_token, fields=fields)
                page = self._call(lister, "changes.list", request)
            except ApiFailure as failure:
                if failure.status in TOKEN_LOST:
                    raise _TokenLost() from failure
                raise SourceError(f"Google Drive từ chối đọc thay đổi: {failure}") from failure
            changes.extend(page.get("changes", []))
            if page.get("newStartPageToken"):
                return changes, str(page["newStartPageToken"])
            page_token = page["nextPageToken"]

    def _relist(
        self,
        lister: Lister,
        tree: Tree,
        tops: list[str],
        upserts: dict[str, Resource],
        removed: set[str],
    ) -> None:
        """List `tops` afresh; their subtrees in `tree` become exactly what Drive has now."""
        stale = tree.subtree(tops) - set(tops)
        for folder_id in stale:
            del tree.folders[folder_id]
        listing: Listing = lister.walk(tops)
        tree.folders.update(listing.folders)
        covered = stale | set(tops) | set(listing.folders)
        for file_id in [f for f, parent in tree.files.items() if parent in covered]:
            del tree.files[file_id]
            upserts.pop(file_id, None)
            removed.add(file_id)
        for resource, parent in listing.files:
            tree.files[resource["id"]] = parent
            upserts[resource["id"]] = resource
        note_targets(tree, upserts.values(), removed)

    def _call(self, lister: Lister, what: str, make: Callable[[Any], Any]) -> Any:
        return self.api.call(lister.tally, what, lambda s: make(s).execute(num_retries=0))


class _TokenLost(Exception):
    pass


def _changes_request(service: Any, *, token: str, fields: str) -> Any:
    return service.changes().list(
        pageToken=token,
        pageSize=1000,
        fields=fields,
        includeRemoved=True,
        supportsAllDrives=True,
        includeItemsFromAllDrives=True,
        spaces="drive",
    )
