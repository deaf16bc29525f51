"""Listing folder trees on Drive: breadth-first, several parents per query, every page.

A level of the tree costs about (folders on it / GROUP) queries plus one per 1,000 items.
A grouped query that answers nothing, or says its search was incomplete, is asked again one
folder at a time: Drive has been seen to drop results of wide `or` queries. A single-folder
query that is still incomplete fails the listing: a partial listing is never returned.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import structlog

from watcher.model import FileRecord
from watcher.sources.base import SourceError
from watcher.sources.drive_api import ApiFailure, DriveApi, Tally
from watcher.sources.drive_tree import SHORTCUT, Resource, Tree, is_folder, to_record
from watcher.text import nfc

log = structlog.get_logger(__name__)

GROUP = 50  # parents per files.list query; ~2,500 characters, sent as POST by the client
PAGE_SIZE = 1000
FILE_FIELDS = (
    "id,name,mimeType,parents,trashed,size,md5Checksum,headRevisionId,version,createdTime,"
    "modifiedTime,owners(emailAddress),lastModifyingUser(emailAddress),webViewLink,"
    "shortcutDetails(targetId,targetMimeType)"
)
LIST_FIELDS = f"nextPageToken,incompleteSearch,files({FILE_FIELDS})"


@dataclass
class Listing:
    """What a breadth-first walk found under some folders."""

    folders: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (name, parent)
    files: list[tuple[Resource, str]] = field(default_factory=list)  # (resource, parent)


class Lister:
    def __init__(self, api: DriveApi, tally: Tally) -> None:
        self.api = api
        self.tally = tally

    def walk(
        self,
        tops: Iterable[str],
        listing: Listing | None = None,
        found: Callable[[Resource, str], None] | None = None,
    ) -> Listing:
        """Every folder and file under `tops`, breadth first. With `found`, each file is given
        to it as it is listed (its parent's folders are in `listing` by then) instead of
        being kept in `listing.files`: a province's raw resources are never all held."""
        listing = Listing() if listing is None else listing
        seen = set(tops)
        frontier = sorted(seen)
        while frontier:
            next_level: list[str] = []
            for group in _chunks(frontier, GROUP):
                for resource, parent in self._children(group):
                    if not is_folder(resource):
                        if found is None:
                            listing.files.append((resource, parent))
                        else:
                            found(resource, parent)
                    elif resource["id"] not in seen:
                        seen.add(resource["id"])
                        listing.folders[resource["id"]] = (nfc(resource.get("name", "")), parent)
                        next_level.append(resource["id"])
            frontier = next_level
        return listing

    def records(self, tree: Tree, files: Iterable[tuple[Resource, str]]) -> list[FileRecord]:
        """Records for listed files, shortcuts resolved to their targets (one request each)."""
        return [
            to_record(resource, tree.path(parent), self._target(resource))
            for resource, parent in files
        ]

    def get(self, file_id: str, fields: str = FILE_FIELDS) -> Resource:
        return dict(
            self.api.call(
                self.tally,
                "files.get",
                lambda s: (
                    s.files()
                    .get(fileId=file_id, fields=fields, supportsAllDrives=True)
                    .execute(num_retries=0)
                ),
            )
        )

    def _target(self, resource: Resource) -> Resource | None:
        if resource.get("mimeType") != SHORTCUT:
            return None
        target_id = resource.get("shortcutDetails", {}).get("targetId", "")
        try:
            target = self.get(target_id) if target_id else None
        except ApiFailure as failure:
            if failure.status not in (403, 404):
                name = resource.get("name")
                raise SourceError(
                    f"cannot read the target of the shortcut {name!r}: {failure}",
                    key="source.drive_shortcut",
                    values={"name": name, "code": failure.code},
                ) from None
            return None
        return None if target is None or target.get("trashed") else target

    def _children(self, parents: list[str]) -> list[tuple[Resource, str]]:
        items, incomplete = self._query(parents)
        if len(parents) > 1 and (incomplete or not items):
            if incomplete:
                log.info("drive.grouped_incomplete", parents=len(parents))
            return [pair for parent in parents for pair in self._children([parent])]
        if incomplete:
            raise SourceError(
                f"Google Drive reported incompleteSearch for the folder {parents[0]}",
                key="source.drive_incomplete",
                values={"folder": parents[0]},
            )
        wanted = set(parents)
        return [(item, _parent_among(item, wanted)) for item in items]

    def _query(self, parents: list[str]) -> tuple[list[Resource], bool]:
        terms = " or ".join(f"'{_quote(parent)}' in parents" for parent in parents)
        query = f"({terms}) and trashed = false"
        items: list[Resource] = []
        incomplete = False
        for page in self._pages(query):
            items.extend(page.get("files", []))
            incomplete = incomplete or bool(page.get("incompleteSearch"))
        return items, incomplete

    def _pages(self, query: str) -> Iterator[dict[str, Any]]:
        token: str | None = None
        while True:
            page = self.api.call(
                self.tally, "files.list", partial(_list_request, query=query, token=token)
            )
            yield page
            token = page.get("nextPageToken")
            if not token:  # short pages are normal: only a missing token ends the listing
                return


def _list_request(service: Any, *, query: str, token: str | None) -> Any:
    return (
        service.files()
        .list(
            q=query,
            pageSize=PAGE_SIZE,
            pageToken=token,
            fields=LIST_FIELDS,
            supportsAllDrives=True,
            includeItemsFromAllDrives=True,
            spaces="drive",
        )
        .execute(num_retries=0)
    )


def _parent_among(item: Resource, wanted: set[str]) -> str:
    return next((p for p in item.get("parents", []) if p in wanted), "")


def _quote(value: str) -> str:
    return value.replace("\\", "\\\\").replace("'", "\\'")


def _chunks(values: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
